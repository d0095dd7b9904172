"""From the safety app's snapshot (draft and version) to the review, and the texts in Dutch."""

import pytest
from django.utils import translation

from tests.safety.helpers import build_plan
from vangnet.review.adapter import plan_data, review_draft, review_version
from vangnet.review.data import INSUFFICIENT, NEEDS_WORK
from vangnet.review.engine import review
from vangnet.review.texts import STATUS_LABELS, TEXTS, describe
from vangnet.safety.models import Agreement, SignOff
from vangnet.safety.snapshot import plan_snapshot

pytestmark = pytest.mark.django_db


def test_snapshot_to_plan_data(personas):
    data = build_plan(personas)
    plan = plan_data(plan_snapshot(data.plan))
    danger = plan.dangers[0]
    assert danger.id == f"danger-{data.danger.pk}"
    assert danger.whose == "vader"
    assert danger.behaviour == "slaat Testkind met zijn hand"
    assert danger.children == (personas.child.first_name,)
    assert danger.impact == "Testkind is bang en slaapt slecht"
    assert plan.goals[0].parents_agreed is False
    a = plan.agreements[0]
    assert a.id == f"agreement-{data.agreement.pk}"
    assert a.situation == "stress"
    assert a.network_people and not a.professionals
    assert a.monitor
    assert plan.mapping[0].category == "exception"
    assert plan.mapping[0].contributor == "parent"
    assert plan.confirmed_safety_persons == 1
    assert plan.required_safety_persons == 1  # "Minstens 1 veiligheidspersoon."
    assert plan.steps == 1


def test_professionals_are_told_apart_from_the_network(personas):
    data = build_plan(personas)
    extra = Agreement.objects.create(
        plan=data.plan,
        what="De gezinscoach komt elke donderdag om 16.00 uur.",
        situation="after_school",
        when="donderdag 16.00 uur",
        how="Zij belt aan en praat met moeder.",
        fallback="De teamleider komt als zij ziek is.",
        monitor_user=personas.case_worker,
        frequency="elke week",
    )
    extra.professionals.set([personas.team_member])
    plan = plan_data(plan_snapshot(data.plan))
    a = next(x for x in plan.agreements if x.id == f"agreement-{extra.pk}")
    assert a.network_people == ()
    assert len(a.professionals) == 1
    assert a.when == "donderdag 16.00 uur"


def test_review_draft(personas):
    data = build_plan(personas)
    result = review_draft(data.plan)
    found = {f.code for f in result.findings}
    assert "goal_not_agreed" in found  # nobody recorded an agreement date
    assert "no_next_evaluation" not in found  # an evaluation is planned in 28 days
    # The child was heard (a Three Houses talk), the story is not approved yet.
    assert "children_not_heard" not in found
    assert "child_version_not_approved" in found
    assert not found & {"child_view_missing", "child_version_not_recorded"}
    assert "too_few_safety_persons" not in found
    assert "professionals_not_signed" not in found  # a draft has no sign-offs
    assert result.status == NEEDS_WORK  # important points, nothing critical


def test_review_version_uses_its_snapshot_and_signoffs(personas):
    data = build_plan(personas)
    before = {f.code for f in review_version(data.version).findings}
    assert "professionals_not_signed" in before
    # later changes to the draft do not change the version's review
    data.agreement.monitor_user = None
    data.agreement.save()
    SignOff.objects.create(
        plan_version=data.version,
        user=personas.case_worker,
        name="x",
        signed_on=data.step.target_on,
        method="in_person",
        recorded_by=personas.case_worker,
    )
    after = {f.code for f in review_version(data.version).findings}
    assert "agreement_no_monitor" not in after
    assert "professionals_not_signed" not in after
    assert "agreement_no_monitor" in {f.code for f in review_draft(data.plan).findings}


def test_every_code_has_texts_and_dutch():
    from vangnet.review import engine

    with open(engine.__file__, encoding="utf-8") as f:
        source = f.read()
    from vangnet.review.engine import READABILITY_SEVERITY
    from vangnet.review.vague import KINDS

    generated = {f"vague_{k}" for k in KINDS} | {f"b1_{k}" for k in READABILITY_SEVERITY}
    assert generated <= set(TEXTS)
    for code in set(TEXTS) - generated:
        assert f'"{code}"' in source
    with translation.override("nl"):
        for what, why, fix in TEXTS.values():
            assert str(what) and str(why) and str(fix)
        assert str(STATUS_LABELS[INSUFFICIENT]) == "Nog geen veiligheidsplan"


def test_describe_in_dutch_with_numbers(personas):
    from vangnet.review.data import PlanData

    finding = next(
        f
        for f in review(PlanData(confirmed_safety_persons=1, required_safety_persons=3)).findings
        if f.code == "too_few_safety_persons"
    )
    with translation.override("nl"):
        text = describe(finding)
    assert text["what"] == (
        "Te weinig bevestigde veiligheidspersonen uit het eigen netwerk: 1 van 3."
    )
    assert text["severity_label"] == "Kritiek"
    assert text["how_to_fix"].startswith("Zoek met het gezin")


def test_harm_disagreement_and_signs_from_the_snapshot(personas):
    from vangnet.safety.models import DangerStatement, Disagreement, SafetyGoal

    data = build_plan(personas)
    SafetyGoal.objects.filter(pk=data.goal.pk).update(parents_agreed_on=data.step.target_on)
    Disagreement.objects.create(
        plan=data.plan,
        person=personas.parent,
        goal=data.goal,
        text="Dat hoeft niet.",
        recorded_on=data.disagreement.recorded_on,
    )
    plan = plan_data(plan_snapshot(data.plan))
    assert plan.harms[0].id == f"harm-{data.harm.pk}"
    assert plan.harms[0].what == data.harm.what
    assert plan.harms[0].children == (personas.child.first_name,)
    danger = plan.dangers[0]
    assert danger.fear == "Testkind ernstig gewond raakt"
    assert danger.harms == (f"harm-{data.harm.pk}",)
    assert plan.goals[0].disputed_by == (("Testouder Fictief", "parent"),)
    assert plan.agreements[0].danger == f"danger-{data.danger.pk}"
    assert plan.warning_signs[0].belongs_to == f"agreement-{data.agreement.pk}"
    found = {f.code for f in review(plan).findings}
    assert "goal_agreed_but_disputed" in found
    assert not found & {"danger_restates_harm", "danger_no_harm", "danger_no_warning_sign"}

    DangerStatement.objects.filter(pk=data.danger.pk).update(
        fear="vader Testkind in het gezicht heeft geslagen"
    )
    data.plan.refresh_from_db()
    result = review_draft(data.plan)
    restates = [f for f in result.findings if f.code == "danger_restates_harm"]
    assert restates and restates[0].element == f"danger-{data.danger.pk}"
    with translation.override("nl"):
        assert describe(restates[0])["what"].startswith("De gevaarsformulering vertelt wat er")
