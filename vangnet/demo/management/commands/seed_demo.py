"""Fill a database with fictional demo data. Safe to run again: nothing is duplicated.

Natural keys decide what exists: usernames, team names, family names (or their demo file
numbers). What exists is left alone. Each family that is created gets one access-log
entry (channel cli, basis system, in the name of the functional admin), in the same
transaction, so the hash chain stays valid.

Demo users get no TOTP device: the demo runs with VANGNET_DEMO_WITHOUT_2FA=1, which only
works on a database that holds the DemoMarker written here. Without that variable every
demo user enrols an authenticator app at the first login.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from vangnet.accounts.models import DemoMarker, Membership, Organisation, Team, User
from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessBasis
from vangnet.demo import (
    data,
    meetings_data,
    meldcode_data,
    portal_data,
    protection_data,
    safety_data,
)
from vangnet.families import actions
from vangnet.families.access import get_family_for_user
from vangnet.families.models import ChainPartner, Contact, Family, FamilyStatus, Person


def months_before(day: date, months: int) -> date:
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last_day))


def birth_date(today: date, age: tuple[int, int] | None, salt: int) -> date | None:
    """A birth date that makes the person exactly `age` (years, months) old today."""
    if age is None:
        return None
    years, months = age
    # A few days more than the full months, so nobody has a birthday on the demo day.
    return months_before(today, years * 12 + months) - timedelta(days=3 + salt % 20)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


class Command(BaseCommand):
    help = "Load fictional demo data (organisation, teams, users, families). Idempotent."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo never runs in production (VANGNET_ENV=production).")
        if not DemoMarker.objects.exists() and User.objects.exists():
            raise CommandError(
                "This database already has users but is not a demo database. "
                "seed_demo only fills an empty database or one it filled before."
            )
        self.today = timezone.localdate()
        with transaction.atomic():
            if not DemoMarker.objects.exists():
                DemoMarker.objects.create()
            organisation, _ = Organisation.objects.get_or_create(name=data.ORGANISATION)
            teams = {
                name: Team.objects.get_or_create(organisation=organisation, name=name)[0]
                for name in data.TEAMS
            }
            users, new_users = self._users(organisation, teams)
            new_families = [
                spec.name
                for spec in data.FAMILIES
                if self._family(spec, organisation, teams, users)
            ]
            safety_data.seed_safety_plans(users, self.today)
            meldcode_data.seed(self.today, users)
            meetings_data.seed(self.today, teams, users)
            protection_data.seed(self.today, users)
            self.portal_logins = portal_data.seed(self.today, users)
        self._report(new_users, new_families)

    # Users ---------------------------------------------------------------------------------

    def _users(self, organisation, teams) -> tuple[dict[str, User], list[str]]:
        users: dict[str, User] = {}
        created: list[str] = []
        for spec in data.USERS:
            user = User.objects.filter(username=spec.username).first()
            if user is None:
                user = User(
                    username=spec.username,
                    first_name=spec.first_name,
                    last_name=spec.last_name,
                    email=f"{spec.username}@voorbeeld.example",
                    organisation=organisation,
                    discipline=spec.discipline,
                    organisation_role=spec.organisation_role,
                    is_staff=spec.is_staff,
                )
                user.set_password(data.DEMO_PASSWORD)
                user.save()
                created.append(spec.username)
            if spec.team:
                Membership.objects.get_or_create(
                    user=user, team=teams[spec.team], defaults={"role": spec.membership_role}
                )
            users[spec.username] = user
        return users, created

    # Families ------------------------------------------------------------------------------

    def _family(self, spec: data.DemoFamily, organisation, teams, users) -> bool:
        exists = Family.objects.filter(team__organisation=organisation, name=spec.name).exists()
        if exists or Family.objects.filter(reference=spec.reference).exists():
            return False
        today = self.today
        opened_on = today - timedelta(days=spec.opened_days_ago)
        closed_on = (
            today - timedelta(days=spec.closed_days_ago)
            if spec.closed_days_ago is not None
            else None
        )
        last_change = closed_on or today
        family = Family(
            reference=spec.reference,
            name=spec.name,
            team=teams[spec.team],
            case_worker=users[spec.case_worker],
            status=FamilyStatus.CLOSED if closed_on else FamilyStatus.OPEN,
            opened_on=opened_on,
            closed_on=closed_on,
            close_reason=spec.close_reason,
            address=spec.address,
            notes=spec.summary,
            retention_until=actions.retention_date(last_change),
            created_at=_at(opened_on),
            updated_at=_at(last_change) if closed_on else timezone.now(),
        )
        family.full_clean()
        family.save()
        for salt, person in enumerate(spec.people):
            row = Person(
                family=family,
                kind=person.kind,
                first_name=person.first_name,
                last_name=person.last_name,
                birth_date=birth_date(today, person.age, salt + len(spec.name)),
                relation=person.relation,
                custody=person.custody,
                guardianship=person.guardianship,
                lives_in_household=person.lives_in_household,
                phone=person.phone,
                email=person.email,
                notes=person.notes,
                called_by_child=person.called_by_child,
                called_by_parents=person.called_by_parents,
                created_at=_at(opened_on),
            )
            row.full_clean()
            row.save()
        for partner in spec.partners:
            row = ChainPartner(
                family=family,
                kind=partner.kind,
                organisation=partner.organisation,
                contact_person=partner.contact_person,
                phone=partner.phone,
                role=partner.role,
                involved_since=_days_ago(today, partner.since_days_ago),
                involved_until=_days_ago(today, partner.until_days_ago),
            )
            row.full_clean()
            row.save()
        for contact in spec.contacts:
            occurred_on = today - timedelta(days=contact.days_ago)
            row = Contact(
                family=family,
                occurred_on=occurred_on,
                kind=contact.kind,
                reached=contact.reached,
                with_whom=contact.with_whom,
                summary=contact.summary,
                recorded_by=family.case_worker,
                created_at=_at(occurred_on),
            )
            row.full_clean()
            row.save()
        recorder.record(
            Actor.cli(users[data.SEED_USER]),
            AccessAction.CREATE,
            object_type="family",
            object_id=family.pk,
            family=family,
            part="dossier",
            basis=AccessBasis.SYSTEM,
            purpose="demogegevens",
            details={
                "people": len(spec.people),
                "chain_partners": len(spec.partners),
                "contacts": len(spec.contacts),
            },
        )
        # Access outside the team goes through the real actions, with their own log entries.
        for grant in spec.grants:
            case_worker = users[spec.case_worker]
            actions.do_grant_access(
                actor=Actor.cli(case_worker),
                access=get_family_for_user(case_worker, family.pk, write=True),
                user=users[grant.username],
                reason=grant.reason,
                ends_at=timezone.now() + timedelta(days=grant.days),
                can_write=grant.can_write,
            )
        for emergency in spec.emergencies:
            actions.do_break_the_glass(
                actor=Actor.cli(users[emergency.username]),
                reference=family.reference,
                reason=emergency.reason,
            )
        return True

    # Output --------------------------------------------------------------------------------

    def _report(self, new_users: list[str], new_families: list[str]) -> None:
        out = self.stdout
        out.write(
            f"Demo data: {len(new_users)} users and {len(new_families)} families created "
            f"({len(data.USERS) - len(new_users)} users and "
            f"{len(data.FAMILIES) - len(new_families)} families were already there)."
        )
        out.write("")
        out.write(f"Demo logins (password for all: {data.DEMO_PASSWORD}):")
        width = max(len(u.username) for u in data.USERS)
        for spec in data.USERS:
            where = f", {spec.team}" if spec.team else ""
            out.write(f"  {spec.username:<{width}}  {spec.description}{where}")
        out.write("")
        out.write("Portal for parents and network (the login code appears on the app's console):")
        for who, path in self.portal_logins:
            out.write(f"  {who}: {settings.SITE_URL.rstrip('/')}{path}")
        out.write("")
        out.write(
            "Two-factor authentication is off only when the app runs with "
            "VANGNET_DEMO_WITHOUT_2FA=1 on this demo database; otherwise each user sets up "
            "an authenticator app at the first login."
        )


def _days_ago(today: date, days: int | None) -> date | None:
    return None if days is None else today - timedelta(days=days)
