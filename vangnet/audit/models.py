"""NEN 7513 access log: append-only, hash-chained entries."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vangnet.core.fields import LimitedTextField


class AccessAction(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")
    PRINT = "print", _("print")
    SEARCH = "search", _("search")
    EMERGENCY = "emergency", _("emergency access")
    DENIED = "denied", _("refused")


class AccessBasis(models.TextChoices):
    """On what ground the user could reach the data."""

    TEAM = "team", _("member of the family's team")
    GRANT = "grant", _("explicit access grant")
    EMERGENCY = "emergency", _("emergency access")
    ORGANISATION = "organisation", _("organisation role")
    SYSTEM = "system", _("system task")
    NONE = "none", _("no access")


class AccessEvent(models.Model):
    """One entry of the access log. Never updated or deleted: the database refuses it.

    Client references are plain values, not foreign keys: an entry outlives the family
    file it is about (files are destroyed after retention, the log is kept).

    Schema changes: on SQLite an AlterField rebuilds the table and silently drops the
    append-only triggers; use AddIndex/AddField, or re-create the triggers in the same
    migration (tests/test_audit_chain.py fails if they are missing).
    """

    id = models.BigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField(_("time (UTC)"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150)
    acting_for = models.CharField(_("on behalf of"), max_length=150, blank=True)
    family_id = models.BigIntegerField(_("family"), null=True, db_index=True)
    family_ref = models.CharField(_("file number"), max_length=20, blank=True)
    person_id = models.BigIntegerField(_("person"), null=True)
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    object_type = models.CharField(_("object"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    part = models.CharField(_("part of the file"), max_length=60, blank=True)
    basis = models.CharField(_("basis"), max_length=20, choices=AccessBasis.choices)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    channel = models.CharField(_("channel"), max_length=10)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    emergency = models.BooleanField(_("emergency"), default=False, db_index=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("access-log entry")
        verbose_name_plural = _("access-log entries")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["user", "occurred_at"], name="access_user_time"),
            models.Index(fields=["family_id", "occurred_at"], name="access_family_time"),
            models.Index(fields=["family_ref", "occurred_at"], name="access_family_ref_time"),
        ]

    def __str__(self) -> str:
        return f"#{self.id} {self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.action}"


class AccessLogHead(models.Model):
    """The chain's tip: one row, locked while an entry is appended."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head at #{self.last_id}"


class PrivacyAlert(models.Model):
    """Unusual access for the privacy officer to look into (vangnet.audit.denials)."""

    class Kind(models.TextChoices):
        DENIED_FILES = "denied_files", _("refused on many files")
        READ_FILES = "read_files", _("read many files")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    username = models.CharField(_("username"), max_length=150)
    files = models.PositiveIntegerField(_("number of files"))
    window = models.DurationField(_("within"))
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now, db_index=True)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    note = LimitedTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("privacy alert")
        verbose_name_plural = _("privacy alerts")
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.username} {self.raised_at:%Y-%m-%d %H:%M}"

    @property
    def description(self) -> str:
        minutes = int(self.window.total_seconds() // 60)
        if self.kind == self.Kind.DENIED_FILES:
            text = _(
                "%(user)s was refused access to %(files)s different files within "
                "%(minutes)s minutes."
            )
        else:
            text = _("%(user)s read %(files)s different files within %(minutes)s minutes.")
        return text % {"user": self.username, "files": self.files, "minutes": minutes}


class Judgement(models.TextChoices):
    JUSTIFIED = "justified", _("justified")
    NOT_JUSTIFIED = "not_justified", _("not justified")


class SampleReason(models.TextChoices):
    """Why an entry is in a review's sample (vangnet.audit.log_review)."""

    EMERGENCY = "emergency", _("emergency access")
    DENIED = "denied", _("refused")
    BULK = "bulk", _("many files read within an hour")
    OFF_HOURS = "off_hours", _("read outside office hours")
    RANDOM = "random", _("random")


class LogReview(models.Model):
    """The privacy officer's monthly review of the access log (NEN 7513): a stored,
    reproducible sample of entries, each judged, and the review signed off."""

    month = models.DateField(_("month"), unique=True)  # the first day of the month
    seed = models.CharField(_("seed of the sample"), max_length=32)
    last_entry_id = models.BigIntegerField(_("last entry considered"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    signed_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    conclusion = LimitedTextField(_("conclusion"), blank=True)

    class Meta:
        verbose_name = _("log review")
        verbose_name_plural = _("log reviews")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"log review {self.month:%Y-%m}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class LogReviewItem(models.Model):
    review = models.ForeignKey(LogReview, on_delete=models.PROTECT, related_name="items")
    # A plain value, not a foreign key: the log is partitioned on PostgreSQL.
    entry_id = models.BigIntegerField(_("entry"))
    reason = models.CharField(_("why in the sample"), max_length=20, choices=SampleReason.choices)
    position = models.PositiveIntegerField()
    judgement = models.CharField(
        _("judgement"), max_length=20, choices=Judgement.choices, blank=True
    )
    note = LimitedTextField(_("note"), blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    judged_at = models.DateTimeField(_("judged at"), null=True, blank=True)
    access_ended = models.BooleanField(_("emergency access ended"), default=False)

    class Meta:
        verbose_name = _("log review item")
        verbose_name_plural = _("log review items")
        ordering = ["review", "position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "entry_id"], name="log_review_unique_entry")
        ]

    def __str__(self) -> str:
        return f"#{self.entry_id} in {self.review}"
