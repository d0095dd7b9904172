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
    # A power, not a job title: it is given with four eyes like every organisation role,
    # so an admin cannot make an approver by editing someone's discipline.
    DIRECTOR = "director", _("Director: approves changes of access rights")

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


# Four eyes on access rights ----------------------------------------------------------------------


class ChangeKind(models.TextChoices):
    """Changes that give access (or a new login) and so need a second person's approval."""

    ORGANISATION_ROLE = "organisation_role", _("Organisation role")
    MEMBERSHIP = "membership", _("Team membership")
    ACCESS_GRANT = "access_grant", _("Explicit access to a family file")
    RESET_TWO_FACTOR = "reset_two_factor", _("New login: reset of the second factor")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved and carried out")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AccessChangeRequest(models.Model):
    """A change of access rights asked for by one person, carried out only when a second
    person with the right to approve it does (vangnet.accounts.four_eyes)."""

    kind = models.CharField(_("kind"), max_length=30, choices=ChangeKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_change_requests",
        verbose_name=_("user"),
    )
    # What is asked for: only the fields of the kind are filled in.
    organisation_role = models.CharField(
        _("organisation role"), max_length=40, choices=OrganisationRole.choices, blank=True
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    family_reference = models.CharField(_("file number"), max_length=20, blank=True)
    grant_ends_at = models.DateTimeField(_("access until"), null=True, blank=True)
    grant_can_write = models.BooleanField(_("may change the file"), default=False)
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(
        _("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("access change request")
        verbose_name_plural = _("access change requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # The database itself refuses an approval by the person who asked.
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")),
                name="access_change_not_own_decision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == ChangeStatus.PENDING

    @property
    def summary(self) -> str:
        """What is asked for, in words (no case content: a file number at most)."""
        if self.kind == ChangeKind.ORGANISATION_ROLE:
            return str(
                OrganisationRole(self.organisation_role).label
                if self.organisation_role
                else OrganisationRole.NONE.label
            )
        if self.kind == ChangeKind.MEMBERSHIP:
            return f"{self.team} - {Role(self.role).label}"
        if self.kind == ChangeKind.ACCESS_GRANT:
            until = timezone.localtime(self.grant_ends_at).strftime("%d-%m-%Y")
            return f"{self.family_reference} ({until})"
        return str(ChangeKind.RESET_TWO_FACTOR.label)


class AccountSetupToken(models.Model):
    """A one-time link with which a user sets their own password and second factor.

    Only the hash is stored; the link is shown once, to the person who approved it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="setup_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    request = models.ForeignKey(
        AccessChangeRequest, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"setup link of {self.user_id}"

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and now < self.expires_at and self.user.is_active
