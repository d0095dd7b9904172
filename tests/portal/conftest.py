"""Portal fixtures: a distributed plan version with a parent, a safety person (Oma) and a
neighbour; a second family with its own safety person; helpers to log a visitor in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from tests.personas import make_family
from vangnet.families.models import Person
from vangnet.portal import actions, sms
from vangnet.portal.models import Invitation, LoginLink, PortalSession
from vangnet.safety.models import Evaluation, PlanVersion, SafetyPlan


def _names(*people):
    return {
        f"person-{p.pk}": {
            "name": p.full_name,
            "first_name": p.first_name,
            "child": p.called_by_child or p.first_name,
            "parents": p.called_by_parents or p.first_name,
            "phone": p.phone,
            "kind": p.kind,
        }
        for p in people
    }


def make_version(family, user, *, parent, oma, neighbour, child):
    """A distributed version with a frozen snapshot: Oma carries the morning agreement and
    watches for shouting; the neighbour carries the evening agreement."""
    plan = SafetyPlan.objects.create(family=family)
    po, pn = f"person-{oma.pk}", f"person-{neighbour.pk}"
    snapshot = {
        "format": 3,
        "family": {"reference": family.reference, "name": family.name},
        "names": _names(parent, oma, neighbour, child),
        "sections": {
            "harm_statements": [
                {"id": "harm-1", "fields": {"happened": "GEHEIME-SCHADE", "plain": ""}}
            ],
            "danger_statements": [
                {"id": "danger-1", "fields": {"sentence": "ZORG-ZIN", "plain": "Wij zijn bang."}}
            ],
            "goals": [],
            "bottom_lines": [],
            "steps": [],
            "safety_persons": [
                {
                    "id": "safety-person-1",
                    "person": po,
                    "fields": {"person": "Oma", "role": "ROL-OMA", "plain": "", "phone": ""},
                },
                {
                    "id": "safety-person-2",
                    "person": pn,
                    "fields": {"person": "Henk", "role": "ROL-HENK", "plain": "", "phone": ""},
                },
            ],
            "agreements": [
                {
                    "id": "agreement-1",
                    "situation": "morning",
                    "who": [po],
                    "monitor": "",
                    "handover": "",
                    "fields": {"what": "AFSPRAAK-OCHTEND", "plain": ""},
                },
                {
                    "id": "agreement-2",
                    "situation": "evening",
                    "who": [pn],
                    "monitor": "",
                    "handover": "",
                    "fields": {"what": "AFSPRAAK-AVOND", "plain": ""},
                },
            ],
            "warning_signs": [
                {
                    "id": "sign-1",
                    "who": [po],
                    "belongs_to": "danger-1",
                    "fields": {"sign": "SIGNAAL-SCHREEUWEN", "response": "Bel Oma", "plain": ""},
                },
                {
                    "id": "sign-2",
                    "who": [pn],
                    "belongs_to": "danger-1",
                    "fields": {"sign": "SIGNAAL-HENK", "response": "Bel Henk", "plain": ""},
                },
            ],
        },
    }
    version = PlanVersion.objects.create(
        plan=plan, number=1, status="distributed", snapshot=snapshot, created_by=user
    )
    Evaluation.objects.create(plan=plan, scheduled_on=timezone.localdate() + timedelta(days=14))
    return version


@dataclass
class World:
    p: object
    oma: Person
    neighbour: Person
    other_family: object
    other_safety: Person
    version: PlanVersion


@pytest.fixture
def world(personas):
    p = personas
    p.parent.phone = "0612345678"
    p.parent.save()
    oma = Person.objects.create(
        family=p.family,
        kind="network",
        first_name="Wilhelmina",
        phone="0611111111",
        called_by_parents="Oma",
    )
    neighbour = Person.objects.create(
        family=p.family, kind="network", first_name="Henk", phone="0622222222"
    )
    version = make_version(
        p.family, p.case_worker, parent=p.parent, oma=oma, neighbour=neighbour, child=p.child
    )
    other = make_family(p.team_b, p.other_team, name="Gezin Ander", reference="VN-ANDER1")
    other_safety = Person.objects.create(
        family=other, kind="network", first_name="Greet", phone="0633333333"
    )
    return World(p, oma, neighbour, other, other_safety, version)


def invite(person, user, channel="sms"):
    return Invitation.objects.create(
        family=person.family,
        person=person,
        channel=channel,
        address=person.phone or "x@example.org",
        created_by=user,
    )


def link_for(invitation, *, days=5):
    token = "tok-" + str(invitation.pk) + "-" + "a" * 30
    LoginLink.objects.create(
        invitation=invitation,
        token_hash=actions.token_hash(token),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token


def log_in(client, invitation) -> PortalSession:
    """A portal session for this invitation, as a successful code leaves it."""
    key = actions.new_session_key()
    session = PortalSession.objects.create(invitation=invitation, key_hash=actions.token_hash(key))
    client.cookies[settings.PORTAL_COOKIE_NAME] = key
    return session


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.SMS_BACKEND = "vangnet.portal.sms.LocmemBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()
