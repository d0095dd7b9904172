"""Demo data of the safety meetings (fictional): Team Noord's series, one finalised meeting
two weeks ago in which Gezin Appelboom (Donovan, seed 000) was discussed, and the next
meeting with its generated agenda. Idempotent: nothing happens if the series exists."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from vangnet.audit.context import Actor
from vangnet.demo import data
from vangnet.families.access import get_family_for_user
from vangnet.families.models import Family
from vangnet.meetings import actions
from vangnet.meetings.access import get_meeting_for_user, get_team_for_user
from vangnet.meetings.models import DecisionKind, MeetingSeries


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(13, 30)))


def seed(today, teams: dict, users: dict) -> bool:
    team = teams[data.TEAM_A]
    if MeetingSeries.objects.filter(team=team).exists():
        return False
    chair = users["coach"]
    actor = Actor.cli(chair)
    team_access = get_team_for_user(chair, team.pk, write=True)
    series = actions.series_for(team)
    series.location = "Vergaderzaal De Linde / online"
    series.save(update_fields=["location"])
    attendees = [u for u in users.values() if team.memberships.filter(user=u).exists()]

    past = today - timedelta(days=14)
    meeting = actions.do_create_meeting(
        actor=actor, access=team_access, starts_at=_at(past), chair=chair, attendees=attendees
    )
    access = get_meeting_for_user(chair, meeting.pk, write=True)
    if not meeting.items.filter(family__name=data.DONOVAN_FAMILY).exists():
        donovan = Family.objects.get(name=data.DONOVAN_FAMILY)
        actions.do_add_to_agenda(
            actor=actor,
            access=access,
            family_access=get_family_for_user(chair, donovan.pk, write=True),
            reason="Moeder stond onverwacht voor de deur; Donovan is erg geschrokken.",
        )
    meeting.refresh_from_db()
    actions.do_start_meeting(actor=actor, access=access, version=meeting.version)
    access = get_meeting_for_user(chair, meeting.pk, write=True)
    for item in meeting.items.filter(removed=False).select_related("family"):
        family_access = get_family_for_user(chair, item.family_id, write=True)
        if item.family.name == data.DONOVAN_FAMILY:
            actions.do_add_input(
                actor=actor,
                access=access,
                family_access=family_access,
                discipline="psychiatrist",
                text="Moeder heeft een psychiatrische stoornis; let op herbelevingen bij Donovan.",
            )
            actions.do_add_decision(
                actor=actor,
                access=access,
                family_access=family_access,
                kind=DecisionKind.REPORT_VT,
                text="Volgens de meldcode overleggen met Veilig Thuis en een melding doen.",
            )
            actions.do_add_action(
                actor=actor,
                access=access,
                family_access=family_access,
                description="Melding doen bij Veilig Thuis",
                owner=chair,
                due_on=past + timedelta(days=3),
            )
        else:
            actions.do_add_decision(
                actor=actor,
                access=access,
                family_access=family_access,
                kind=DecisionKind.CONTINUE,
                text="Doorgaan volgens plan.",
            )
    meeting.refresh_from_db()
    actions.do_finalise(actor=actor, access=access, version=meeting.version)

    ahead = (series.weekday - today.weekday()) % 7 or 7
    actions.do_create_meeting(
        actor=actor,
        access=team_access,
        starts_at=_at(today + timedelta(days=ahead)),
        chair=chair,
        attendees=attendees,
    )
    return True
