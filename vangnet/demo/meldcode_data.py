"""Demo meldcode trajectories (fictional), made through the real actions.

- Gezin Appelboom (Donovan, seed 000): reported to Veilig Thuis; Veilig Thuis phoned the
  grandmother once and closed the file. The family is marked for the safety meeting.
- Gezin Zonnebloem (seed 002): signals, consultation and the conversation with the parents
  are recorded; the weighing (step 4) is next.
- Gezin Tulpenveld: reported ten days ago; the feedback from Veilig Thuis is overdue.

Idempotent: a family that already has a trajectory is left alone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from vangnet.audit.context import Actor
from vangnet.families.access import get_family_for_user
from vangnet.families.models import Family, Person, PersonKind
from vangnet.meldcode import actions
from vangnet.meldcode.models import Trajectory

DATE_FIELDS = ("observed_on", "consulted_on", "held_on", "weighed_on", "reported_on")
DONOVAN = "Gezin Appelboom"
SEED_002 = "Gezin Zonnebloem"
OVERDUE = "Gezin Tulpenveld"


def seed(today: date, users: dict) -> list[str]:
    """Create the demo trajectories that are not there yet; returns the families done."""
    done = []
    for name, build in ((DONOVAN, _donovan), (SEED_002, _seed_002), (OVERDUE, _overdue)):
        family = Family.objects.filter(name=name).first()
        if family is None or Trajectory.objects.filter(family=family).exists():
            continue
        worker = family.case_worker
        context = _Context(today, family, worker)
        build(context)
        done.append(name)
    return done


class _Context:
    def __init__(self, today, family, worker):
        self.today = today
        self.family = family
        self.worker = worker
        self.actor = Actor.cli(worker)
        self.access = get_family_for_user(worker, family.pk, write=True)
        self.children = list(family.people.filter(kind=PersonKind.CHILD).order_by("birth_date"))

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def child(self, first_name: str) -> Person:
        return next(c for c in self.children if c.first_name == first_name)

    def start(self, days: int, reason: str, children=None):
        return actions.do_start_trajectory(
            actor=self.actor,
            access=self.access,
            children=children or self.children,
            started_on=self.ago(days),
            reason=reason,
        )

    def add(self, trajectory, record_kind: str, **values):
        record = actions.do_add_record(
            actor=self.actor,
            access=self.access,
            trajectory=trajectory,
            record_kind=record_kind,
            finalise=True,
            **values,
        )
        # Demo realism: recorded on the day it happened (the access log keeps the real time).
        day = next(v for k, v in values.items() if k in DATE_FIELDS)
        moment = timezone.make_aware(datetime.combine(day, time(16, 0)))
        type(record).objects.filter(pk=record.pk).update(recorded_at=moment, finalised_at=moment)
        return record


def _donovan(c: _Context) -> None:
    donovan = c.child("Donovan")
    t = c.start(
        190,
        "Oma haalde Donovans moeder zonder overleg terug; Donovan is erg geschrokken.",
        [donovan],
    )
    c.add(
        t,
        "signal",
        child=donovan,
        observed_on=c.ago(190),
        observed_by="Sanne Hulpvaardig (coach), huisbezoek",
        description="Moeder is sinds twee weken terug en is in de war. Donovan vertelt dat "
        "moeder 's nachts schreeuwt en aan zijn deur rammelt. Hij slaapt slecht en verzuimt.",
        category="psychological_abuse",
        source="child",
        child_words="Ik durf niet te slapen als mama er is.",
    )
    c.add(
        t,
        "consultation",
        kind="safeguarding_lead",
        consulted_on=c.ago(188),
        with_whom="Anouk Alert (aandachtsfunctionaris)",
        advice="Structurele onveiligheid is aannemelijk: melden bij Veilig Thuis en het gezin "
        "inbrengen in het veiligheidsoverleg.",
    )
    c.add(
        t,
        "conversation",
        held=True,
        held_on=c.ago(187),
        with_whom="Oma (voogd)",
        reaction="Oma voelde zich overvallen, maar begreep de zorgen en stemde in met een melding.",
    )
    c.add(
        t,
        "weighing",
        weighed_on=c.ago(187),
        q1=True,
        q1_rationale="Donovan vertelt zelf over angst 's nachts; school ziet verzuim.",
        q2="structural",
        q2_rationale="Het gebeurt elke nacht dat moeder thuis is en houdt aan.",
    )
    report = c.add(
        t,
        "report",
        reported_on=c.ago(186),
        reported_by=c.worker,
        vt_contact="Medewerker Veilig Thuis Voorbeeldregio",
        vt_reference="VT-DEMO-0001",
        shared="De signalen van thuis en school, de consultatie en het gesprek met oma.",
        family_informed=True,
    )
    actions.do_record_feedback(
        actor=c.actor,
        access=c.access,
        report=report,
        feedback_on=c.ago(180),
        decision="closed_after_call",
        summary="Veilig Thuis heeft één keer met oma gebeld en het dossier gesloten. Het team "
        "vindt de zorgen daarmee niet weg en bespreekt het gezin in het veiligheidsoverleg.",
    )


def _seed_002(c: _Context) -> None:
    milan = c.child("Milan")
    t = c.start(40, "Milan vertelde in het gesprek dat vader hem soms uitscheldt en slaat.")
    c.add(
        t,
        "signal",
        child=milan,
        observed_on=c.ago(40),
        observed_by="Sanne Hulpvaardig (coach), intakegesprek met Milan en ouders",
        description="Milan vertelt met zijn ouders erbij dat vader hem soms uitscheldt en "
        "slaat. Ouders reageren gespannen maar ontkennen het niet.",
        category="physical_abuse",
        source="child",
        child_words="Papa scheldt soms en dan slaat hij.",
        disclosure=True,  # he told it himself: the method treats it as acute
    )
    actions.do_record_factors(
        actor=c.actor,
        access=c.access,
        trajectory=t,
        assessed_on=c.ago(38),
        factors=[
            "child_young",
            "child_behaviour",
            "parent_addiction",
            "parent_mental",
            "family_partner_violence",
            "family_stress",
            "family_baby",
            "parent_bond",
            "env_network",
        ],
        notes_child="Noor is 11 maanden: extra kwetsbaar.",
        notes_parents="Vader drinkt 's avonds meer; moeder is somber.",
        notes_family="Heftige ruzie enkele maanden geleden; vader woonde tijdelijk bij zijn "
        "moeder.",
        notes_environment="Oma van vaderszijde helpt; mogelijke veiligheidspersoon.",
    )
    actions.do_record_ace(
        actor=c.actor,
        access=c.access,
        trajectory=t,
        subject=milan,
        answered_by="Ouders samen met de coach",
        answered_on=c.ago(35),
        answers=[True, True, False, False, False, True, True, False, False, False],
    )
    c.add(
        t,
        "consultation",
        kind="safeguarding_lead",
        consulted_on=c.ago(33),
        with_whom="Anouk Alert (aandachtsfunctionaris)",
        advice="Gesprek met ouders voeren over de zorgen; daarna het afwegingskader invullen.",
    )
    c.add(
        t,
        "conversation",
        held=True,
        held_on=c.ago(30),
        with_whom="Vader en moeder",
        reaction="Ouders schrokken, gaven het toe en zeiden hulp te willen.",
    )


def _overdue(c: _Context) -> None:
    child = c.children[0]
    t = c.start(20, "Zorgen van school over verwaarlozing.", [child])
    c.add(
        t,
        "signal",
        child=child,
        observed_on=c.ago(20),
        observed_by="Leerkracht groep 3",
        description="Kind komt meerdere dagen per week zonder ontbijt en in vuile kleren.",
        category="physical_neglect",
        source="school",
    )
    c.add(
        t,
        "consultation",
        kind="colleague",
        consulted_on=c.ago(18),
        with_whom="Collega gezinsbehandelaar",
        advice="Gesprek met moeder voeren.",
    )
    c.add(
        t,
        "conversation",
        held=True,
        held_on=c.ago(16),
        with_whom="Moeder",
        reaction="Moeder wil geen hulp en verbrak het gesprek.",
    )
    c.add(
        t,
        "weighing",
        weighed_on=c.ago(15),
        q1=True,
        q1_rationale="Signalen van school en het gesprek.",
        q2="none",
        q2_rationale="Geen direct gevaar; nog geen herhaald patroon vastgesteld.",
        q3=True,
        q3_rationale="Gezinsondersteuning is beschikbaar.",
        q4=False,
        q4_rationale="Moeder weigert de hulp.",
    )
    c.add(
        t,
        "report",
        reported_on=c.ago(14),
        reported_by=c.worker,
        vt_contact="Medewerker Veilig Thuis Voorbeeldregio",
        vt_reference="VT-DEMO-0002",
        shared="Signalen van school, het gesprek met moeder en de afweging.",
        family_informed=True,
    )
