"""Replay of the Donovan case (seed 000) through the real actions and agenda generation.

Donovan is discussed six times in a little over three months at the biweekly meeting
(acute start, report to Veilig Thuis, contact with grandmother nearly lost, safety plan,
improvement), after which the team moves him to once every four weeks. All names are
fictional.
"""

import itertools
from datetime import date, datetime, time, timedelta

import time_machine
from django.utils import timezone

from tests.personas import make_family
from vangnet.families.models import Contact
from vangnet.meetings import actions
from vangnet.meetings.models import Discussion, ReviewCadence
from vangnet.meldcode.models import MeetingReferral

FIRST = date(2026, 2, 3)  # a Tuesday; the team meets every two weeks
MEETINGS = [FIRST + timedelta(days=14 * n) for n in range(12)]


def travel(day):
    return time_machine.travel(timezone.make_aware(datetime.combine(day, time(9, 0))), tick=False)


def contact(family, day, user):
    Contact.objects.create(family=family, occurred_on=day, kind="home_visit", recorded_by=user)


def agenda_of(meeting):
    return {
        item.family_id: [r["code"] for r in item.reasons]
        for item in meeting.items.filter(removed=False)
    }


def test_donovan_replay(personas, runner):
    coach = personas.case_worker
    # Keep the personas' own family quiet: contact every week.
    with travel(date(2026, 1, 20)):
        donovan = make_family(
            personas.team_a, coach, name="Gezin Donovan (fictief)", reference="VN-DON001"
        )
    for week in range(30):
        contact(personas.family, date(2026, 1, 27) + timedelta(days=7 * week), coach)
    contact(donovan, date(2026, 1, 30), coach)

    on_agenda = []
    reasons_seen = {}

    def meeting_on(day, build):
        with travel(day):
            meeting = runner.create(day)
            agenda = agenda_of(meeting)
            if donovan.pk in agenda:
                on_agenda.append(day)
                reasons_seen[day] = agenda[donovan.pk]
            runner.start(meeting)
            for family_id in agenda:
                if family_id != donovan.pk:
                    runner.decide(meeting, personas.family)
            if donovan.pk in agenda:
                build(meeting)
            runner.finalise(meeting)

    # Week 0: mother suddenly at the door; meldcode marks Donovan for the next meeting.
    with travel(date(2026, 2, 2)):
        MeetingReferral.objects.create(
            family=donovan, reason="acute", source="signal:1", raised_by=coach
        )

    def week0(meeting):
        runner.decide(meeting, donovan, "report_vt", "Overleg met en melding bij Veilig Thuis.")
        runner.add_action(
            meeting, donovan, "Melding doen bij Veilig Thuis", coach, FIRST + timedelta(days=3)
        )

    meeting_on(MEETINGS[0], week0)
    report = donovan.meeting_actions.get()
    with travel(FIRST + timedelta(days=2)):
        actions.do_complete_action(
            actor=runner.actor, family_access=runner.family(donovan), action=report, version=1
        )
    contact(donovan, FIRST + timedelta(days=2), coach)

    # Week 2: due by the default cadence of two weeks.
    meeting_on(MEETINGS[1], lambda m: runner.decide(m, donovan))

    # Week 4: VT only phoned grandmother and closed the file; contact is being lost.
    def week4(meeting):
        runner.decide(meeting, donovan, "other", "Intensief contact zoeken met oma.")
        runner.add_action(
            meeting, donovan, "Contact herstellen met oma", coach, MEETINGS[2] + timedelta(days=5)
        )

    meeting_on(MEETINGS[2], week4)
    for week in range(20):
        contact(donovan, MEETINGS[2] + timedelta(days=3 + 7 * week), coach)
    restore = donovan.meeting_actions.get(done_on__isnull=True)
    with travel(MEETINGS[2] + timedelta(days=4)):
        actions.do_complete_action(
            actor=runner.actor, family_access=runner.family(donovan), action=restore, version=1
        )

    # Week 6: contact restored, a safety plan is being made: next review in four weeks.
    def week6(meeting):
        runner.decide(meeting, donovan)
        runner.next_review(meeting, donovan, MEETINGS[5])

    meeting_on(MEETINGS[3], week6)
    meeting_on(MEETINGS[4], lambda m: None)  # week 8: not due

    # Week 10: the plan is kept; mother admitted (ibs). Again in four weeks.
    def week10(meeting):
        runner.decide(meeting, donovan, "continue", "Oma houdt zich aan het veiligheidsplan.")
        runner.next_review(meeting, donovan, MEETINGS[7])

    meeting_on(MEETINGS[5], week10)
    meeting_on(MEETINGS[6], lambda m: None)  # week 12: not due

    # Week 14: safety clearly improved but needs checking: every four weeks from now.
    def week14(meeting):
        runner.decide(
            meeting, donovan, "change_cadence", "Veiligheid sterk verbeterd.", cadence_days=28
        )

    meeting_on(MEETINGS[7], week14)
    for day in MEETINGS[8:12]:
        meeting_on(day, lambda m: runner.decide(m, donovan))

    assert on_agenda == [
        MEETINGS[0],
        MEETINGS[1],
        MEETINGS[2],
        MEETINGS[3],
        MEETINGS[5],
        MEETINGS[7],
        MEETINGS[9],
        MEETINGS[11],
    ]
    first_period = [d for d in on_agenda if d <= MEETINGS[7]]
    assert len(first_period) == 6  # six times ...
    assert (first_period[-1] - first_period[0]).days == 98  # ... in a little over 3 months
    assert reasons_seen[MEETINGS[0]] == ["acute"]
    assert reasons_seen[MEETINGS[1]] == ["due"]
    assert reasons_seen[MEETINGS[2]] == ["no_contact", "due"]
    assert reasons_seen[MEETINGS[3]] == ["due"]
    assert reasons_seen[MEETINGS[9]] == ["due"]
    # After the change, every four weeks.
    assert [(b - a).days for a, b in itertools.pairwise(on_agenda[5:])] == [28, 28]
    assert Discussion.objects.filter(family=donovan).count() == 8
    history = list(
        ReviewCadence.objects.filter(family=donovan).values_list("interval_days", flat=True)
    )
    assert history == [14, 28]
