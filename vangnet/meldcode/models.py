"""Meldcode trajectories: the five steps, their records, reports to Veilig Thuis.

A record (signal, consultation, conversation, weighing, report) starts as a draft and can
be finalised; a finalised record is never changed again, only supplemented by an addendum.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vangnet.core.fields import LimitedTextField
from vangnet.meldcode import afwegingskader as ak


class TrajectoryStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Trajectory(models.Model):
    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="meldcode_trajectories"
    )
    children = models.ManyToManyField(
        "families.Person", related_name="meldcode_trajectories", verbose_name=_("children")
    )
    started_on = models.DateField(_("started on"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = LimitedTextField(_("reason for starting"), blank=True)
    status = models.CharField(
        max_length=10, choices=TrajectoryStatus.choices, default=TrajectoryStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_at_step = models.PositiveSmallIntegerField(null=True, blank=True)
    close_reason = LimitedTextField(_("reason for closing"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="restarts"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == TrajectoryStatus.OPEN


class Finalisable(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Optimistic locking: every change of a draft names the version it started from.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None


class Category(models.TextChoices):
    PHYSICAL_ABUSE = "physical_abuse", _("Physical abuse")
    PSYCHOLOGICAL_ABUSE = "psychological_abuse", _("Psychological abuse")
    PHYSICAL_NEGLECT = "physical_neglect", _("Physical neglect")
    PSYCHOLOGICAL_NEGLECT = "psychological_neglect", _("Psychological neglect")
    SEXUAL_ABUSE = "sexual_abuse", _("Sexual abuse")
    PARTNER_VIOLENCE = "partner_violence", _("Witnessing partner violence")


class SignalSource(models.TextChoices):
    OWN = "own", _("Own observation")
    CHILD = "child", _("The child")
    PARENT = "parent", _("A parent or caregiver")
    NETWORK = "network", _("Someone from the network")
    SCHOOL = "school", _("School or childcare")
    PROFESSIONAL = "professional", _("Another professional")
    OTHER = "other", _("Other")


class Signal(Finalisable):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="signals")
    # RESTRICT: removing the child from the family must not silently delete meldcode records
    # (destroying the whole file after its retention period still removes them).
    child = models.ForeignKey(
        "families.Person", on_delete=models.RESTRICT, related_name="+", verbose_name=_("child")
    )
    observed_on = models.DateField(_("date of the observation"))
    observed_by = models.CharField(_("who saw or heard it"), max_length=200)
    description = LimitedTextField(_("what was seen or heard"))
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    source = models.CharField(_("source"), max_length=20, choices=SignalSource.choices)
    child_words = LimitedTextField(_("the child's own words (verbatim)"), blank=True)
    injury = models.BooleanField(_("there is an injury"), default=False)
    disclosure = models.BooleanField(_("disclosure"), default=False)
    acute = models.BooleanField(_("acute danger"), default=False)

    class Meta:
        ordering = ["observed_on", "id"]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class ConsultationKind(models.TextChoices):
    COLLEAGUE = "colleague", _("A colleague")
    SAFEGUARDING_LEAD = "safeguarding_lead", _("The aandachtsfunctionaris")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis (advice, anonymous)")
    INJURY_EXPERT = "injury_expert", _("A letselduiding expert")


class Consultation(Finalisable):
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField(_("consulted"), max_length=20, choices=ConsultationKind.choices)
    consulted_on = models.DateField(_("date"))
    with_whom = models.CharField(_("with whom"), max_length=200)
    advice = LimitedTextField(_("advice"))

    class Meta:
        ordering = ["consulted_on", "id"]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class SkipReason(models.TextChoices):
    DANGER_CHILD = "danger_child", _("The conversation would endanger the child")
    DANGER_CLIENT = "danger_client", _("The conversation would endanger the client")
    DANGER_PROFESSIONAL = (
        "danger_professional",
        _("The conversation would endanger the professional"),
    )
    DANGER_OTHERS = "danger_others", _("The conversation would endanger others")
    NO_CONTACT = "no_contact", _("There is no contact with the client")


class Conversation(Finalisable):
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="conversations"
    )
    held = models.BooleanField(_("the conversation took place"), default=True)
    held_on = models.DateField(_("date"), null=True, blank=True)
    with_whom = models.CharField(_("with whom"), max_length=300, blank=True)
    reaction = LimitedTextField(_("their reaction"), blank=True)
    skip_reason = models.CharField(
        _("reason to skip the conversation"), max_length=30, choices=SkipReason.choices, blank=True
    )
    skip_explanation = LimitedTextField(_("explanation"), blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class Unsafety(models.TextChoices):
    NONE = "none", _("No acute or structural unsafety")
    ACUTE = "acute", _("Acute unsafety")
    STRUCTURAL = "structural", _("Structural unsafety")
    BOTH = "both", _("Acute and structural unsafety")


class Outcome(models.TextChoices):
    CLOSE = ak.CLOSE, _("Close: no suspicion; recorded in the file")
    REPORT_TOGETHER = (
        ak.REPORT_TOGETHER,
        _("Report to Veilig Thuis; answer questions 3 to 5 together with Veilig Thuis"),
    )
    REPORT = ak.REPORT, _("Report to Veilig Thuis")
    HELP = ak.HELP, _("Provide or organise help; evaluate later with question 5")
    VT_TAKES_OVER = ak.VT_TAKES_OVER, _("Reported; Veilig Thuis takes over")
    REPORT_AND_HELP = (
        ak.REPORT_AND_HELP,
        _("Reported, and provide or organise help; evaluate later with question 5"),
    )
    REREPORT = ak.REREPORT, _("Report (again) to Veilig Thuis")
    CLOSE_WITH_MONITORING = (
        ak.CLOSE_WITH_MONITORING,
        _("Close the help with agreements on monitoring safety"),
    )


class WeighingStage(models.TextChoices):
    FIRST = ak.FIRST, _("First weighing (questions 1 to 4)")
    WITH_VEILIG_THUIS = (
        ak.WITH_VEILIG_THUIS,
        _("After the report, with Veilig Thuis (questions 3 and 4)"),
    )
    EVALUATION = ak.EVALUATION, _("Evaluation of the help (question 5)")


class Weighing(Finalisable):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="weighings")
    stage = models.CharField(
        _("kind of weighing"),
        max_length=20,
        choices=WeighingStage.choices,
        default=WeighingStage.FIRST,
    )
    weighed_on = models.DateField(_("date"))
    # With Veilig Thuis: the report it follows and who at Veilig Thuis weighed with us.
    report = models.ForeignKey(
        "Report",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="weighings",
        verbose_name=_("report"),
    )
    vt_contact = models.CharField(_("who at Veilig Thuis"), max_length=200, blank=True)
    # Question 2 answered "none" although a finalised signal is a disclosure.
    disclosure_reason = LimitedTextField(
        _("why there is no acute unsafety despite the disclosure"), blank=True
    )
    # Question 5 answered before the evaluation date that was set.
    early_reason = LimitedTextField(_("why the help is evaluated early"), blank=True)
    q1 = models.BooleanField(null=True, blank=True)
    q1_rationale = LimitedTextField(blank=True)
    q2 = models.CharField(max_length=12, choices=Unsafety.choices, blank=True)
    q2_rationale = LimitedTextField(blank=True)
    q3 = models.BooleanField(null=True, blank=True)
    q3_rationale = LimitedTextField(blank=True)
    q4 = models.BooleanField(null=True, blank=True)
    q4_rationale = LimitedTextField(blank=True)
    q5 = models.BooleanField(null=True, blank=True)
    q5_rationale = LimitedTextField(blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    help_evaluate_on = models.DateField(_("evaluate the help on"), null=True, blank=True)

    class Meta:
        ordering = ["weighed_on", "id"]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"

    def answers(self) -> dict[int, bool | None]:
        """The answers of this weighing's own questions (a weighing stored before there
        were stages may hold question 5 in a first weighing: its stored outcome stands)."""
        q2 = None if not self.q2 else self.q2 != Unsafety.NONE
        every = {1: self.q1, 2: q2, 3: self.q3, 4: self.q4, 5: self.q5}
        return {q: every[q] for q in ak.STAGE_QUESTIONS[self.stage]}

    @property
    def acute(self) -> bool:
        return self.q2 in (Unsafety.ACUTE, Unsafety.BOTH)

    @property
    def result(self) -> ak.Result:
        return ak.evaluate(self.answers(), self.stage)


class VtDecision(models.TextChoices):
    CLOSED_AFTER_CALL = "closed_after_call", _("Closed after a phone call")
    ADVICE = "advice", _("Advice only, file closed")
    SAFETY_ASSESSMENT = "safety_assessment", _("Safety assessment")
    INVESTIGATION = "investigation", _("Investigation")
    HANDED_TO_GI = "handed_to_gi", _("Handed to the child protection agency (GI)")
    REFERRED = "referred", _("Referred to local help (wijkteam)")
    OTHER = "other", _("Other")


class Report(Finalisable):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("date of the report"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported by"),
    )
    vt_contact = models.CharField(_("contact person at Veilig Thuis"), max_length=200)
    vt_reference = models.CharField(_("Veilig Thuis reference"), max_length=60, blank=True)
    shared = LimitedTextField(_("what was shared"))
    family_informed = models.BooleanField(_("the family was told about the report"))
    not_informed_reason = LimitedTextField(_("why the family was not told"), blank=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="rereports",
        verbose_name=_("earlier report"),
    )
    feedback_due_on = models.DateField(_("feedback expected by"))
    feedback_on = models.DateField(_("feedback received on"), null=True, blank=True)
    feedback_decision = models.CharField(
        _("decision of Veilig Thuis"), max_length=30, choices=VtDecision.choices, blank=True
    )
    feedback_summary = LimitedTextField(_("feedback from Veilig Thuis"), blank=True)
    feedback_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["reported_on", "id"]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"

    def feedback_overdue(self, today) -> bool:
        return self.feedback_on is None and today > self.feedback_due_on


class RecordKind(models.TextChoices):
    SIGNAL = "signal", _("Signal")
    CONSULTATION = "consultation", _("Consultation")
    CONVERSATION = "conversation", _("Conversation")
    WEIGHING = "weighing", _("Weighing")
    REPORT = "report", _("Report")


class Addendum(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="addenda")
    record_kind = models.CharField(max_length=20, choices=RecordKind.choices)
    record_id = models.PositiveIntegerField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("why this addendum"), max_length=300)
    text = LimitedTextField(_("addendum"))

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class AceQuestionnaire(models.Model):
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="ace_questionnaires"
    )
    subject = models.ForeignKey(
        "families.Person",
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("about whom"),
    )
    answered_by = models.CharField(_("answered by"), max_length=200)
    answered_on = models.DateField(_("answered on"))
    answers = models.JSONField(default=list)  # ten booleans, in the order of ACE_ITEMS
    score = models.PositiveSmallIntegerField(_("ACE score"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_on", "id"]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class FactorList(models.Model):
    """Risk and protective factors, ticked on the fixed checklist (see factors.py)."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="factor_lists"
    )
    assessed_on = models.DateField(_("date"))
    factors = models.JSONField(default=list)  # codes from factors.FACTORS
    notes_child = LimitedTextField(_("notes on the child"), blank=True)
    notes_parents = LimitedTextField(_("notes on the parents"), blank=True)
    notes_family = LimitedTextField(_("notes on the family"), blank=True)
    notes_environment = LimitedTextField(_("notes on the environment"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessed_on", "id"]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class ReferralReason(models.TextChoices):
    ACUTE = "acute", _("Acute unsafety")
    DISCLOSURE = "disclosure", _("Disclosure")
    VT_FEEDBACK_OVERDUE = "vt_feedback_overdue", _("Feedback from Veilig Thuis overdue")
    VT_CLOSED = "vt_closed", _("Veilig Thuis closed the report")


class MeetingReferral(models.Model):
    """A family put on the agenda of the next veiligheidsoverleg (for the meetings app)."""

    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="meeting_referrals"
    )
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, null=True, blank=True, related_name="referrals"
    )
    reason = models.CharField(max_length=30, choices=ReferralReason.choices)
    source = models.CharField(max_length=40)  # e.g. "signal:12", "weighing:3"
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["raised_at", "id"]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"
