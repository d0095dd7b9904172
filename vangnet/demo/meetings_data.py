"""Demo data of the safety meetings (fictional): Team Noord's series, the ten finalised
meetings in which Gezin Appelboom (Donovan, seed 000) was discussed - every two weeks six
times, then every four weeks - and the next meeting with its generated agenda.
Idempotent: nothing happens if the series exists."""

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

# Seed 000: Donovan is discussed six times in a little over three months on the biweekly
# meeting, then every four weeks (the phased cadence moves on by itself after the sixth).
# (days ago, why on the agenda, (discipline, input), (decision kind, text), action or None)
DONOVAN_MEETINGS = [
    (
        188,
        "Moeder stond onverwacht voor de deur; Donovan is erg geschrokken.",
        (
            (
                "psychiatrist",
                "Moeder heeft een psychiatrische stoornis; let op herbelevingen bij Donovan.",
            ),
            (
                DecisionKind.REPORT_VT,
                "Volgens de meldcode overleggen met Veilig Thuis en een melding doen.",
            ),
            ("Melding doen bij Veilig Thuis", 3, True),
        ),
    ),
    (
        174,
        "Melding gedaan: wat doet Veilig Thuis?",
        (
            ("case_worker", "De melding is gedaan; Veilig Thuis beoordeelt de veiligheid."),
            (
                DecisionKind.CONTINUE,
                "Terugkoppeling van Veilig Thuis afwachten en contact met oma houden.",
            ),
            ("Terugkoppeling van Veilig Thuis opvragen", 7, True),
        ),
    ),
    (
        160,
        "Veilig Thuis heeft het dossier gesloten.",
        (
            (
                "case_worker",
                "Veilig Thuis heeft alleen met oma gebeld en het dossier gesloten. "
                "Donovan woont weer bij oma en moeder; we dreigen het contact met oma kwijt te "
                "raken.",
            ),
            (
                DecisionKind.OTHER,
                "Intensief contact zoeken met oma en haar overtuigen van de onveilige situatie.",
            ),
            ("Twee keer per week contact met oma", 14, True),
        ),
    ),
    (
        146,
        "Contact met oma: lukt het?",
        (
            (
                "case_worker",
                "Het contact met oma is hersteld; zij voelde zich overvallen door de melding.",
            ),
            (DecisionKind.CONTINUE, "Met oma en haar netwerk een veiligheidsplan maken."),
            ("Veiligheidsplan maken met oma, Ria en Henk", 12, True),
        ),
    ),
    (
        132,
        "Het veiligheidsplan is gemaakt.",
        (
            (
                "systemic_therapist",
                "Het plan zegt onder meer dat Donovan nooit alleen met "
                "moeder thuis is; daar houdt men zich aan.",
            ),
            (DecisionKind.CONTINUE, "Plan laten tekenen en verspreiden; netwerkberaad plannen."),
            ("Netwerkberaad plannen", 40, True),
        ),
    ),
    (
        118,
        "Moeder opgenomen met een ibs.",
        (
            (
                "psychiatrist",
                "Moeder is na een gevaarlijke situatie op straat opgenomen met een "
                "ibs en blijft vrijwillig langer in zorg.",
            ),
            (DecisionKind.CONTINUE, "Oma houdt zich aan het plan; blijven volgen."),
            None,
        ),
    ),
    (
        90,
        "Hoe gaat het met Donovan?",
        (
            (
                "case_worker",
                "Oma houdt zich goed aan het plan; de band tussen oma en Donovan is "
                "beter. Hij durft weer zelf de straat op en naar school.",
            ),
            (
                DecisionKind.CONTINUE,
                "Met oma bespreken hoe zij met haar dochter en de volwassenpsychiatrie omgaat.",
            ),
            ("Gesprek met oma over de volwassenpsychiatrie", 14, True),
        ),
    ),
    (
        62,
        "Tweede versie van het plan.",
        (
            (
                "case_worker",
                "Na het netwerkberaad doet Henk mee; de tweede versie is getekend en verspreid.",
            ),
            (DecisionKind.CONTINUE, "Doorgaan volgens plan."),
            None,
        ),
    ),
    (
        34,
        "Woonruimte voor moeder.",
        (
            ("case_worker", "Oma zoekt zelfstandige woonruimte met begeleiding voor haar dochter."),
            (DecisionKind.CONTINUE, "Doorgaan volgens plan; veiligheid blijft goed."),
            None,
        ),
    ),
    (
        6,
        "Vierwekelijkse bespreking.",
        (
            ("case_worker", "Iedereen scoort de veiligheid 7 of hoger; Donovan zelf een 8."),
            (
                DecisionKind.CONTINUE,
                "Doorgaan; over vier weken evalueren of het plan kan worden afgebouwd.",
            ),
            ("Evaluatie van het veiligheidsplan voorbereiden", 20, False),
        ),
    ),
]


def _discuss_donovan(actor, access, family_access, chair, day, notes) -> None:
    (discipline, text), (kind, decision), action = notes
    actions.do_add_input(
        actor=actor, access=access, family_access=family_access, discipline=discipline, text=text
    )
    actions.do_add_decision(
        actor=actor, access=access, family_access=family_access, kind=kind, text=decision
    )
    if action is None:
        return
    description, due_in, done = action
    made = actions.do_add_action(
        actor=actor,
        access=access,
        family_access=family_access,
        description=description,
        owner=chair,
        due_on=day + timedelta(days=due_in),
    )
    if done:
        actions.do_complete_action(
            actor=actor,
            family_access=family_access,
            action=made,
            version=made.version,
            done_on=min(day + timedelta(days=due_in), timezone.localdate()),
        )


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

    donovan = Family.objects.get(name=data.DONOVAN_FAMILY)
    for days, reason, notes in DONOVAN_MEETINGS:
        day = today - timedelta(days=days)
        meeting = actions.do_create_meeting(
            actor=actor, access=team_access, starts_at=_at(day), chair=chair, attendees=attendees
        )
        access = get_meeting_for_user(chair, meeting.pk, write=True)
        if not meeting.items.filter(family=donovan).exists():
            actions.do_add_to_agenda(
                actor=actor,
                access=access,
                family_access=get_family_for_user(chair, donovan.pk, write=True),
                reason=reason,
            )
        meeting.refresh_from_db()
        actions.do_start_meeting(actor=actor, access=access, version=meeting.version)
        access = get_meeting_for_user(chair, meeting.pk, write=True)
        for item in meeting.items.filter(removed=False).select_related("family"):
            family_access = get_family_for_user(chair, item.family_id, write=True)
            if item.family_id == donovan.pk:
                _discuss_donovan(actor, access, family_access, chair, day, notes)
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
