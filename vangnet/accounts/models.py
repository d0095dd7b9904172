"""Users, organisation, teams and memberships with their roles."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Discipline(models.TextChoices):
    CASE_WORKER = "case_worker", _("Case worker / coach")
    FAMILY_THERAPIST = "family_therapist", _("Family therapist")
    HEALTHCARE_PSYCHOLOGIST = "healthcare_psychologist", _("Healthcare psychologist (gz)")
    PSYCHIATRIST = "psychiatrist", _("Psychiatrist")
    DIRECTOR = "director", _("Director")
    SAFEGUARDING_LEAD = "safeguarding_lead", _("Safeguarding lead (aandachtsfunctionaris)")
    TEAM_LEAD = "team_lead", _("Team lead")
    OTHER = "other", _("Other")


class OrganisationRole(models.TextChoices):
    """What a user does for the whole organisation, beside any team membership."""

    NONE = "", _("None")
    SAFEGUARDING_LEAD = "safeguarding_lead", _("Safeguarding lead: reads all family files")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer: reads access logs, no case content")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functional admin: users and teams, no case content")

    @classmethod
    def without_case_content(cls) -> set[str]:
        return {cls.PRIVACY_OFFICER, cls.FUNCTIONAL_ADMIN}


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    discipline = models.CharField(
        _("discipline"), max_length=40, choices=Discipline.choices, default=Discipline.CASE_WORKER
    )
    organisation_role = models.CharField(
        _("organisation role"),
        max_length=40,
        choices=OrganisationRole.choices,
        default=OrganisationRole.NONE,
        blank=True,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_privacy_officer(self) -> bool:
        return self.organisation_role == OrganisationRole.PRIVACY_OFFICER

    @property
    def is_functional_admin(self) -> bool:
        return self.organisation_role == OrganisationRole.FUNCTIONAL_ADMIN

    @property
    def is_safeguarding_lead(self) -> bool:
        return self.organisation_role == OrganisationRole.SAFEGUARDING_LEAD

    @property
    def may_see_case_content(self) -> bool:
        return self.organisation_role not in OrganisationRole.without_case_content()


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional (reads and writes)")
    TEAM_LEAD = "team_lead", _("Team lead (reads and writes, leads the team)")
    READ_ONLY = "read_only", _("Read only")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PROFESSIONAL
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="membership_unique_user_team")
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.team} ({self.get_role_display()})"

    @property
    def can_write(self) -> bool:
        return self.role in {Role.PROFESSIONAL, Role.TEAM_LEAD}

    @property
    def leads_team(self) -> bool:
        return self.role == Role.TEAM_LEAD


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


API_TOKEN_DEFAULT_DAYS = 90
API_TOKEN_MAX_DAYS = 365


def default_token_expiry():
    return timezone.now() + timedelta(days=API_TOKEN_DEFAULT_DAYS)


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(
            revoked_at__isnull=True, user__is_active=True, expires_at__gt=timezone.now()
        )


class ApiToken(models.Model):
    """A personal bearer token; only its hash is stored, the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), default=default_token_expiry)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return "vn_" + secrets.token_urlsafe(32)


class UserSession(models.Model):
    """Which session belongs to whom, so that deactivating a user can end them all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"session of {self.user_id}"


class DemoMarker(models.Model):
    """Present only in a database filled by seed_demo: the one place 2FA may be off."""

    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return "demo database"
