"""Meldcode pages: a trajectory through the five steps, acute/disclosure, the finalisation
rule, Veilig Thuis feedback with time travel, the aandachtsfunctionaris overview, bad input.
Each request writes exactly one access-log entry (or none when refused or invalid)."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.matrix_common import only_refusals
from tests.meldcode import helpers
from vangnet.audit.models import AccessEvent
from vangnet.meldcode import actions, queries
from vangnet.meldcode.models import (
    AceQuestionnaire,
    Addendum,
    Consultation,
    Conversation,
    FactorList,
    MeetingReferral,
    Report,
    Signal,
    Trajectory,
    Weighing,
)

pytestmark = pytest.mark.django_db


def last_id():
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def events_since(before):
    return list(AccessEvent.objects.filter(id__gt=before).order_by("id"))


def base(p):
    return f"/meldcode/gezin/{p.family.pk}/"


def turl(p, trajectory, rest=""):
    return f"{base(p)}traject/{trajectory.pk}/{rest}"


def d(days_ago=0):
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


# A whole trajectory through the pages ----------------------------------------------------------


def test_a_trajectory_through_the_five_steps(personas, as_user):
    p = personas
    client = as_user(p.case_worker)
    page = client.get(base(p))
    assert page.status_code == 200
    assert "Er is nog geen meldcodetraject" in page.content.decode()

    before = last_id()
    response = client.post(
        f"{base(p)}starten/",
        {"children": [p.child.pk], "started_on": d(5), "reason": "Zorgen van school."},
    )
    trajectory = Trajectory.objects.get(family=p.family)
    assert response.status_code == 302 and response.url.endswith(turl(p, trajectory))
    [event] = events_since(before)
    assert (event.action, event.object_type, event.part) == (
        "create",
        "meldcode_trajectory",
        "meldcode",
    )

    steps = [
        (
            "signaal/nieuw/",
            {
                "child": p.child.pk,
                "observed_on": d(5),
                "observed_by": "Juf Test (leerkracht)",
                "description": "Blauwe plek op de arm.",
                "category": "physical_abuse",
                "source": "school",
                "injury": "on",
                "finalise": "on",
                "confirm_final": "on",
            },
            Signal,
        ),
        (
            "consultatie/nieuw/",
            {
                "kind": "injury_expert",
                "consulted_on": d(4),
                "with_whom": "Forensisch arts Test",
                "advice": "Plek past niet bij de uitleg; meld bij Veilig Thuis.",
                "finalise": "on",
                "confirm_final": "on",
            },
            Consultation,
        ),
        (
            "gesprek/nieuw/",
            {
                "held": "yes",
                "held_on": d(3),
                "with_whom": "Moeder",
                "reaction": "Moeder was boos en ging weg.",
                "finalise": "on",
                "confirm_final": "on",
            },
            Conversation,
        ),
    ]
    for path, data, model in steps:
        before = last_id()
        response = client.post(turl(p, trajectory, path), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert model.objects.filter(trajectory=trajectory, finalised_at__isnull=False).exists()
        assert len(events_since(before)) == 1

    # The weighing: the form asks one question at a time.
    form = client.get(turl(p, trajectory, "afweging/nieuw/")).content.decode()
    assert 'name="q1"' in form and 'name="q2"' not in form
    form = client.post(
        turl(p, trajectory, "afweging/nieuw/"),
        {
            "weighed_on": d(2),
            "q1": "yes",
            "q1_rationale": "Letsel en uitleg passen niet.",
            "step": "next",
        },
    ).content.decode()
    assert 'name="q2"' in form and 'name="q3"' not in form
    assert "Structurele onveiligheid" in form  # acute and structural explained in plain words
    before = last_id()
    response = client.post(
        turl(p, trajectory, "afweging/nieuw/"),
        {
            "weighed_on": d(2),
            "q1": "yes",
            "q1_rationale": "Letsel en uitleg passen niet.",
            "q2": "structural",
            "q2_rationale": "Het gebeurde vaker.",
            "finalise": "on",
            "confirm_final": "on",
            "step": "save",
        },
    )
    assert response.status_code == 302
    weighing = Weighing.objects.get(trajectory=trajectory)
    assert weighing.outcome == "report_together" and weighing.is_final
    [event] = events_since(before)
    assert event.details["outcome"] == "report_together"

    page = client.get(turl(p, trajectory)).content.decode()
    assert "Melden bij Veilig Thuis" in page
    assert "leg de melding vast" in page  # step 5 says what is missing

    response = client.post(
        turl(p, trajectory, "melding/nieuw/"),
        {
            "reported_on": d(1),
            "vt_contact": "Medewerker VT Test",
            "vt_reference": "VT-123",
            "shared": "Signalen, consultatie, gesprek en afweging.",
            "family_informed": "yes",
            "finalise": "on",
            "confirm_final": "on",
        },
    )
    assert response.status_code == 302
    report = Report.objects.get(trajectory=trajectory)
    assert report.reported_by == p.case_worker
    assert report.feedback_due_on == actions.add_working_days(report.reported_on, 5)

    response = client.post(
        turl(p, trajectory, f"melding/{report.pk}/terugkoppeling/"),
        {
            "feedback_on": d(0),
            "decision": "closed_after_call",
            "summary": "VT belde oma en sloot af.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.feedback_decision == "closed_after_call"
    # VT closing after one phone call puts the family on the safety meeting's agenda.
    assert MeetingReferral.objects.filter(family=p.family, reason="vt_closed").exists()

    response = client.post(
        turl(p, trajectory, "afsluiten/"), {"closed_on": d(0), "reason": "Hulp loopt via VT."}
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert not trajectory.is_open and trajectory.closed_at_step == 5
    # A new trajectory can be started after closing; it links to the earlier one.
    client.post(f"{base(p)}starten/", {"children": [p.child.pk], "started_on": d(0)})
    assert Trajectory.objects.filter(family=p.family, previous=trajectory).exists()


def test_every_page_get_writes_one_entry(personas, as_user, mc):
    p = personas
    client = as_user(p.case_worker)
    t = mc.trajectory
    for url in [
        base(p),
        turl(p, t),
        turl(p, t, "signaal/nieuw/"),
        turl(p, t, "afweging/nieuw/"),
        turl(p, t, f"melding/{mc.report.pk}/terugkoppeling/"),
        turl(p, t, "ace/nieuw/"),
        turl(p, t, "factoren/nieuw/"),
        turl(p, t, f"signal/{mc.draft.pk}/bewerken/"),
        turl(p, t, f"signal/{mc.final.pk}/aanvulling/"),
    ]:
        before = last_id()
        assert client.get(url).status_code == 200, url
        [event] = events_since(before)
        assert event.part == "meldcode" and event.family_id == p.family.pk


def test_a_record_of_another_trajectory_or_family_is_not_found(personas, as_user, mc):
    p = personas
    client = as_user(p.case_worker)
    other = Trajectory.objects.create(
        family=helpers_other_family(p), started_on=date(2026, 1, 6), started_by=p.other_team
    )
    before = last_id()
    assert client.get(f"{base(p)}traject/{other.pk}/").status_code == 404
    assert client.get(turl(p, mc.trajectory, "onzin/1/bewerken/")).status_code == 404
    assert client.get(turl(p, mc.trajectory, f"report/{mc.final.pk}/aanvulling/")).status_code in (
        404,
        200,
    )
    assert client.get(turl(p, mc.trajectory, "signal/999999/bewerken/")).status_code == 404
    assert all(
        e.object_type != "meldcode_signal" or e.object_id != "999999" for e in events_since(before)
    )


def helpers_other_family(p):
    from tests.personas import make_family

    return make_family(p.team_b, p.other_team, name="Gezin Ander", reference="VN-TEST02")


# Acute unsafety and disclosure -------------------------------------------------------------------


def test_disclosure_shows_what_to_do_now_and_marks_the_family(personas, as_user, mc):
    p = personas
    client = as_user(p.case_worker)
    response = client.post(
        turl(p, mc.trajectory, "signaal/nieuw/"),
        {
            "child": p.child.pk,
            "observed_on": d(0),
            "observed_by": "Coach Test",
            "description": "Kind vertelt uit zichzelf dat oom aan hem zit.",
            "category": "sexual_abuse",
            "source": "child",
            "child_words": "Oom doet dingen die ik niet wil.",
            "disclosure": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "0800-2000" in page and "112" in page
    assert "niet verder doorvragen" in page
    referral = MeetingReferral.objects.get(family=p.family, reason="disclosure")
    assert referral.resolved_at is None and referral.raised_by == p.case_worker
    assert list(queries.open_meeting_referrals(p.team_a)) == [mc.referral, referral]
    assert list(queries.open_meeting_referrals(p.team_b)) == []
    # The family page shows it too.
    family_page = client.get(f"/gezinnen/{p.family.pk}/").content.decode()
    assert "Acuut" in family_page


def test_acute_weighing_marks_the_family_once(personas, mc):
    p = personas
    for _ in range(2):
        helpers.add(
            p, mc.trajectory, "weighing", True, **helpers.weighing_values(q1=True, q2="acute")
        )
    assert MeetingReferral.objects.filter(family=p.family, reason="acute").count() == 1
    assert queries.trajectory_file(mc.trajectory)["acute_referrals"]


def test_no_acute_box_without_acute_signals(personas, as_user, mc):
    page = as_user(personas.case_worker).get(turl(personas, mc.trajectory)).content.decode()
    assert "0800-2000" not in page
    assert "Gemarkeerd voor het veiligheidsoverleg" in page  # the Veilig Thuis mark


def test_a_mark_is_removed_after_the_meeting(personas, as_user, mc):
    p = personas
    helpers.add(p, mc.trajectory, "signal", True, **helpers.signal_values(p, acute=True))
    client = as_user(p.case_worker)
    assert "0800-2000" in client.get(turl(p, mc.trajectory)).content.decode()
    acute = MeetingReferral.objects.get(reason="acute")
    url = f"{base(p)}markering/{acute.pk}/afhandelen/"
    assert as_user(p.safeguarding).post(url).status_code == 403
    client = as_user(p.case_worker)
    before = last_id()
    assert client.post(url).status_code == 302
    [event] = events_since(before)
    assert (event.object_type, event.details["reason"]) == ("meldcode_referral", "acute")
    acute.refresh_from_db()
    assert acute.resolved_by == p.case_worker and acute.resolved_at is not None
    assert "0800-2000" not in client.get(turl(p, mc.trajectory)).content.decode()
    assert list(queries.open_meeting_referrals(p.team_a)) == [mc.referral]
    before = last_id()
    client.post(url)  # twice: refused, nothing logged
    assert events_since(before) == []


# Finalised records -----------------------------------------------------------------------------


def test_a_finalised_record_cannot_be_changed_only_supplemented(personas, as_user, mc):
    p = personas
    with pytest.raises(PermissionDenied):
        actions.do_update_record(
            actor=helpers.actor(p.case_worker),
            access=helpers.access(p),
            record=mc.final,
            version=mc.final.version,
            description="Overschreven",
        )
    client = as_user(p.case_worker)
    before = last_id()
    response = client.post(
        turl(p, mc.trajectory, f"signal/{mc.final.pk}/bewerken/"),
        {**_signal_post(p), "description": "Overschreven"},
    )
    assert "kan niet meer worden gewijzigd" in response.content.decode()
    assert Signal.objects.get(pk=mc.final.pk).description != "Overschreven"
    # The page shows the record: one logged read, no update.
    [event] = events_since(before)
    assert (event.action, event.object_type, event.object_id) == (
        "read",
        "meldcode_signal",
        str(mc.final.pk),
    )
    # The trajectory page offers no edit for it, only the addendum.
    page = client.get(turl(p, mc.trajectory)).content.decode()
    assert f"signal/{mc.final.pk}/bewerken/" not in page
    assert f"signal/{mc.final.pk}/aanvulling/" in page
    assert f"signal/{mc.draft.pk}/bewerken/" in page

    before = last_id()
    response = client.post(
        turl(p, mc.trajectory, f"signal/{mc.final.pk}/aanvulling/"),
        {"reason": "Nieuwe informatie van school", "text": "De plek was er vrijdag ook."},
    )
    assert response.status_code == 302
    addendum = Addendum.objects.get(record_kind="signal", record_id=mc.final.pk)
    assert addendum.written_by == p.case_worker and addendum.reason
    [event] = events_since(before)
    assert event.object_type == "meldcode_addendum"
    assert "De plek was er vrijdag ook." in client.get(turl(p, mc.trajectory)).content.decode()


def test_a_draft_can_be_changed_and_finalised(personas, as_user, mc):
    p = personas
    client = as_user(p.case_worker)
    response = client.post(
        turl(p, mc.trajectory, f"signal/{mc.draft.pk}/bewerken/"),
        {**_signal_post(p), "description": "Aangepast concept", "version": 1},
    )
    assert response.status_code == 302
    assert Signal.objects.get(pk=mc.draft.pk).description == "Aangepast concept"
    before = last_id()
    assert (
        client.post(turl(p, mc.trajectory, f"signal/{mc.draft.pk}/definitief/")).status_code == 302
    )
    assert Signal.objects.get(pk=mc.draft.pk).is_final
    assert len(events_since(before)) == 1
    # Finalising twice: refused, nothing logged.
    before = last_id()
    client.post(turl(p, mc.trajectory, f"signal/{mc.draft.pk}/definitief/"))
    assert events_since(before) == []
    # An addendum is for final records only.
    draft = helpers.add(
        p,
        mc.trajectory,
        "consultation",
        False,
        kind="colleague",
        consulted_on=timezone.localdate(),
        with_whom="Collega",
        advice="x",
    )
    with pytest.raises(ValidationError):
        actions.do_add_addendum(
            actor=helpers.actor(p.case_worker),
            access=helpers.access(p),
            record=draft,
            reason="r",
            text="t",
        )


def test_finalised_report_feedback_is_recorded_once(personas, mc):
    p = personas
    kwargs = dict(
        actor=helpers.actor(p.case_worker),
        access=helpers.access(p),
        report=mc.report,
        feedback_on=timezone.localdate(),
        decision="investigation",
        summary="Onderzoek.",
    )
    actions.do_record_feedback(**kwargs)
    with pytest.raises(ValidationError):
        actions.do_record_feedback(**kwargs)


def _signal_post(p):
    return {
        "child": p.child.pk,
        "observed_on": d(1),
        "observed_by": "Juf Test",
        "description": "Blauwe plek.",
        "category": "physical_abuse",
        "source": "school",
    }


# Veilig Thuis feedback: five working days, overdue with time travel --------------------------


def test_overdue_feedback_with_time_travel(personas, as_user):
    p = personas
    # Friday 20 November 2026: five working days later is Friday 27 November.
    with time_machine.travel(datetime(2026, 11, 20, 10, 0, tzinfo=timezone.get_current_timezone())):
        trajectory = helpers.start(p, started_on=date(2026, 11, 16))
        report = helpers.add(p, trajectory, "report", True, **helpers.report_values(p))
        assert report.feedback_due_on == date(2026, 11, 27)
    tz = timezone.get_current_timezone()
    with time_machine.travel(datetime(2026, 11, 27, 16, 0, tzinfo=tz)):
        report.refresh_from_db()
        assert not report.feedback_overdue(timezone.localdate())
        page = as_user(p.case_worker).get(f"/gezinnen/{p.family.pk}/").content.decode()
        assert "Te laat" not in page
    with time_machine.travel(datetime(2026, 11, 30, 9, 0, tzinfo=tz)):
        assert report.feedback_overdue(timezone.localdate())
        client = as_user(p.case_worker)
        family_page = client.get(f"/gezinnen/{p.family.pk}/").content.decode()
        assert "Te laat" in family_page
        page = client.get(turl(p, trajectory)).content.decode()
        assert "Terugkoppeling van Veilig Thuis is te laat" in page
        overview = as_user(p.safeguarding).get("/meldcode/overzicht/")
        assert overview.context["overdue"] == [report]
    # Feedback recorded: no longer overdue.
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=tz)):
        actions.do_record_feedback(
            actor=helpers.actor(p.case_worker),
            access=helpers.access(p),
            report=report,
            feedback_on=date(2026, 12, 1),
            decision="safety_assessment",
            summary="Veiligheidsbeoordeling gestart.",
        )
        report.refresh_from_db()
        assert not report.feedback_overdue(timezone.localdate())


def test_a_rereport_links_to_the_first(personas, as_user, mc):
    p = personas
    client = as_user(p.case_worker)
    form = client.get(turl(p, mc.trajectory, f"melding/nieuw/?opnieuw={mc.report.pk}"))
    assert form.context["form"].initial["previous"] == mc.report.pk
    response = client.post(
        turl(p, mc.trajectory, "melding/nieuw/"),
        {
            "reported_on": d(0),
            "vt_contact": "VT Test",
            "shared": "Hulp werkt niet; opnieuw gemeld.",
            "family_informed": "no",
            "not_informed_reason": "Vader dreigt.",
            "previous": mc.report.pk,
        },
    )
    assert response.status_code == 302
    assert Report.objects.get(previous=mc.report).not_informed_reason == "Vader dreigt."


# ACE and factors -------------------------------------------------------------------------------


def test_ace_questionnaire_scores_zero_to_ten(personas, as_user, mc):
    p = personas
    client = as_user(p.case_worker)
    data = {"subject": p.child.pk, "answered_by": "Testouder (moeder)", "answered_on": d(0)}
    answers = {f"item_{n}": ("yes" if n in (1, 2, 7) else "no") for n in range(1, 11)}
    before = last_id()
    response = client.post(turl(p, mc.trajectory, "ace/nieuw/"), {**data, **answers})
    assert response.status_code == 302
    ace = AceQuestionnaire.objects.get()
    assert ace.score == 3 and ace.answers[:3] == [True, True, False]
    assert ace.answered_by == "Testouder (moeder)" and ace.recorded_by == p.case_worker
    [event] = events_since(before)
    assert event.person_id == p.child.pk
    # All no: 0; all yes: 10.
    for value, score in (("no", 0), ("yes", 10)):
        client.post(
            turl(p, mc.trajectory, "ace/nieuw/"),
            {**data, **{f"item_{n}": value for n in range(1, 11)}},
        )
        assert AceQuestionnaire.objects.order_by("-id").first().score == score
    # One unanswered item: refused, next to the field.
    response = client.post(turl(p, mc.trajectory, "ace/nieuw/"), {**data, **answers, "item_10": ""})
    assert response.status_code == 200
    assert "Kies ja of nee." in response.content.decode()
    assert AceQuestionnaire.objects.count() == 3


def test_factors_checklist(personas, as_user, mc):
    p = personas
    client = as_user(p.case_worker)
    response = client.post(
        turl(p, mc.trajectory, "factoren/nieuw/"),
        {
            "assessed_on": d(0),
            "factors_parents": ["parent_addiction"],
            "factors_child": ["child_young"],
            "factors_environment": ["env_network"],
            "notes_family": "Jongste is 11 maanden.",
        },
    )
    assert response.status_code == 302
    factors = FactorList.objects.get()
    assert factors.factors == ["child_young", "env_network", "parent_addiction"]
    page = client.get(turl(p, mc.trajectory)).content.decode()
    assert "Jongste is 11 maanden." in page
    response = client.post(
        turl(p, mc.trajectory, "factoren/nieuw/"),
        {"assessed_on": d(0), "factors_child": ["verzonnen"]},
    )
    assert response.status_code == 200 and FactorList.objects.count() == 1


# Bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "data", "field", "message"),
    [
        ("signaal/nieuw/", {}, "description", "Dit veld is verplicht."),
        ("signaal/nieuw/", {"observed_on": "31-02-2026"}, "observed_on", "Geef een geldige datum."),
        (
            "gesprek/nieuw/",
            {"held": "no"},
            "skip_reason",
            "Kies waarom het gesprek niet is gevoerd.",
        ),
        ("gesprek/nieuw/", {"held": "yes"}, "held_on", "Geef de datum van het gesprek."),
        (
            "melding/nieuw/",
            {"reported_on": d(0), "vt_contact": "x", "shared": "y", "family_informed": "no"},
            "not_informed_reason",
            "Leg uit waarom het gezin het niet is verteld.",
        ),
        (
            "afweging/nieuw/",
            {"weighed_on": d(0), "q1": "yes", "step": "save"},
            "q1_rationale",
            "Leg uit waarom je dit antwoord geeft.",
        ),
        (
            "afweging/nieuw/",
            {"weighed_on": d(0), "q1": "yes", "q1_rationale": "x", "step": "save"},
            "q2",
            "Maak een keuze.",
        ),
        (
            "consultatie/nieuw/",
            {"kind": "colleague", "consulted_on": d(-3), "with_whom": "x", "advice": "y"},
            "consulted_on",
            "Deze datum kan niet in de toekomst liggen.",
        ),
        (
            "signaal/nieuw/",
            {**{"child": 999999}},
            "child",
            "Kies een kind uit dit gezin.",
        ),
    ],
)
def test_bad_input_is_shown_next_to_the_field(personas, as_user, mc, path, data, field, message):
    p = personas
    client = as_user(p.case_worker)
    counts = [m.objects.count() for m in (Signal, Consultation, Conversation, Weighing, Report)]
    before = last_id()
    response = client.post(turl(p, mc.trajectory, path), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html, html[:3000]
    assert message in html
    # Nothing saved, but the page shows family data again: one logged read.
    [event] = events_since(before)
    assert (event.action, event.part, event.family_id) == ("read", "meldcode", p.family.pk)
    assert counts == [
        m.objects.count() for m in (Signal, Consultation, Conversation, Weighing, Report)
    ]


def test_start_twice_and_closed_trajectory(personas, as_user, mc):
    p = personas
    client = as_user(p.case_worker)
    response = client.post(f"{base(p)}starten/", {"children": [p.child.pk], "started_on": d(0)})
    assert response.status_code == 200
    assert "al een open meldcodetraject" in response.content.decode()
    assert Trajectory.objects.count() == 1
    response = client.post(turl(p, mc.trajectory, "afsluiten/"), {"closed_on": d(0), "reason": ""})
    assert response.status_code == 200 and Trajectory.objects.get().is_open
    client.post(turl(p, mc.trajectory, "afsluiten/"), {"closed_on": d(0), "reason": "Geen zorgen."})
    before = last_id()
    response = client.post(turl(p, mc.trajectory, "signaal/nieuw/"), _signal_post(p))
    assert response.status_code == 200
    assert [e.action for e in events_since(before)] == ["read"]
    assert "Dit traject is afgesloten" in response.content.decode()


def test_reader_and_safeguarding_lead_cannot_write(personas, as_user, mc):
    p = personas
    for who in (p.read_only, p.safeguarding):
        client = as_user(who)
        before = last_id()
        assert (
            client.post(turl(p, mc.trajectory, "signaal/nieuw/"), _signal_post(p)).status_code
            == 403
        )
        assert (
            client.post(turl(p, mc.trajectory, f"signal/{mc.draft.pk}/definitief/")).status_code
            == 403
        )
        assert set(only_refusals(events_since(before))) <= {"denied"}
        page = client.get(turl(p, mc.trajectory)).content.decode()
        assert "signaal/nieuw/" not in page and "bewerken/" not in page
    assert as_user(p.other_team).get(turl(p, mc.trajectory)).status_code == 404


# The aandachtsfunctionaris overview -----------------------------------------------------------


def test_overview_for_the_safeguarding_lead(personas, as_user, mc):
    p = personas
    client = as_user(p.safeguarding)
    before = last_id()
    response = client.get("/meldcode/overzicht/")
    assert response.status_code == 200
    [event] = events_since(before)
    assert event.object_type == "meldcode_overview" and event.details["families"] == [p.family.pk]
    html = response.content.decode()
    assert p.family.name in html and "Meldcode-overzicht" in html
    assert response.context["open_count"] == 1
    steps = {n: rows for n, _t, rows in response.context["by_step"]}
    assert [t.pk for t in steps[2]] == [mc.trajectory.pk]
    assert steps[2][0].days_open == 10
    # A period without reports.
    later = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.get(f"/meldcode/overzicht/?period_from={later}")
    assert response.context["reports"] == []
    # A period that ends before it starts: error next to the field, all reports shown.
    response = client.get(f"/meldcode/overzicht/?period_from={later}&period_to={d(0)}")
    assert "Het einde van de periode" in response.content.decode()


def test_overview_link_only_for_safeguarding_leads(personas, as_user):
    assert (
        "/meldcode/overzicht/" in as_user(personas.safeguarding).get("/gezinnen/").content.decode()
    )
    assert (
        "/meldcode/overzicht/"
        not in as_user(personas.case_worker).get("/gezinnen/").content.decode()
    )
    assert as_user(personas.case_worker).get("/meldcode/overzicht/").status_code == 404


def test_family_page_shows_the_meldcode_section(personas, as_user, mc):
    p = personas
    before = last_id()
    page = as_user(p.case_worker).get(f"/gezinnen/{p.family.pk}/").content.decode()
    assert len(events_since(before)) == 1  # the section adds no entry of its own
    assert "Stap 2" in page and f"/meldcode/gezin/{p.family.pk}/" in page


# Every write route: one access-log entry, of the right kind ---------------------------------


def _post_cases(p, mc):
    t = mc.trajectory
    return [
        (turl(p, t, "signaal/nieuw/"), _signal_post(p), "create", "meldcode_signal"),
        (
            turl(p, t, "consultatie/nieuw/"),
            {"kind": "colleague", "consulted_on": d(0), "with_whom": "Collega", "advice": "x"},
            "create",
            "meldcode_consultation",
        ),
        (
            turl(p, t, "gesprek/nieuw/"),
            {"held": "no", "skip_reason": "no_contact", "skip_explanation": "Gezin onbereikbaar."},
            "create",
            "meldcode_conversation",
        ),
        (
            turl(p, t, "afweging/nieuw/"),
            {"weighed_on": d(0), "q1": "no", "q1_rationale": "Geen vermoeden.", "step": "save"},
            "create",
            "meldcode_weighing",
        ),
        (
            turl(p, t, "melding/nieuw/"),
            {"reported_on": d(0), "vt_contact": "VT", "shared": "x", "family_informed": "yes"},
            "create",
            "meldcode_report",
        ),
        (
            turl(p, t, f"melding/{mc.report.pk}/terugkoppeling/"),
            {"feedback_on": d(0), "decision": "investigation", "summary": "Onderzoek."},
            "update",
            "meldcode_report",
        ),
        (
            turl(p, t, f"signal/{mc.draft.pk}/bewerken/"),
            {**_signal_post(p), "version": 1},
            "update",
            "meldcode_signal",
        ),
        (turl(p, t, f"signal/{mc.draft.pk}/definitief/"), {}, "update", "meldcode_signal"),
        (
            turl(p, t, f"signal/{mc.final.pk}/aanvulling/"),
            {"reason": "Correctie", "text": "Datum was een dag eerder."},
            "create",
            "meldcode_addendum",
        ),
        (
            turl(p, t, "factoren/nieuw/"),
            {"assessed_on": d(0), "factors_environment": ["env_help"]},
            "create",
            "meldcode_factors",
        ),
        (
            turl(p, t, "afsluiten/"),
            {"closed_on": d(0), "reason": "Geen zorgen meer."},
            "update",
            "meldcode_trajectory",
        ),
    ]


def test_every_write_route_logs_one_entry(personas, as_user, mc):
    p = personas
    client = as_user(p.case_worker)
    for url, data, action, object_type in _post_cases(p, mc):
        before = last_id()
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:1500])
        [event] = events_since(before)
        assert (event.action, event.object_type, event.part) == (action, object_type, "meldcode")
        assert event.family_id == p.family.pk and event.channel == "web"


def test_a_draft_weighing_is_changed_with_the_step_by_step_form(personas, as_user, mc):
    p = personas
    weighing = helpers.add(
        p, mc.trajectory, "weighing", False, **helpers.weighing_values(q1=True, q2="structural")
    )
    client = as_user(p.case_worker)
    url = turl(p, mc.trajectory, f"weighing/{weighing.pk}/bewerken/")
    response = client.get(url)
    assert response.context["form"].initial["q2"] == "structural"
    assert 'name="q2"' in response.content.decode()
    # Change question 2 to "no unsafety": question 3 appears, the decision waits for it.
    page = client.post(
        url,
        {
            "weighed_on": d(1),
            "q1": "yes",
            "q1_rationale": "x",
            "q2": "none",
            "q2_rationale": "y",
            "step": "next",
            "version": weighing.version,
        },
    ).content.decode()
    assert 'name="q3"' in page
    response = client.post(
        url,
        {
            "weighed_on": d(1),
            "q1": "yes",
            "q1_rationale": "x",
            "q2": "none",
            "q2_rationale": "y",
            "q3": "no",
            "q3_rationale": "Geen passende hulp beschikbaar.",
            "step": "save",
            "version": weighing.version,
        },
    )
    assert response.status_code == 302
    weighing.refresh_from_db()
    assert (weighing.q2, weighing.q3, weighing.outcome) == ("none", False, "report")


def test_destroying_the_file_removes_its_meldcode_records(personas, mc):
    from vangnet.families.actions import do_destroy_family
    from vangnet.families.models import Family

    helpers.add(
        personas,
        mc.trajectory,
        "report",
        True,
        **helpers.report_values(personas, previous=mc.report),
    )
    helpers.add(
        personas, mc.trajectory, "weighing", True, **helpers.weighing_values(q1=True, q2="acute")
    )
    Family.objects.filter(pk=personas.family.pk).update(retention_until=date(2020, 1, 1))
    personas.family.refresh_from_db()
    do_destroy_family(actor=helpers.actor(personas.admin), family=personas.family)
    assert not Trajectory.objects.exists() and not Signal.objects.exists()
    assert not Report.objects.exists() and not MeetingReferral.objects.exists()


def test_overview_queries_do_not_grow_with_the_number_of_trajectories(personas, mc):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.personas import make_family
    from vangnet.audit.context import Actor

    def count():
        with CaptureQueriesContext(connection) as queries_run:
            queries.overview(Actor.cli(personas.safeguarding))
        return len(queries_run)

    one = count()
    for n in range(3):
        family = make_family(
            personas.team_a, personas.case_worker, name=f"Gezin Extra {n}", reference=f"VN-EXT0{n}"
        )
        t = Trajectory.objects.create(
            family=family, started_on=date(2026, 1, 6), started_by=personas.case_worker
        )
        Report.objects.create(
            trajectory=t,
            recorded_by=personas.case_worker,
            reported_on=date(2026, 1, 7),
            reported_by=personas.case_worker,
            vt_contact="VT",
            shared="x",
            family_informed=True,
            feedback_due_on=date(2026, 1, 14),
        )
    assert count() == one


# Finalising asks for confirmation --------------------------------------------------------------


def test_finalise_sits_next_to_save_and_needs_the_confirmation(personas, as_user, mc):
    p = personas
    client = as_user(p.case_worker)
    edit = turl(p, mc.trajectory, f"signal/{mc.draft.pk}/bewerken/")
    body = client.get(edit).content.decode()
    # The finalise button and its box come after "save", at the end of the form.
    start = body.rindex("<form", 0, body.index('name="confirm_final"'))
    form = body[start : body.index("</form>", start)]
    assert form.index('name="finalise"') > form.index('<button type="submit">')
    assert form.index('name="confirm_final"') > form.index('class="actions"')
    # Finalising without ticking the box: an error at the box, nothing saved.
    before = last_id()
    response = client.post(
        edit, {**_signal_post(p), "description": "Gewijzigd", "version": 1, "finalise": "on"}
    )
    assert response.status_code == 200
    assert 'id="id_confirm_final_error"' in response.content.decode()
    draft = Signal.objects.get(pk=mc.draft.pk)
    assert not draft.is_final and draft.description != "Gewijzigd"
    assert [e.action for e in events_since(before)] == ["read"]
    # With the box ticked: saved and finalised in one POST.
    response = client.post(
        edit,
        {
            **_signal_post(p),
            "description": "Gewijzigd",
            "version": 1,
            "finalise": "on",
            "confirm_final": "on",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_final and draft.description == "Gewijzigd"
    # The box alone (plain "save") keeps a new record a draft.
    response = client.post(
        turl(p, mc.trajectory, "signaal/nieuw/"), {**_signal_post(p), "confirm_final": "on"}
    )
    assert response.status_code == 302
    assert not Signal.objects.order_by("-id").first().is_final


def test_the_finalise_link_asks_are_you_sure(personas, as_user, mc):
    p = personas
    client = as_user(p.case_worker)
    finalise = turl(p, mc.trajectory, f"signal/{mc.draft.pk}/definitief/")
    # The trajectory page links to the question; it does not finalise with one click.
    page = client.get(turl(p, mc.trajectory)).content.decode()
    assert f'href="{finalise}"' in page
    assert f'action="{finalise}"' not in page
    before = last_id()
    response = client.get(finalise)
    assert response.status_code == 200
    assert "Weet je het zeker?" in response.content.decode()
    assert not Signal.objects.get(pk=mc.draft.pk).is_final
    [event] = events_since(before)
    assert event.action == "read" and event.object_type == "meldcode_signal"
    # A final record: the page says so and offers no button.
    body = client.get(turl(p, mc.trajectory, f"signal/{mc.final.pk}/definitief/")).content
    assert f'action="{turl(p, mc.trajectory, f"signal/{mc.final.pk}/definitief/")}"' not in (
        body.decode()
    )
    # Confirming finalises (the existing POST, its own entry).
    before = last_id()
    assert client.post(finalise).status_code == 302
    assert Signal.objects.get(pk=mc.draft.pk).is_final
    assert [e.action for e in events_since(before)] == ["update"]
    # Outsiders 404, readers 403, on the question as on the POST.
    assert as_user(p.other_team).get(finalise).status_code == 404
    assert as_user(p.read_only).get(finalise).status_code == 403
