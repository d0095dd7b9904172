"""The portal for parents, caregivers and the network (safety persons).

An Invitation gives one person of a family file access to their part of the plan. The
person logs in with a one-time link (LoginLink: stored as a hash, valid a few days, single
use) and a one-time 6-digit code sent to the invited address (stored as a keyed hash). A
PortalSession is short and kept apart from professional sessions (its own cookie). A
CheckIn is what the person tells about the past week.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vangnet.families.models import Family, Person, PersonKind

# Who sees the parents' version; everyone else (network, other) sees the safety person's part.
PARENT_KINDS = (PersonKind.PARENT, PersonKind.CAREGIVER)
INVITABLE_KINDS = (PersonKind.PARENT, PersonKind.CAREGIVER, PersonKind.NETWORK, PersonKind.OTHER)


class SendChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message (SMS)")


class Invitation(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="portal_invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="portal_invitations")
    channel = models.CharField(_("send by"), max_length=5, choices=SendChannel.choices)
    # The e-mail address or phone number as it was when invited: links and codes go here only.
    address = models.CharField(_("address or number"), max_length=254)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("portal invitation")
        verbose_name_plural = _("portal invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"invitation {self.pk}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def sees_parents_version(self) -> bool:
        return self.person.kind in PARENT_KINDS

    @property
    def username(self) -> str:
        """How the access log names this visitor: never a name."""
        return f"portaal:{self.pk}"


class LoginLink(models.Model):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    blocked_at = models.DateTimeField(null=True, blank=True)  # too many wrong codes
    code_hash = models.CharField(max_length=64, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    codes_sent = models.PositiveSmallIntegerField(default=0)
    failed_codes = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"link {self.pk}"

    def usable(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.used_at is None
            and self.blocked_at is None
            and now < self.expires_at
            and self.invitation.revoked_at is None
        )


class PortalSession(models.Model):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="sessions")
    key_hash = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"portal session {self.pk}"


class PortalFailure(models.Model):
    """A failed portal login step from a client address (unknown link, wrong code)."""

    ip_address = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"failure {self.at:%Y-%m-%d %H:%M}"


class Mood(models.TextChoices):
    GREEN = "green", _("Good")
    ORANGE = "orange", _("Not so good, I am a bit worried")
    RED = "red", _("Bad, I am worried")


CONCERN_MOODS = (Mood.ORANGE, Mood.RED)


class CheckIn(models.Model):
    """ "How did this week go?" from a parent or someone of the network."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="checkins")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="portal_checkins")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    mood = models.CharField(_("how did this week go?"), max_length=6, choices=Mood.choices)
    words = models.CharField(_("in a few words"), max_length=500, blank=True)
    warning_sign = models.BooleanField(_("I saw a warning sign"), default=False)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["family", "created_at"], name="checkin_family_time")]

    def __str__(self) -> str:
        return f"check-in {self.pk}"

    @property
    def is_concern(self) -> bool:
        return self.mood in CONCERN_MOODS or self.warning_sign
