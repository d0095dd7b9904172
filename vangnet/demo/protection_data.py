"""Demo phases of help and protective measures (fictional, relative to the day of seeding).

- Gezin Appelboom (Donovan, seed 000): short-term safety reached (the plan was distributed
  and kept), long-term safety being worked on, recovery started (trauma-focused help for
  Donovan, oma as the trusted adult).
- Gezin Eikenblad: the supervision order (ondertoezichtstelling) of Yara and Finn, as a
  record per child with the GI and the family guardian.
- Gezin Vlierbes: the father's temporary restraining order (huisverbod), extended.
- Gezin Rozenstruik: guardianship of Luuk by the GI.

Idempotent: a family that already has a phase or a measure is left alone. Each family that
gets data here gets one access-log entry (channel cli, basis system, the seed user).
"""

from __future__ import annotations

from datetime import date, timedelta

from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessBasis
from vangnet.demo import data
from vangnet.families.models import Family, Person
from vangnet.protection import rules
from vangnet.protection.models import (
    MeasureKind,
    PhaseChange,
    PhaseState,
    PhaseStatus,
    ProtectiveMeasure,
)

GI = "Jeugdbescherming Voorbeeldregio (fictief)"

# Donovan: (phase, [(days ago, from, to, note)])
DONOVAN_PHASES = (
    (
        rules.SHORT_TERM,
        (
            (186, PhaseState.NOT_STARTED, PhaseState.WORKING, "Melding bij Veilig Thuis gedaan."),
            (
                120,
                PhaseState.WORKING,
                PhaseState.REACHED,
                "Versie 1 van het plan is verspreid: Donovan is nooit alleen met moeder thuis. "
                "Oma houdt zich aan de afspraken.",
            ),
        ),
    ),
    (
        rules.LONG_TERM,
        (
            (
                90,
                PhaseState.NOT_STARTED,
                PhaseState.WORKING,
                "Netwerkberaad gehouden; het plan wordt met Ria en de buurvrouw verstevigd. "
                "Oma zoekt woonruimte voor moeder.",
            ),
        ),
    ),
    (
        rules.RECOVERY,
        (
            (
                45,
                PhaseState.NOT_STARTED,
                PhaseState.WORKING,
                "Gz-psycholoog screent Donovan op trauma (herbelevingen); oma is zijn vaste "
                "betrouwbare volwassene.",
            ),
        ),
    ),
)


def seed(today: date, users: dict) -> list[str]:
    """Create what does not exist yet; returns the names of the families that got data."""
    done = []
    builders = (
        (data.DONOVAN_FAMILY, _donovan),
        ("Gezin Eikenblad", _eikenblad),
        ("Gezin Vlierbes", _vlierbes),
        ("Gezin Rozenstruik", _rozenstruik),
    )
    for name, build in builders:
        family = Family.objects.filter(name=name).first()
        if family is None:
            continue
        if (
            PhaseStatus.objects.filter(family=family).exists()
            or ProtectiveMeasure.objects.filter(family=family).exists()
        ):
            continue
        details = build(family, users, today)
        recorder.record(
            Actor.cli(users[data.SEED_USER]),
            AccessAction.CREATE,
            object_type="protection",
            object_id=family.pk,
            family=family,
            part="protection",
            basis=AccessBasis.SYSTEM,
            purpose="demogegevens",
            details=details,
        )
        done.append(name)
    return done


def _person(family, first_name) -> Person:
    return Person.objects.get(family=family, first_name=first_name)


def _donovan(family, users, today) -> dict:
    coach = family.case_worker
    for phase, changes in DONOVAN_PHASES:
        for days_ago, old, new, note in changes:
            PhaseChange.objects.create(
                family=family,
                phase=phase,
                from_state=old,
                to_state=new,
                decided_on=today - timedelta(days=days_ago),
                decided_by=coach,
                note=note,
            )
        last_days, _old, state, note = changes[-1]
        PhaseStatus.objects.create(
            family=family,
            phase=phase,
            state=state,
            decided_on=today - timedelta(days=last_days),
            decided_by=coach,
            note=note,
        )
    return {"phases": len(DONOVAN_PHASES)}


def _measure(family, kind, person, starts_on, **values) -> ProtectiveMeasure:
    values.setdefault("ends_on", rules.default_end(kind, starts_on))
    row = ProtectiveMeasure(
        family=family,
        kind=kind,
        person=person,
        starts_on=starts_on,
        created_by=family.case_worker,
        **values,
    )
    row.full_clean()
    row.save()
    return row


def _eikenblad(family, users, today) -> dict:
    start = today - timedelta(days=145)
    for child in ("Yara", "Finn"):
        _measure(
            family,
            MeasureKind.SUPERVISION,
            _person(family, child),
            start,
            imposed_by="Kinderrechter, rechtbank Voorbeeldstad (fictief)",
            institution=GI,
            guardian="Jeugdbeschermer M. Voogt (fictief)",
            note="Na het onderzoek van de Raad voor de Kinderbescherming.",
        )
    return {"measures": 2}


def _vlierbes(family, users, today) -> dict:
    start = today - timedelta(days=95)
    _measure(
        family,
        MeasureKind.RESTRAINING_ORDER,
        _person(family, "Youssef"),
        start,
        imposed_by="Burgemeester van Voorbeeldstad (fictief)",
        extended_to=start + timedelta(days=rules.RESTRAINING_ORDER_MAX_DAYS),
        note="Verlengd na de veiligheidsbeoordeling van Veilig Thuis.",
    )
    return {"measures": 1}


def _rozenstruik(family, users, today) -> dict:
    _measure(
        family,
        MeasureKind.GUARDIANSHIP,
        _person(family, "Luuk"),
        today - timedelta(days=380),
        imposed_by="Kinderrechter, rechtbank Voorbeeldstad (fictief)",
        institution=GI,
        guardian="Voogd J. de Wit (fictief)",
        ends_on=None,
    )
    return {"measures": 1}
