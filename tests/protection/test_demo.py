"""The demo data: Donovan's phases, and supervision orders and restraining orders as records."""

from io import StringIO

import pytest
from django.core.management import call_command

from vangnet.audit.verification import verify_access_log
from vangnet.demo import data
from vangnet.families.models import Family
from vangnet.protection.models import PhaseChange, PhaseStatus, ProtectiveMeasure

pytestmark = pytest.mark.django_db


def test_demo_phases_and_measures():
    call_command("seed_demo", stdout=StringIO())
    donovan = Family.objects.get(name=data.DONOVAN_FAMILY)
    states = dict(PhaseStatus.objects.filter(family=donovan).values_list("phase", "state"))
    assert states == {"short_term": "reached", "long_term": "working", "recovery": "working"}
    assert PhaseChange.objects.filter(family=donovan).count() == 4
    supervision = ProtectiveMeasure.objects.filter(family__name="Gezin Eikenblad")
    assert sorted(m.person.first_name for m in supervision) == ["Finn", "Yara"]
    assert {m.kind for m in supervision} == {"supervision"}
    assert all(m.institution and m.guardian and m.ends_on for m in supervision)
    order = ProtectiveMeasure.objects.get(family__name="Gezin Vlierbes")
    assert (order.end - order.starts_on).days == 28
    counts = (PhaseStatus.objects.count(), ProtectiveMeasure.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (PhaseStatus.objects.count(), ProtectiveMeasure.objects.count()) == counts
    assert verify_access_log()[1] is None
