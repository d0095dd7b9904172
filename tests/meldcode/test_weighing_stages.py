"""The afwegingskader over time: a first weighing, questions 3 and 4 with Veilig Thuis after
a report (report *and* keep helping), question 5 only at an evaluation, a disclosure that
counts as acute. Every complete path through the actions, the pages and the API gives the
method's outcome."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from tests.meldcode import helpers
from tests.meldcode.test_afwegingskader import PATHS
from tests.test_api import api  # noqa: F401
from vangnet.audit.models import AccessEvent
from vangnet.meldcode import actions, queries
from vangnet.meldcode import afwegingskader as ak
from vangnet.meldcode.models import Weighing

pytestmark = pytest.mark.django_db

Y, N = True, False


def day(offset):
    return timezone.localdate() + timedelta(days=offset)


def weigh(p, trajectory, stage=ak.FIRST, finalise=True, weighed_on=None, **values):
    answers = {k: v for k, v in values.items() if k.startswith("q") and len(k) == 2}
    values = {**helpers.weighing_values(**answers), **values, "stage": stage}
    if weighed_on:
        values["weighed_on"] = weighed_on
    return helpers.add(p, trajectory, "weighing", finalise, **values)


def report(p, trajectory, reported_on=None):
    return helpers.add(
        p, trajectory, "report", True, **helpers.report_values(p, reported_on=reported_on)
    )


def errors(caught) -> dict:
    return caught.value.message_dict


@pytest.fixture
def trajectory(personas):
    return helpers.start(personas, started_on=day(-30))


# The path the method calls most common: report, and go on helping ---------------------------


@translation.override("en")
def test_report_and_keep_helping(personas, trajectory):
    p = personas
    first = weigh(p, trajectory, q1=Y, q2="structural", weighed_on=day(-20))
    assert first.outcome == ak.REPORT_TOGETHER
    steps = queries.trajectory_steps(trajectory)
    assert any("record the report" in m for m in steps["missing"][5])

    # Questions 3 and 4 with Veilig Thuis need the report first.
    with pytest.raises(ValidationError) as caught:
        weigh(p, trajectory, ak.WITH_VEILIG_THUIS, q3=Y, q4=Y, vt_contact="Anna (VT)")
    assert "stage" in errors(caught)

    made = report(p, trajectory, reported_on=day(-19))
    steps = queries.trajectory_steps(trajectory)
    assert any("together with Veilig Thuis" in m for m in steps["missing"][5])
    assert actions.weighing_context(trajectory).stages == (ak.WITH_VEILIG_THUIS, ak.FIRST)

    with pytest.raises(ValidationError) as caught:
        weigh(p, trajectory, ak.WITH_VEILIG_THUIS, q3=Y, q4=Y, weighed_on=day(-18))
    assert "vt_contact" in errors(caught)
    with pytest.raises(ValidationError) as caught:
        weigh(p, trajectory, ak.WITH_VEILIG_THUIS, q3=Y, q4=Y, vt_contact="Anna (VT)")
    assert "help_evaluate_on" in errors(caught)

    together = weigh(
        p,
        trajectory,
        ak.WITH_VEILIG_THUIS,
        q3=Y,
        q4=Y,
        vt_contact="Anna (VT)",
        weighed_on=day(-18),
        help_evaluate_on=day(-2),
    )
    assert together.outcome == ak.REPORT_AND_HELP
    assert together.report == made and together.vt_contact == "Anna (VT)"
    assert (together.q1, together.q2, together.q5) == (None, "", None)
    entry = AccessEvent.objects.filter(object_type="meldcode_weighing").order_by("-id")[0]
    assert entry.details["stage"] == ak.WITH_VEILIG_THUIS
    assert entry.details["outcome"] == "report_and_help"
    # The report has been weighed with Veilig Thuis: it cannot carry a second such weighing.
    assert actions.weighing_context(trajectory).stages == (ak.EVALUATION, ak.FIRST)

    evaluation = weigh(p, trajectory, ak.EVALUATION, q5=Y, weighed_on=day(-1))
    assert evaluation.outcome == ak.CLOSE_WITH_MONITORING
    steps = queries.trajectory_steps(trajectory)
    assert any("close the trajectory" in m for m in steps["missing"][5])


@translation.override("en")
def test_when_veilig_thuis_closes_after_a_call_the_team_weighs_again(personas, trajectory):
    p = personas
    weigh(p, trajectory, q1=Y, q2="structural", weighed_on=day(-20))
    made = report(p, trajectory, reported_on=day(-19))
    actions.do_record_feedback(
        actor=helpers.actor(p.case_worker),
        access=helpers.access(p),
        report=made,
        feedback_on=day(-15),
        decision="closed_after_call",
        summary="Eén keer met oma gebeld; dossier gesloten.",
    )
    missing = queries.trajectory_steps(trajectory)["missing"][5]
    assert any("weigh again from question 1" in m for m in missing)
    assert not any("together with Veilig Thuis" in m for m in missing)
    again = weigh(
        p, trajectory, q1=Y, q2="none", q3=Y, q4=Y, weighed_on=day(-14), help_evaluate_on=day(30)
    )
    assert again.outcome == ak.HELP


def test_veilig_thuis_takes_over_when_help_is_not_possible(personas, trajectory):
    p = personas
    weigh(p, trajectory, q1=Y, q2="acute", weighed_on=day(-5))
    report(p, trajectory, reported_on=day(-6))  # acute: called before writing it down
    together = weigh(
        p, trajectory, ak.WITH_VEILIG_THUIS, q3=Y, q4=N, vt_contact="Bas (VT)", weighed_on=day(-4)
    )
    assert together.outcome == ak.VT_TAKES_OVER and together.help_evaluate_on is None
    assert actions.weighing_context(trajectory).stages == (ak.FIRST,)


def test_an_old_report_does_not_open_a_weighing_with_veilig_thuis(personas, trajectory):
    """Veilig Thuis closed the first report; the team weighed again and decided to report
    again: a new report is needed before questions 3 and 4 are weighed with Veilig Thuis."""
    p = personas
    weigh(p, trajectory, q1=Y, q2="structural", weighed_on=day(-20))
    report(p, trajectory, reported_on=day(-19))
    weigh(p, trajectory, q1=Y, q2="none", q3=Y, q4=N, weighed_on=day(-10))
    assert actions.weighing_context(trajectory).stages == (ak.FIRST,)
    report(p, trajectory, reported_on=day(-9))
    assert actions.weighing_context(trajectory).stages[0] == ak.WITH_VEILIG_THUIS


# Question 5 only at an evaluation -------------------------------------------------------------


def test_question_5_is_not_part_of_a_first_weighing(personas, trajectory):
    with pytest.raises(ValidationError) as caught:
        weigh(personas, trajectory, q1=Y, q2="none", q3=Y, q4=Y, q5=Y, help_evaluate_on=day(30))
    assert "q5" in errors(caught)


def test_an_evaluation_needs_an_earlier_decision_for_help(personas, trajectory):
    p = personas
    with pytest.raises(ValidationError) as caught:
        weigh(p, trajectory, ak.EVALUATION, q5=Y)
    assert "stage" in errors(caught)
    # A draft decision for help is not a decision.
    weigh(p, trajectory, q1=Y, q2="none", q3=Y, q4=Y, help_evaluate_on=day(30), finalise=False)
    with pytest.raises(ValidationError) as caught:
        weigh(p, trajectory, ak.EVALUATION, q5=Y)
    assert "stage" in errors(caught)


def test_an_early_evaluation_needs_a_reason(personas, trajectory):
    p = personas
    weigh(p, trajectory, q1=Y, q2="none", q3=Y, q4=Y, weighed_on=day(-10), help_evaluate_on=day(20))
    with pytest.raises(ValidationError) as caught:
        weigh(p, trajectory, ak.EVALUATION, q5=N, weighed_on=day(-1))
    assert "early_reason" in errors(caught)
    evaluation = weigh(
        p,
        trajectory,
        ak.EVALUATION,
        q5=N,
        weighed_on=day(-1),
        early_reason="Nieuw incident: vader sloeg opnieuw.",
    )
    assert evaluation.outcome == ak.REREPORT
    assert evaluation.early_reason.startswith("Nieuw incident")


def test_an_evaluation_on_its_date_needs_no_reason_and_keeps_none(personas, trajectory):
    p = personas
    weigh(p, trajectory, q1=Y, q2="none", q3=Y, q4=Y, weighed_on=day(-20), help_evaluate_on=day(-2))
    evaluation = weigh(
        p, trajectory, ak.EVALUATION, q5=Y, weighed_on=day(-1), early_reason="Niet nodig."
    )
    assert evaluation.outcome == ak.CLOSE_WITH_MONITORING and evaluation.early_reason == ""


def test_a_weighing_cannot_be_dated_before_the_previous_one(personas, trajectory):
    p = personas
    weigh(p, trajectory, q1=Y, q2="none", q3=Y, q4=Y, weighed_on=day(-5), help_evaluate_on=day(-1))
    with pytest.raises(ValidationError) as caught:
        weigh(p, trajectory, ak.EVALUATION, q5=Y, weighed_on=day(-6))
    assert "weighed_on" in errors(caught)


def test_finalising_a_draft_checks_again_what_the_trajectory_allows(personas, trajectory):
    p = personas
    weigh(p, trajectory, q1=Y, q2="none", q3=Y, q4=Y, weighed_on=day(-10), help_evaluate_on=day(-3))
    draft = weigh(p, trajectory, ak.EVALUATION, q5=Y, weighed_on=day(-1), finalise=False)
    # Meanwhile a colleague weighed again from question 1 and closed it.
    weigh(p, trajectory, q1=N, weighed_on=day(-2))
    with pytest.raises(ValidationError):
        actions.do_finalise_record(
            actor=helpers.actor(p.case_worker), access=helpers.access(p), record=draft
        )
    assert not Weighing.objects.get(pk=draft.pk).is_final


# A disclosure counts as acute -----------------------------------------------------------------


def test_a_disclosure_makes_no_unsafety_need_an_explicit_reason(personas, trajectory):
    p = personas
    helpers.add(p, trajectory, "signal", False, **helpers.signal_values(p, disclosure=True))
    # A draft signal is not yet part of the file's facts.
    weigh(p, trajectory, q1=Y, q2="none", q3=Y, q4=Y, help_evaluate_on=day(30), finalise=False)
    helpers.add(p, trajectory, "signal", True, **helpers.signal_values(p, disclosure=True))
    with pytest.raises(ValidationError) as caught:
        weigh(p, trajectory, q1=Y, q2="none", q3=Y, q4=Y, help_evaluate_on=day(30))
    assert "disclosure_reason" in errors(caught)
    reason = "Het kind vertelde over een ruzie van jaren geleden; vader woont elders."
    weighing = weigh(
        p,
        trajectory,
        q1=Y,
        q2="none",
        q3=Y,
        q4=Y,
        help_evaluate_on=day(30),
        disclosure_reason=reason,
    )
    assert weighing.disclosure_reason == reason
    acute = weigh(p, trajectory, q1=Y, q2="acute", disclosure_reason="Niet nodig.")
    assert acute.disclosure_reason == ""


def test_the_weighing_page_shows_the_acute_guidance_after_a_disclosure(
    personas, as_user, trajectory
):
    p = personas
    helpers.add(p, trajectory, "signal", True, **helpers.signal_values(p, disclosure=True))
    url = f"/meldcode/gezin/{p.family.pk}/traject/{trajectory.pk}/afweging/nieuw/"
    html = as_user(p.case_worker).get(url).content.decode()
    assert "0800-2000" in html and 'name="disclosure_reason"' not in html  # q2 not asked yet
    page = as_user(p.case_worker).post(
        url, {"weighed_on": day(0), "q1": "yes", "q1_rationale": "x", "step": "next"}
    )
    html = page.content.decode()
    assert 'name="disclosure_reason"' in html and "Centrum Seksueel Geweld" in html
    response = as_user(p.case_worker).post(
        url,
        {
            "weighed_on": day(0),
            "q1": "yes",
            "q1_rationale": "x",
            "q2": "none",
            "q2_rationale": "y",
            "q3": "no",
            "q3_rationale": "z",
        },
    )
    assert response.status_code == 200 and not Weighing.objects.exists()
    assert 'id="id_disclosure_reason_error"' in response.content.decode()


# Every complete path, through the pages and the API -------------------------------------------

COMPLETE = [(stage, answers, outcome) for stage, answers, outcome, _a, _n in PATHS if outcome]


def _prepare(p, trajectory, stage):
    """The earlier records a weighing of this stage needs."""
    if stage == ak.WITH_VEILIG_THUIS:
        weigh(p, trajectory, q1=Y, q2="both", weighed_on=day(-9))
        report(p, trajectory, reported_on=day(-8))
    elif stage == ak.EVALUATION:
        weigh(
            p, trajectory, q1=Y, q2="none", q3=Y, q4=Y, weighed_on=day(-9), help_evaluate_on=day(-1)
        )


def _form(stage, answers) -> dict:
    data = {"stage": stage, "weighed_on": day(0).isoformat(), "vt_contact": "Anna (VT)"}
    for question, answer in answers.items():
        if question == 2:
            data["q2"] = "structural" if answer else "none"
        else:
            data[f"q{question}"] = "yes" if answer else "no"
        data[f"q{question}_rationale"] = f"Reden {question}."
    data["help_evaluate_on"] = day(40).isoformat()
    return data


@pytest.mark.parametrize(("stage", "answers", "outcome"), COMPLETE)
def test_every_path_through_the_pages(personas, as_user, trajectory, stage, answers, outcome):
    p = personas
    _prepare(p, trajectory, stage)
    url = f"/meldcode/gezin/{p.family.pk}/traject/{trajectory.pk}/afweging/nieuw/"
    client = as_user(p.case_worker)
    page = client.get(url).content.decode()
    assert f'value="{stage}"' in page
    if stage == ak.WITH_VEILIG_THUIS:  # the note names the report this weighing follows
        assert "Medewerker Veilig Thuis Test" in page
    if stage == ak.EVALUATION:  # and the date the help was to be evaluated
        assert 'name="early_reason"' in page and day(-1).strftime("%d-%m-%Y") in page
    response = client.post(url, {**_form(stage, answers), "finalise": "on", "confirm_final": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    weighing = Weighing.objects.filter(trajectory=trajectory).latest("id")
    assert (weighing.stage, weighing.outcome, weighing.is_final) == (stage, outcome, True)
    assert weighing.result.outcome == outcome


@pytest.mark.parametrize(("stage", "answers", "outcome"), COMPLETE)
def test_every_path_through_the_api(personas, api, trajectory, stage, answers, outcome):  # noqa: F811
    p = personas
    _prepare(p, trajectory, stage)
    body = {"stage": stage, "weighed_on": day(0).isoformat(), "vt_contact": "Anna (VT)"}
    for question, answer in answers.items():
        body[f"q{question}"] = ("acute" if answer else "none") if question == 2 else answer
        body[f"q{question}_rationale"] = f"Reden {question}."
    body["help_evaluate_on"] = day(40).isoformat()
    response = api("case_worker").post(
        f"/families/{p.family.pk}/meldcode/{trajectory.pk}/weighings", body
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["stage"], data["outcome"]) == (stage, outcome)
    assert data["follow_up"] == ak.FOLLOW_UP.get(outcome)
    assert data["help_evaluate_on"] == (
        body["help_evaluate_on"] if outcome in ak.HELP_OUTCOMES else None
    )


def test_the_api_refuses_question_5_in_a_first_weighing(personas, api, trajectory):  # noqa: F811
    p = personas
    body = {"weighed_on": day(0).isoformat(), "q1": True, "q1_rationale": "a", "q2": "none"}
    body.update(q2_rationale="b", q3=True, q3_rationale="c", q4=True, q4_rationale="d")
    body.update(q5=True, q5_rationale="e", help_evaluate_on=day(30).isoformat())
    response = api("case_worker").post(
        f"/families/{p.family.pk}/meldcode/{trajectory.pk}/weighings", body
    )
    assert response.status_code == 422
    assert "q5" in str(response.json())
    assert not Weighing.objects.exists()


def test_a_meldcode_record_restarts_the_retention_term(personas, trajectory):
    from vangnet.families.models import Family

    p = personas
    Family.objects.filter(pk=p.family.pk).update(retention_until=day(-400))
    weigh(p, trajectory, q1=N)
    family = Family.objects.get(pk=p.family.pk)
    assert family.retention_until > day(365 * 19)  # kept for years after this change
