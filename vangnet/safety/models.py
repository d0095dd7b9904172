"""The safety plan (veiligheidsplan) the Signs of Safety way.

The working draft lives in normal rows (mapping, danger statements, goals, safety persons,
bottom lines, agreements, steps). A PlanVersion freezes a snapshot of those rows (JSON):
that snapshot is what is signed, distributed, printed and compared. A distributed version
never changes; a change to the rows afterwards is the next draft.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vangnet.accounts.models import Team
from vangnet.core.fields import LimitedTextField
from vangnet.families.models import Family, Person


def plain_text_field():
    """The element in plain language, written with the family ("in gewone taal"): what the
    parents' version shows instead of the professional text (vangnet.safety.outputs)."""
    return LimitedTextField(_("in plain language"), blank=True)


class SafetyPlan(models.Model):
    family = models.OneToOneField(
        Family, on_delete=models.CASCADE, related_name="safety_plan", verbose_name=_("family")
    )
    # Bumped by every change to the draft: a version is only made of the draft the user saw.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")

    def __str__(self) -> str:
        return f"{self.family.reference}"


class Contributor(models.TextChoices):
    PARENT = "parent", _("Parent or caregiver")
    CHILD = "child", _("Child")
    NETWORK = "network", _("Network person")
    PROFESSIONAL = "professional", _("Professional")


class MappingColumn(models.TextChoices):
    WORRIES = "worries", _("What are we worried about?")
    WORKING_WELL = "working_well", _("What is working well?")
    NEEDS = "needs", _("What needs to happen?")


class MappingCategory(models.TextChoices):
    PAST_HARM = "past_harm", _("Past harm")
    FUTURE_DANGER = "future_danger", _("Future danger")
    COMPLICATING = "complicating", _("Complicating factor")
    STRENGTH = "strength", _("Strength")
    EXISTING_SAFETY = "existing_safety", _("Existing safety")
    EXCEPTION = "exception", _("Exception")
    NEXT_STEP = "next_step", _("Next step")


CATEGORY_COLUMN = {
    MappingCategory.PAST_HARM: MappingColumn.WORRIES,
    MappingCategory.FUTURE_DANGER: MappingColumn.WORRIES,
    MappingCategory.COMPLICATING: MappingColumn.WORRIES,
    MappingCategory.STRENGTH: MappingColumn.WORKING_WELL,
    MappingCategory.EXISTING_SAFETY: MappingColumn.WORKING_WELL,
    MappingCategory.EXCEPTION: MappingColumn.WORKING_WELL,
    MappingCategory.NEXT_STEP: MappingColumn.NEEDS,
}


