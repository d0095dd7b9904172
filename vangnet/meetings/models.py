"""Veiligheidsoverleg: meeting series per team, meetings, agendas, minutes, actions, cadence.

Every write goes through vangnet.meetings.actions; every read through
vangnet.meetings.queries (access check + one access-log entry).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vangnet.accounts.models import Discipline
from vangnet.core.fields import LimitedTextField


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")


class MeetingSeries(models.Model):
    """How a team runs its safety meeting, and the agenda thresholds it uses."""

    team = models.OneToOneField(
        "accounts.Team", on_delete=models.CASCADE, related_name="meeting_series"
    )
    interval_days = models.PositiveSmallIntegerField(_("meets every (days)"), default=14)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, default=Weekday.TUESDAY
    )
    start_time = models.TimeField(_("start time"), default="13:30")
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    location = models.CharField(_("place or online link"), max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField(_("families per meeting"), default=5)
    # The team's phased review cadence for a family discussed for the first time: every
    # `default_cadence_days` until it has been discussed `cadence_phase_meetings` times, then
    # every `later_cadence_days` (0 meetings: no automatic change).
    default_cadence_days = models.PositiveSmallIntegerField(
        _("default review cadence (days)"), default=14
    )
    cadence_phase_meetings = models.PositiveSmallIntegerField(
        _("discussions before the cadence changes"), default=6
    )
    later_cadence_days = models.PositiveSmallIntegerField(
        _("later review cadence (days)"), default=28
    )
    no_contact_days = models.PositiveSmallIntegerField(
        _("no contact for more than (days)"), default=21
    )
    scaling_window = models.PositiveSmallIntegerField(_("scaling scores compared"), default=3)
    scaling_drop = models.PositiveSmallIntegerField(_("scaling drop (points)"), default=2)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return f"series {self.team_id}"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    STARTED = "started", _("In progress")
    FINALISED = "finalised", _("Minutes final")


class Meeting(models.Model):
    series = models.ForeignKey(MeetingSeries, on_delete=models.PROTECT, related_name="meetings")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("date and time"))
    location = models.CharField(_("place or online link"), max_length=300, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    capacity = models.PositiveSmallIntegerField(_("families on the agenda"), default=5)
    overflow = models.JSONField(default=list)  # candidates that did not fit, with reasons
    # When the agenda was (re)made, and when it was last brought up to date with the reasons.
    agenda_made_at = models.DateTimeField(null=True, blank=True)
    agenda_updated_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["team", "starts_at"], name="meeting_team_time")]

    def __str__(self) -> str:
        return f"meeting {self.pk}"

    @property
    def day(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def frozen(self) -> bool:
        return self.status != MeetingStatus.PLANNED

    @property
    def final(self) -> bool:
        return self.status == MeetingStatus.FINALISED


class Attendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # As it was at the meeting.
    discipline = models.CharField(_("discipline"), max_length=30, choices=Discipline.choices)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendee_once")]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class ItemSource(models.TextChoices):
    GENERATED = "generated", _("Generated")
    CHAIR = "chair", _("Added by the chair")


class AgendaItem(models.Model):
    """A family on (or taken off) a meeting's agenda, with the reasons it is there."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    score = models.IntegerField(default=0)
    reasons = models.JSONField(default=list)  # [{"code": ..., "params": {...}}]
    source = models.CharField(max_length=10, choices=ItemSource.choices)
    chair_reason = LimitedTextField(blank=True)
    removed = models.BooleanField(default=False)
    removed_reason = LimitedTextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The reasons when the agenda was made: what changed since is shown to the chair.
    made_reasons = models.JSONField(default=list)
    added_at = models.DateTimeField(default=timezone.now)
    # Added by the automatic update of a planned agenda, after the agenda was made.
    added_by_update = models.BooleanField(default=False)

    class Meta:
        ordering = ["removed", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "family"], name="agenda_family_once")
        ]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class Discussion(models.Model):
    """The minutes of one family in one meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="discussions")
    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="meeting_discussions"
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    # On the agenda but not discussed (no time, case worker absent): it comes back on the
    # next agenda and does not count as a discussion.
    not_discussed = models.BooleanField(_("not discussed"), default=False)
    not_discussed_reason = LimitedTextField(_("why not discussed"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["meeting__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "family"], name="discussion_once")
        ]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class DisciplineInput(models.Model):
    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="inputs")
    discipline = models.CharField(_("discipline"), max_length=30, choices=Discipline.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = LimitedTextField(_("input"))
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class DecisionKind(models.TextChoices):
    CONTINUE = "continue", _("Continue as planned")
    CHANGE_CADENCE = "change_cadence", _("Change how often the family is discussed")
    REPORT_VT = "report_vt", _("Report to Veilig Thuis")
    RE_REPORT = "re_report", _("Report to Veilig Thuis again")
    CHILD_PROTECTION = (
        "child_protection",
        _("Involve child protection (Raad voor de Kinderbescherming or GI)"),
    )
    NO_HOME_VISITS = "no_home_visits", _("No home visits (staff safety)")
    CLOSE = "close", _("Stop discussing: safety is sufficient")
    OTHER = "other", _("Other")


class Decision(models.Model):
    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("kind of decision"), max_length=20, choices=DecisionKind.choices)
    text = LimitedTextField(_("decision"))
    cadence_days = models.PositiveSmallIntegerField(_("new cadence (days)"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class MeetingAction(models.Model):
    """An action with an owner; it comes back on every agenda until it is done."""

    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="meeting_actions"
    )
    discussion = models.ForeignKey(
        Discussion, on_delete=models.CASCADE, related_name="actions", null=True, blank=True
    )
    description = LimitedTextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="meeting_actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = LimitedTextField(_("how it was done"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["family", "done_on", "due_on"], name="meeting_action_open"),
            models.Index(fields=["owner", "done_on"], name="meeting_action_owner"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"

    def is_overdue(self, today) -> bool:
        return self.done_on is None and self.due_on < today


class ReviewCadence(models.Model):
    """How often a family is discussed. A new row per change: the history is kept.

    The newest row is the current one; interval_days None means the family is no longer
    discussed by cadence (stopped). A phased row (later_after and later_interval_days set)
    moves on by itself: once the family has been discussed later_after times since
    valid_from, finalising the minutes adds a row with the later interval.
    """

    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="review_cadences"
    )
    interval_days = models.PositiveSmallIntegerField(
        _("discuss every (days)"), null=True, blank=True
    )
    reason = LimitedTextField(_("reason"))
    valid_from = models.DateField(_("from"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    later_after = models.PositiveSmallIntegerField(
        _("discussions before the cadence changes"), null=True, blank=True
    )
    later_interval_days = models.PositiveSmallIntegerField(
        _("then discuss every (days)"), null=True, blank=True
    )
    # Set by Vangnet in a meeting (first discussion, phase moved on), not by a person's choice.
    automatic = models.BooleanField(default=False)

    class Meta:
        ordering = ["set_at", "id"]
        indexes = [models.Index(fields=["family", "set_at"], name="cadence_family_time")]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class Addendum(models.Model):
    """A note added to final minutes: the minutes themselves never change."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="addenda")
    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = LimitedTextField(_("addendum"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class CalendarFeed(models.Model):
    """The secret of a user's calendar feed URL (only its hash is stored)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"
