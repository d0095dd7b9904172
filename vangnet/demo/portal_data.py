"""Demo data of the portal: Donovan's grandmother (Oma) and the neighbour Henk are invited,
with a few weekly check-ins, one of them orange.

Safe to run again: an invitation and its check-ins are made once. The demo login links
are derived from the secret key, so every run prints the same working path; a demo link
that was used (or ran out) is made usable again - in the demo only, never in the app.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from vangnet.families.models import Family, Person
from vangnet.portal.actions import token_hash
from vangnet.portal.models import CheckIn, Invitation, LoginLink

FAMILY = "Gezin Appelboom"
# (first name, slug, check-ins: (days ago, mood, words, warning sign))
PEOPLE = (
    (
        "Wilhelmina",
        "oma",
        (
            (20, "green", "Rustige week. Donovan ging elke dag zelf naar school.", False),
            (13, "green", "Goed. Ria kwam woensdag helpen.", False),
            (6, "green", "Mirjam belde, het gesprek ging rustig.", False),
        ),
    ),
    (
        "Henk",
        "henk",
        (
            (15, "green", "Donovan kwam even langs na school, vrolijk.", False),
            (3, "orange", "Donovan was stil en wilde niet naar huis.", True),
        ),
    ),
)


def _token(slug: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"demo-portal-{slug}".encode(), hashlib.sha256)
    return f"demo-{slug}-{digest.hexdigest()[:24]}"


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed(today: date, users: dict) -> list[tuple[str, str]]:
    """Returns (who, login path) for the seed output."""
    family = Family.objects.filter(name=FAMILY).first()
    if family is None:
        return []
    coach = users["coach"]
    now = timezone.now()
    logins = []
    for first_name, slug, checkins in PEOPLE:
        person = Person.objects.filter(family=family, first_name=first_name).first()
        if person is None or not person.phone:
            continue
        invitation = Invitation.objects.filter(person=person, revoked_at__isnull=True).first()
        if invitation is None:
            invitation = Invitation.objects.create(
                family=family,
                person=person,
                channel="sms",
                address=person.phone,
                created_by=coach,
                created_at=_at(today - timedelta(days=25), 10),
                accepted_at=_at(today - timedelta(days=24), 19),
                last_seen_at=_at(today - timedelta(days=checkins[-1][0]), 20),
            )
            for days, mood, words, sign in checkins:
                CheckIn.objects.create(
                    invitation=invitation,
                    family=family,
                    created_at=_at(today - timedelta(days=days), 20),
                    mood=mood,
                    words=words,
                    warning_sign=sign,
                )
        token = _token(slug)
        LoginLink.objects.update_or_create(
            token_hash=token_hash(token),
            defaults={
                "invitation": invitation,
                "expires_at": now + timedelta(days=settings.PORTAL_INVITATION_DAYS),
                "used_at": None,
                "blocked_at": None,
                "code_hash": "",
                "codes_sent": 0,
                "failed_codes": 0,
            },
        )
        logins.append(
            (f"{person.parents_name} ({person.relation})", reverse("portal:link", args=[token]))
        )
    return logins