class MappingItem(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="mapping")
    category = models.CharField(_("kind"), max_length=20, choices=MappingCategory.choices)
    text = LimitedTextField(_("text"))
    contributor_kind = models.CharField(
        _("contributed by"), max_length=15, choices=Contributor.choices
    )
    contributor_name = models.CharField(_("name of the contributor"), max_length=200, blank=True)
    recorded_on = models.DateField(_("date"), default=timezone.localdate)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["recorded_on", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def column(self) -> str:
        return CATEGORY_COLUMN[self.category]


class HarmStatement(models.Model):
    """What actually happened (the harm), part of the mapping's worries: whose behaviour, what
    happened to which child, how often or how long, and what it did to the child. A danger
    statement grows out of one or more harm statements; it is not a re-telling of them."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="harms")
    whose = models.CharField(_("whose behaviour"), max_length=200)
    what = LimitedTextField(_("what happened"))
    children = models.ManyToManyField(
        Person, through="HarmChild", related_name="+", verbose_name=_("child(ren)")
    )
    how_often = LimitedTextField(_("how often, since when, how long"))
    impact = LimitedTextField(_("what it did to the child(ren)"))
    source = LimitedTextField(_("how we know"), blank=True)
    plain = plain_text_field()
    order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.whose}: {self.what}"[:80]


class HarmChild(models.Model):
    """Which child a harm statement is about."""

    harm = models.ForeignKey(HarmStatement, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.RESTRICT, related_name="+")

    class Meta:
        unique_together = [("harm", "person")]

    def __str__(self) -> str:
        return f"{self.harm_id}-{self.person_id}"


class DangerStatement(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="dangers")
    whose = models.CharField(_("whose behaviour"), max_length=200)
    behaviour = LimitedTextField(_("what behaviour"))
    situations = LimitedTextField(_("in which situations"))
    children = models.ManyToManyField(
        Person, through="DangerChild", related_name="+", verbose_name=_("child(ren)")
    )
    impact = LimitedTextField(_("impact on the child(ren)"))
    fear = LimitedTextField(_("what we fear happens if nothing changes"))
    plain = plain_text_field()
    harms = models.ManyToManyField(
        HarmStatement,
        through="DangerHarm",
        related_name="dangers",
        blank=True,
        verbose_name=_("grows out of the harm statement(s)"),
    )
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.whose


class DangerHarm(models.Model):
    """Which harm statement(s) a danger statement grows out of."""

    danger = models.ForeignKey(DangerStatement, on_delete=models.CASCADE)
    harm = models.ForeignKey(HarmStatement, on_delete=models.CASCADE)

    class Meta:
        unique_together = [("danger", "harm")]

    def __str__(self) -> str:
        return f"{self.danger_id}-{self.harm_id}"


# Removing a person must not silently erase the plan's history about them: every link from the
# plan to a person is RESTRICT, so families.actions.do_remove_person refuses with a message.
# RESTRICT (not PROTECT) still lets the retention destroy delete the whole file, because the
# plan rows are deleted in the same cascade from the Family.


class DangerChild(models.Model):
    """Which child a danger statement is about (the table Django made for the M2M before)."""

    dangerstatement = models.ForeignKey(DangerStatement, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.RESTRICT, related_name="+")

    class Meta:
        db_table = "safety_dangerstatement_children"
        unique_together = [("dangerstatement", "person")]

    def __str__(self) -> str:
        return f"{self.dangerstatement_id}-{self.person_id}"


class SafetyGoal(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="goals")
    danger = models.ForeignKey(
        DangerStatement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("danger statement"),
    )
    text = LimitedTextField(_("safety goal"))
    plain = plain_text_field()
    parents_agreed_on = models.DateField(_("parents agreed on"), null=True, blank=True)
    professionals_agreed_on = models.DateField(_("professionals agreed on"), null=True, blank=True)
    gi_agreed_on = models.DateField(
        _("child protection agency (GI) agreed on"), null=True, blank=True
    )
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


# Who of the family may record that they do not agree: the parents and caregivers, and the child.
DISAGREEING_KINDS = ("parent", "caregiver", "child")


class Disagreement(models.Model):
    """A parent, caregiver or child does not agree with a danger statement or a safety goal:
    written down in their own words, not smoothed over. The work goes on; the plan says so."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="disagreements")
    person = models.ForeignKey(
        Person, on_delete=models.RESTRICT, related_name="+", verbose_name=_("who does not agree")
    )
    danger = models.ForeignKey(
        DangerStatement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="disagreements",
        verbose_name=_("danger statement"),
    )
    goal = models.ForeignKey(
        SafetyGoal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="disagreements",
        verbose_name=_("safety goal"),
    )
    text = LimitedTextField(_("in their own words"))
    recorded_on = models.DateField(_("said on"), default=timezone.localdate)
    # What a parent or caregiver said is always in the parents' version; what the child said
    # is left out when the parents reading it could put the child at risk.
    parents_see = models.BooleanField(_("in the parents' version"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(danger__isnull=False) & models.Q(goal__isnull=True))
                | (models.Q(danger__isnull=True) & models.Q(goal__isnull=False)),
                name="disagreement_danger_or_goal",
                violation_error_message=_(
                    "Choose the danger statement or the safety goal this is about: one of the two."
                ),
            ),
        ]  # once per person and statement: checked by the action (the form has no instance)

    def __str__(self) -> str:
        return self.text[:60]


