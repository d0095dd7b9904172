"""The gathering of agenda inputs from the database: one source at a time, and together."""

from datetime import date, datetime, time, timedelta

import time_machine
from django.utils import timezone

from vangnet.families.models import Contact
from vangnet.meetings import engine, signals
from vangnet.meetings.models import MeetingAction, ReviewCadence
from vangnet.meldcode.models import MeetingReferral, Report, Trajectory
from vangnet.safety.models import Evaluation, SafetyPlan, ScalingScore

DAY = date(2026, 3, 10)


def at(day):
    return timezone.make_aware(datetime.combine(day, time(9)))


def test_each_source(personas):
    f = personas.family
    user = personas.case_worker
    plan = SafetyPlan.objects.create(family=f)
    for offset, score in ((60, 6), (30, 5), (2, 3)):
        ScalingScore.objects.create(
            plan=plan,
            user=user,
            score=score,
            reason="x",
            scored_on=DAY - timedelta(days=offset),
            recorded_by=user,
        )
    Evaluation.objects.create(plan=plan, scheduled_on=DAY - timedelta(days=5))
    Evaluation.objects.create(plan=plan, scheduled_on=DAY + timedelta(days=5))
    trajectory = Trajectory.objects.create(
        family=f, started_on=DAY - timedelta(days=40), started_by=user
    )
    Report.objects.create(
        trajectory=trajectory,
        recorded_by=user,
        reported_on=DAY - timedelta(days=30),
        reported_by=user,
        vt_contact="Medewerker VT",
        shared="Zorgen",
        family_informed=True,
        feedback_due_on=DAY - timedelta(days=3),
    )
    MeetingReferral.objects.create(
        family=f,
        reason="disclosure",
        source="signal:1",
        raised_by=user,
        raised_at=at(DAY - timedelta(days=1)),
    )
    MeetingAction.objects.create(
        family=f, description="x", owner=user, due_on=DAY - timedelta(days=1), created_by=user
    )
    MeetingAction.objects.create(
        family=f, description="y", owner=user, due_on=DAY + timedelta(days=1), created_by=user
    )
    Contact.objects.create(
        family=f, occurred_on=DAY - timedelta(days=4), kind="phone", reached=False, recorded_by=user
    )
    with time_machine.travel(at(DAY - timedelta(days=20)), tick=False):
        ReviewCadence.objects.create(
            family=f, interval_days=14, reason="x", valid_from=DAY - timedelta(days=20), set_by=user
        )

    ids = [f.pk]
    assert signals.scaling(ids, DAY, 3) == {f.pk: (6, 5, 3)}
    assert signals.plan_evaluations(ids, DAY) == {f.pk: DAY - timedelta(days=5)}
    assert signals.overdue_vt_feedback(ids, DAY) == {f.pk: DAY - timedelta(days=3)}
    assert signals.open_referrals(ids, DAY) == {
        f.pk: [engine.Referral("disclosure", DAY - timedelta(days=1))]
    }
    assert signals.overdue_actions(ids, DAY) == {f.pk: 1}
    assert signals.last_contacts(ids, DAY) == {f.pk: date(2026, 1, 10)}  # not reached: ignored
    assert signals.cadence_due(ids, DAY) == {f.pk: DAY - timedelta(days=20)}

    found = signals.team_signals(personas.team_a.pk, DAY, engine.Thresholds())
    codes = [r.code for r in engine.candidate(found[0], DAY, engine.Thresholds()).reasons]
    assert codes == [
        "disclosure",
        "vt_feedback_overdue",
        "scaling_drop",
        "no_contact",
        "due",
        "plan_evaluation_overdue",
        "overdue_actions",
    ]


def test_closed_families_are_not_candidates(personas):
    personas.family.status = "closed"
    personas.family.save()
    assert signals.team_signals(personas.team_a.pk, DAY, engine.Thresholds()) == []


def test_referral_discussed_since_is_not_open(personas, runner):
    with time_machine.travel(at(DAY - timedelta(days=15)), tick=False):
        MeetingReferral.objects.create(
            family=personas.family,
            reason="acute",
            source="signal:2",
            raised_by=personas.case_worker,
        )
    with time_machine.travel(at(DAY - timedelta(days=14)), tick=False):
        meeting = runner.create(DAY - timedelta(days=14))
        runner.start(meeting)
        runner.decide(meeting, personas.family)
    assert signals.open_referrals([personas.family.pk], DAY) == {}
