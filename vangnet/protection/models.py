"""Phases of help, protective measures and forensic medical examinations (seed 003).

- PhaseStatus: the current state of each of the three phases of a family (short-term safety,
  long-term safety, recovery), set by a professional; PhaseChange keeps every change (the
  family timeline shows them).
- ProtectiveMeasure: a tijdelijk huisverbod, a (provisional) supervision order or
  guardianship, as a record with its dates, not as free text.
- ForensicExamination: for a meldcode signal with an injury, whether a forensic medical
  examination was asked for, by whom, when, and its outcome.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vangnet.core.fields import LimitedTextField
from vangnet.families.models import Family, Person
from vangnet.protection import rules


class Phase(models.TextChoices):
    SHORT_TERM = rules.SHORT_TERM, _("Short-term safety")
    LONG_TERM = rules.LONG_TERM, _("Long-term safety")
    RECOVERY = rules.RECOVERY, _("Recovery")


class PhaseState(models.TextChoices):
    NOT_STARTED = rules.NOT_STARTED, _("Not started")
    WORKING = rules.WORKING, _("Working on it")
    REACHED = rules.REACHED, _("Reached")


class PhaseStatus(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="phases", verbose_name=_("family")
    )
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=PhaseState.choices, default=PhaseState.NOT_STARTED
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    note = LimitedTextField(_("explanation"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("phase of help")
        verbose_name_plural = _("phases of help")
        constraints = [
            models.UniqueConstraint(fields=["family", "phase"], name="one_status_per_phase")
        ]

    def __str__(self) -> str:
        return f"{self.family_id} {self.phase} {self.state}"


class PhaseChange(models.Model):
    """Every change of a phase's state, kept: the family timeline shows them."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="phase_changes")
    phase = models.CharField(max_length=12, choices=Phase.choices)
    from_state = models.CharField(max_length=12, choices=PhaseState.choices)
    to_state = models.CharField(max_length=12, choices=PhaseState.choices)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = LimitedTextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.phase}: {self.from_state} -> {self.to_state}"


class MeasureKind(models.TextChoices):
    RESTRAINING_ORDER = rules.RESTRAINING_ORDER, _("Temporary restraining order (huisverbod)")
    PROVISIONAL_SUPERVISION = (
        rules.PROVISIONAL_SUPERVISION,
        _("Provisional supervision order (voorlopige OTS)"),
    )
    SUPERVISION = rules.SUPERVISION, _("Supervision order (ondertoezichtstelling)")
    GUARDIANSHIP = rules.GUARDIANSHIP, _("Guardianship (voogdij)")


class ProtectiveMeasure(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="measures", verbose_name=_("family")
    )
    kind = models.CharField(_("kind of measure"), max_length=25, choices=MeasureKind.choices)
    # Huisverbod: on whom it is imposed. Supervision order and guardianship: the child.
    person = models.ForeignKey(
        Person, on_delete=models.RESTRICT, related_name="+", verbose_name=_("concerns")
    )
    imposed_by = models.CharField(_("imposed by"), max_length=200, blank=True)
    institution = models.CharField(_("certified institution (GI)"), max_length=200, blank=True)
    guardian = models.CharField(_("family guardian or guardian"), max_length=200, blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    note = LimitedTextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("protective measure")
        verbose_name_plural = _("protective measures")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["family", "ends_on"], name="measure_family_end")]

    def __str__(self) -> str:
        return f"{self.kind} {self.starts_on}"

    @property
    def end(self):
        """The end date as it stands now (the extension, if any)."""
        return rules.effective_end(self.ends_on, self.extended_to)

    def is_active_on(self, day) -> bool:
        return rules.is_active(self.ends_on, self.extended_to, self.starts_on, day)


class Examiner(models.TextChoices):
    FPKJ = "fpkj", _("FPKJ (forensic paediatrics)")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis (forensic doctor)")
    GGD = "ggd", _("GGD forensic doctor")
    HOSPITAL = "hospital", _("Hospital (paediatrician)")
    OTHER = "other", _("Other")


class ForensicExamination(models.Model):
    """For a meldcode signal with an injury: was a forensic medical examination asked for?"""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="forensic_examinations"
    )
    signal = models.OneToOneField(
        "meldcode.Signal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forensic_examination",
        verbose_name=_("signal with an injury"),
    )
    child = models.ForeignKey(
        Person, on_delete=models.RESTRICT, related_name="+", verbose_name=_("child")
    )
    requested = models.BooleanField(_("examination asked for"))
    reason_not_requested = LimitedTextField(_("why not"), blank=True)
    requested_by = models.CharField(_("asked for by"), max_length=200, blank=True)
    requested_on = models.DateField(_("asked for on"), null=True, blank=True)
    examiner = models.CharField(
        _("examined by"), max_length=15, choices=Examiner.choices, blank=True
    )
    examined_on = models.DateField(_("examined on"), null=True, blank=True)
    outcome = LimitedTextField(_("outcome"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("forensic medical examination")
        verbose_name_plural = _("forensic medical examinations")
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"{self.family_id} {self.requested_on}"