class SafetyPerson(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="safety_persons")
    person = models.ForeignKey(
        Person, on_delete=models.RESTRICT, related_name="+", verbose_name=_("person")
    )
    role = LimitedTextField(_("role in the plan"))
    plain = plain_text_field()
    confirmed_on = models.DateField(_("confirmed commitment on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="safety_person_once")
        ]

    def __str__(self) -> str:
        return str(self.person)


class BottomLineKind(models.TextChoices):
    SAFETY_PERSONS = "safety_persons", _("Minimum number of safety persons")
    WORDS_AND_PICTURES = "words_and_pictures", _("Words and pictures explanation")
    SIMPLE_PLAN = "simple_plan", _("Simple, concrete plan")
    OTHER = "other", _("Other bottom line")


class BottomLineTemplate(models.Model):
    """A team's default bottom lines, copied into each new plan of the team."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="bottom_lines", verbose_name=_("team")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BottomLineKind.choices)
    text = LimitedTextField(_("text"))
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("For the minimum number of safety persons.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("default bottom line")
        verbose_name_plural = _("default bottom lines")
        ordering = ["team", "order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class BottomLine(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="bottom_lines")
    kind = models.CharField(_("kind"), max_length=20, choices=BottomLineKind.choices)
    text = LimitedTextField(_("bottom line"))
    plain = plain_text_field()
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    met_manually = models.BooleanField(_("met"), default=False)
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Situation(models.TextChoices):
    MORNING = "morning", _("Morning")
    SCHOOL = "school", _("School")
    AFTER_SCHOOL = "after_school", _("After school")
    EVENING = "evening", _("Evening")
    NIGHT = "night", _("Night")
    WEEKEND = "weekend", _("Weekend")
    CONTACT = "contact", _("Contact and visits")
    STRESS = "stress", _("Stress or trigger")
    OTHER = "other", _("Other")


class Agreement(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="agreements")
    people = models.ManyToManyField(
        Person,
        through="AgreementPerson",
        related_name="+",
        blank=True,
        verbose_name=_("who (family and network)"),
    )
    professionals = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="+",
        blank=True,
        verbose_name=_("who (professionals)"),
    )
    what = LimitedTextField(_("what"))
    situation = models.CharField(_("daily situation"), max_length=20, choices=Situation.choices)
    when = models.CharField(_("when, in words"), max_length=300, blank=True)
    how = LimitedTextField(_("how (the steps)"))
    fallback = LimitedTextField(_("fallback: who takes over if it goes wrong anyway"))
    plain = plain_text_field()
    monitor_person = models.ForeignKey(
        Person,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("monitored by (family or network)"),
    )
    monitor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("monitored by (professional)"),
    )
    frequency = models.CharField(_("how often checked"), max_length=200)
    handover_to = models.ForeignKey(
        Person,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("monitoring handed over to"),
    )
    handover_on = models.DateField(_("handed over from"), null=True, blank=True)
    danger = models.ForeignKey(
        DangerStatement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("serves danger statement"),
    )
    goal = models.ForeignKey(
        SafetyGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("serves safety goal"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.what[:60]

    def monitor_on(self, day):
        """Who checks this agreement on the given day: after the handover, the network."""
        if self.handover_to_id and self.handover_on and self.handover_on <= day:
            return self.handover_to
        return self.monitor_person or self.monitor_user


class AgreementPerson(models.Model):
    """Who of the family or network carries out an agreement (formerly Django's M2M table)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.RESTRICT, related_name="+")

    class Meta:
        db_table = "safety_agreement_people"
        unique_together = [("agreement", "person")]

    def __str__(self) -> str:
        return f"{self.agreement_id}-{self.person_id}"


class WarningSign(models.Model):
    """A trigger or early warning sign the network watches for, and what they do then (who,
    what): "if ... then ...". It belongs to one danger statement or one agreement."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="warning_signs")
    danger = models.ForeignKey(
        DangerStatement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="warning_signs",
        verbose_name=_("danger statement"),
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="warning_signs",
        verbose_name=_("safety agreement"),
    )
    sign = LimitedTextField(_("what we watch for"))
    response = LimitedTextField(_("what happens then"))
    plain = plain_text_field()
    people = models.ManyToManyField(
        Person,
        through="WarningSignPerson",
        related_name="+",
        blank=True,
        verbose_name=_("who acts (family and network)"),
    )
    professionals = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="+",
        blank=True,
        verbose_name=_("who acts (professionals)"),
    )
    child_words = LimitedTextField(_("for the child's version"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(danger__isnull=False) & models.Q(agreement__isnull=True))
                | (models.Q(danger__isnull=True) & models.Q(agreement__isnull=False)),
                name="warning_sign_danger_or_agreement",
                violation_error_message=_(
                    "Choose the danger statement or the agreement this belongs to: one of the two."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.sign[:60]


class WarningSignPerson(models.Model):
    """Who of the family or network acts on a warning sign."""

    warning_sign = models.ForeignKey(WarningSign, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.RESTRICT, related_name="+")

    class Meta:
        unique_together = [("warning_sign", "person")]

    def __str__(self) -> str:
        return f"{self.warning_sign_id}-{self.person_id}"


class PlanStep(models.Model):
    """A step on the way to "safe enough", with a target date."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="steps")
    text = LimitedTextField(_("step"))
    plain = plain_text_field()
    target_on = models.DateField(_("target date"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["target_on", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ScalingScore(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="scores")
    person = models.ForeignKey(
        Person,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person of the family or network"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("professional"),
    )
    score = models.PositiveSmallIntegerField(_("score (0-10)"))
    reason = LimitedTextField(_("reason"))
    scored_on = models.DateField(_("date"))
    evaluation = models.ForeignKey(
        "Evaluation", on_delete=models.SET_NULL, null=True, blank=True, related_name="scores"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["scored_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=10), name="scaling_score_0_10"),
            models.CheckConstraint(
                condition=(models.Q(person__isnull=True) & models.Q(user__isnull=False))
                | (models.Q(person__isnull=False) & models.Q(user__isnull=True)),
                name="scaling_score_one_participant",
            ),
        ]
        indexes = [models.Index(fields=["plan", "scored_on"], name="scaling_plan_date")]

    def __str__(self) -> str:
        return f"{self.scored_on} {self.score}"

    @property
    def participant(self):
        return self.person or self.user

    @property
    def participant_key(self) -> str:
        return f"person-{self.person_id}" if self.person_id else f"user-{self.user_id}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft: waiting for sign-off")
    AGREED = "agreed", _("Agreed")
    DISTRIBUTED = "distributed", _("Distributed")
    ACTIVE = "active", _("Active")
    SUPERSEDED = "superseded", _("Superseded")


FROZEN_STATUSES = (VersionStatus.DISTRIBUTED, VersionStatus.ACTIVE, VersionStatus.SUPERSEDED)


class PlanVersion(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    snapshot = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agreed_on = models.DateField(null=True, blank=True)
    distributed_on = models.DateField(null=True, blank=True)
    active_from = models.DateField(null=True, blank=True)
    superseded_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"

    @property
    def frozen(self) -> bool:
        return self.status in FROZEN_STATUSES


class SignOffMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    DIGITAL = "digital", _("Digitally")


class SignOff(models.Model):
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="signoffs")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    name = models.CharField(max_length=200)  # as it was when signed
    role = models.CharField(max_length=200, blank=True)
    signed_on = models.DateField()
    method = models.CharField(max_length=12, choices=SignOffMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["signed_on", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.signed_on}"


class DistributionMethod(models.TextChoices):
    IN_PERSON = "in_person", _("Handed over in person")
    POST = "post", _("By post")
    EMAIL = "email", _("By secure e-mail")
    PORTAL = "portal", _("Via the client portal")
    CHILD_VERSION = "child_version", _("Child version explained in person")


class Distribution(models.Model):
    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="distributions"
    )
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    received_on = models.DateField()
    method = models.CharField(max_length=15, choices=DistributionMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.received_on}"


class Decision(models.TextChoices):
    CONTINUE = "continue", _("Continue the plan")
    ADJUST = "adjust", _("Adjust the plan")
    ESCALATE = "escalate", _("Escalate (call in child protection)")


class Evaluation(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="evaluations")
    scheduled_on = models.DateField(_("planned date"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_note = LimitedTextField(_("explanation of the decision"), blank=True)
    next_on = models.DateField(_("next evaluation"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["scheduled_on", "id"]

    def __str__(self) -> str:
        return str(self.scheduled_on)


class Outcome(models.TextChoices):
    KEPT = "kept", _("Kept")
    PARTLY = "partly", _("Partly kept")
    NOT_KEPT = "not_kept", _("Not kept")


class AgreementReview(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="reviews")
    agreement = models.ForeignKey(Agreement, on_delete=models.SET_NULL, null=True, related_name="+")
    agreement_text = LimitedTextField()  # as it was at the evaluation
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    note = LimitedTextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.outcome


# The child's part: Three Houses, the child's own safety rules, Words and Pictures ----------------
# These rows belong to the working plan like the items above (same actions, pages and API);
# they are not part of a version's snapshot: the child version is printed from them.


class House(models.TextChoices):
    WORRIES = "worries", _("House of worries")
    GOOD_THINGS = "good_things", _("House of good things")
    DREAMS = "dreams", _("House of dreams")


# Which mapping column an item of each house can be carried into.
HOUSE_COLUMN = {
    House.WORRIES: MappingColumn.WORRIES,
    House.GOOD_THINGS: MappingColumn.WORKING_WELL,
    House.DREAMS: MappingColumn.NEEDS,
}


class ChildTalk(models.Model):
    """A Three Houses conversation with one child."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="child_talks")
    child = models.ForeignKey(
        Person, on_delete=models.RESTRICT, related_name="+", verbose_name=_("child")
    )
    held_on = models.DateField(_("date of the conversation"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("talked with the child"),
    )
    others_present = models.CharField(_("also present"), max_length=300, blank=True)
    note = LimitedTextField(_("how the conversation went"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.child} {self.held_on}"


class HouseItem(models.Model):
    """What the child said, in the child's own words, in one of the three houses."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="house_items")
    talk = models.ForeignKey(
        ChildTalk, on_delete=models.CASCADE, related_name="items", verbose_name=_("conversation")
    )
    house = models.CharField(_("house"), max_length=12, choices=House.choices)
    text = LimitedTextField(_("in the child's own words"))
    order = models.PositiveIntegerField(_("order"), default=0)
    mapping_item = models.ForeignKey(
        MappingItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried into the mapping as"),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ChildRule(models.Model):
    """One of the child's own safety rules, as the child says it."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="child_rules")
    child = models.ForeignKey(
        Person, on_delete=models.RESTRICT, related_name="+", verbose_name=_("child")
    )
    text = LimitedTextField(_("the rule, in the child's words"))
    order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Story(models.Model):
    """A Words and Pictures story for one or more children, made with the parents."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="stories")
    title = models.CharField(_("title"), max_length=200)
    children = models.ManyToManyField(
        Person, through="StoryChild", related_name="+", verbose_name=_("for which child(ren)")
    )
    made_with = models.CharField(_("made together with"), max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class StoryChild(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.RESTRICT, related_name="+")

    class Meta:
        unique_together = [("story", "person")]

    def __str__(self) -> str:
        return f"{self.story_id}-{self.person_id}"


class StoryImage(models.Model):
    """An uploaded picture (a drawing, a photo of the house), re-encoded without metadata and
    kept in the database: it is family data, served only through the access-checked pages."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="story_images")
    description = models.CharField(_("what the picture shows"), max_length=300)
    content = models.BinaryField()
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:60]


class StoryPage(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="story_pages")
    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, related_name="pages", verbose_name=_("story")
    )
    text = LimitedTextField(_("text"))
    pictogram = models.CharField(_("pictogram"), max_length=30, blank=True)
    image = models.ForeignKey(
        StoryImage,
        on_delete=models.RESTRICT,  # a picture in use is not removed; the file purge still can
        null=True,
        blank=True,
        related_name="pages",
        verbose_name=_("uploaded picture"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class StoryApproval(models.Model):
    """A parent approved the story as it was then (content_hash); a later change to the story
    needs a new approval."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="approvals")
    person = models.ForeignKey(Person, on_delete=models.RESTRICT, related_name="+")
    name = models.CharField(max_length=200)  # as it was when approved
    approved_on = models.DateField()
    content_hash = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["approved_on", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.approved_on}"


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("Safety plan")
    PARENTS = "parents", _("Parents' version")
    CHILD = "child", _("Child version")


class StoredDocument(models.Model):
    """A PDF of a frozen plan version, made once and served again (vangnet.safety.documents).

    content_key is the SHA-256 of the HTML the PDF was made from (without the time it was
    made): whatever the document shows - the version, its status, sign-offs, distributions,
    the language - is in it, so a document is never served for anything else.
    """

    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    content_key = models.CharField(max_length=64)
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)  # of the PDF bytes, to check what is served
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan_version", "kind", "content_key"], name="stored_document_content"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.plan_version} ({self.size} bytes)"


# The immediate safety plan -----------------------------------------------------------------------
# Made in minutes at the kitchen table, before the full (long-term) plan exists: where the child is
# tonight, who is with the child, who checks and when, what if it goes wrong, whom to call. It has
# its own short review date. The long-term plan replaces it: when a version of the plan is
# distributed or becomes active, the open immediate plan is ended as "replaced" - kept, read-only,
# never deleted. It can also be ended or renewed by hand, with a reason.

IMMEDIATE_DEFAULT_DAYS = 3
IMMEDIATE_MAX_DAYS = 14


class ImmediateEnd(models.TextChoices):
    REPLACED = "replaced", _("Replaced by the long-term safety plan")
    ENDED = "ended", _("Ended")
    RENEWED = "renewed", _("Renewed")


class ImmediatePlan(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="immediate_plans", verbose_name=_("family")
    )
    made_on = models.DateField(_("made on"), default=timezone.localdate)
    where = LimitedTextField(_("Where is the child tonight and the coming days?"))
    with_whom = LimitedTextField(_("Who is with the child?"))
    checks = LimitedTextField(_("Who checks, and when?"), blank=True)
    if_wrong = LimitedTextField(_("What if it goes wrong?"), blank=True)
    call = LimitedTextField(_("Whom to call (names and phone numbers)"))
    other = LimitedTextField(_("Other agreements"), blank=True)
    review_on = models.DateField(_("review on"))
    renews = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewed_by",
        verbose_name=_("renews"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_kind = models.CharField(
        _("how it ended"), max_length=10, choices=ImmediateEnd.choices, blank=True
    )
    end_reason = LimitedTextField(_("reason"), blank=True)
    replaced_by = models.ForeignKey(
        PlanVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_immediate_plans",
        verbose_name=_("replaced by version"),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("immediate safety plan")
        verbose_name_plural = _("immediate safety plans")
        ordering = ["-made_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_immediate_plan",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True, end_kind="")
                | (models.Q(ended_on__isnull=False) & ~models.Q(end_kind="")),
                name="immediate_plan_end_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_id} {self.made_on}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    def overdue_on(self, day) -> bool:
        """Past its review date on `day` (and still open)."""
        return self.is_open and self.review_on < day
