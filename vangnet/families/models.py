"""The family file (gezinsdossier): members, chain partners, contacts, access grants."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vangnet.accounts.models import Team
from vangnet.core.fields import LimitedTextField
from vangnet.families import retention


class FamilyStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class FamilyKind(models.TextChoices):
    """What the file is: it decides how long the file is kept (vangnet.families.retention)."""

    YOUTH_HELP = "youth_help", _("Youth help (jeugdhulp)")
    CHILD_PROTECTION = (
        "child_protection",
        _("Child-protection measure by a GI (supervision order or guardianship)"),
    )
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis file")


class FamilyQuerySet(models.QuerySet):
    def visible_to(self, user):
        from vangnet.families.access import visible_families

        return self.filter(pk__in=visible_families(user).values("pk"))


class Family(models.Model):
    reference = models.CharField(_("file number"), max_length=20, unique=True, editable=False)
    name = models.CharField(
        _("family name"), max_length=200, help_text=_("How the team refers to the family.")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="families", verbose_name=_("team")
    )
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_families",
        verbose_name=_("case worker (regiehouder)"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FamilyStatus.choices, default=FamilyStatus.OPEN
    )
    kind = models.CharField(
        _("kind of file"),
        max_length=20,
        choices=FamilyKind.choices,
        default=FamilyKind.YOUTH_HELP,
        help_text=_(
            "What this file is for your organisation: it decides how long the file is kept."
        ),
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = LimitedTextField(_("reason for closing"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    notes = LimitedTextField(_("notes"), blank=True)
    retention_until = models.DateField(_("keep until"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = FamilyQuerySet.as_manager()

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["team", "status"], name="family_team_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="family_closed_after_opened",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"

    @property
    def is_open(self) -> bool:
        return self.status == FamilyStatus.OPEN


class PersonKind(models.TextChoices):
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    CAREGIVER = "caregiver", _("Caregiver")
    NETWORK = "network", _("Network")
    OTHER = "other", _("Other")


class Custody(models.TextChoices):
    """Gezag over the children."""

    UNKNOWN = "", _("Unknown")
    YES = "yes", _("Has parental authority (gezag)")
    NO = "no", _("No parental authority")
    SUSPENDED = "suspended", _("Parental authority taken away or suspended")


class Person(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="people", verbose_name=_("family")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=PersonKind.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    relation = models.CharField(
        _("relation"),
        max_length=100,
        blank=True,
        help_text=_("For example mother, grandmother, neighbour."),
    )
    custody = models.CharField(
        _("parental authority (gezag)"),
        max_length=12,
        choices=Custody.choices,
        blank=True,
        default=Custody.UNKNOWN,
    )
    guardianship = models.BooleanField(_("guardian (voogdij)"), default=False)
    lives_in_household = models.BooleanField(_("lives in the household"), default=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    notes = LimitedTextField(_("notes"), blank=True)
    # The names the family uses ("Oma", "Tante Ria", "Papa"): the child's and the parents'
    # versions of the plan call the person so, never by a role in brackets.
    called_by_child = models.CharField(_("how the child calls them"), max_length=100, blank=True)
    called_by_parents = models.CharField(_("how the parents call them"), max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["kind", "birth_date", "first_name", "id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def child_name(self) -> str:
        """How the child calls them; the first name when nobody wrote it down."""
        return self.called_by_child.strip() or self.first_name

    @property
    def parents_name(self) -> str:
        """How the parents call them; the first name when nobody wrote it down."""
        return self.called_by_parents.strip() or self.first_name

    def age_on(self, day) -> int | None:
        if not self.birth_date:
            return None
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class PartnerKind(models.TextChoices):
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    GI = "gi", _("Child protection agency (GI / jeugdbescherming)")
    RAAD = "raad", _("Raad voor de Kinderbescherming")
    WIJKTEAM = "wijkteam", _("Neighbourhood team (wijkteam)")
    HUISARTS = "huisarts", _("General practitioner (huisarts)")
    SCHOOL = "school", _("School or day care")
    ADULT_MENTAL_HEALTH = "adult_mental_health", _("Adult mental health care")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other")


class ChainPartner(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="partners", verbose_name=_("family")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=PartnerKind.choices)
    organisation = models.CharField(_("organisation"), max_length=200)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    role = models.CharField(_("role in this family"), max_length=300, blank=True)
    involved_since = models.DateField(_("involved since"), null=True, blank=True)
    involved_until = models.DateField(_("involved until"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("chain partner")
        verbose_name_plural = _("chain partners")
        ordering = ["kind", "organisation", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.organisation}"


class ContactKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    OFFICE = "office", _("Meeting at the office")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")
    MESSAGE = "message", _("Message or e-mail")
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    OTHER = "other", _("Other")


class Contact(models.Model):
    """A dated contact (or attempt) with the family: gaps show drop-out risk."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("family")
    )
    occurred_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    reached = models.BooleanField(
        _("contact made"),
        default=True,
        help_text=_("Untick when the family could not be reached or did not show up."),
    )
    with_whom = models.CharField(_("with whom"), max_length=300, blank=True)
    summary = LimitedTextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["family", "occurred_on"], name="contact_family_date")]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"


class GrantKind(models.TextChoices):
    EXPLICIT = "explicit", _("Explicit access")
    EMERGENCY = "emergency", _("Emergency access")


class AccessGrant(models.Model):
    """Access to one family file for a user outside its team, with a reason and an end."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="grants", verbose_name=_("family")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_grants",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=GrantKind.choices)
    reason = LimitedTextField(_("reason"))
    can_write = models.BooleanField(_("may change the file"), default=False)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("granted by"),
    )
    starts_at = models.DateTimeField(_("from"), default=timezone.now)
    ends_at = models.DateTimeField(_("until"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    review_outcome = models.CharField(_("review outcome"), max_length=20, blank=True)
    review_note = LimitedTextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["user", "ends_at"], name="grant_user_end")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.user} → {self.family.reference}"

    def is_current(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.starts_at <= now < self.ends_at


class ReviewOutcome(models.TextChoices):
    JUSTIFIED = "justified", _("Justified")
    NOT_JUSTIFIED = "not_justified", _("Not justified: follow up")


class RequesterCapacity(models.TextChoices):
    PARENT = "parent", _("Parent or caregiver")
    CHILD = "child", _("The child")


class DestructionScope(models.TextChoices):
    WHOLE_FILE = "whole_file", _("The whole file")
    PART = "part", _("Part of the file")


class DestructionOutcome(models.TextChoices):
    GRANTED = retention.GRANTED, _("Granted")
    REFUSED = retention.REFUSED, _("Refused")


class RefusalGround(models.TextChoices):
    """The grounds on which a request for destruction is not granted (Jeugdwet 7.3.9)."""

    OTHERS_INTEREST = (
        retention.OTHERS_INTEREST,
        _("Keeping it is of substantial interest to someone other than the requester"),
    )
    LEGAL_DUTY = retention.LEGAL_DUTY, _("A statutory rule does not allow destroying it")
    UNDER_12 = retention.UNDER_12, _("The child who asked is younger than 12")
    NOT_CAPABLE = (
        retention.NOT_CAPABLE,
        _("The child who asked cannot reasonably judge their interests in this"),
    )


class DestructionRequest(models.Model):
    """A request by a parent or the child to destroy the file (or part of it) before its
    retention date, and the decision on it (Jeugdwet art. 7.3.9)."""

    family = models.ForeignKey(
        Family,
        on_delete=models.CASCADE,
        related_name="destruction_requests",
        verbose_name=_("family"),
    )
    # RESTRICT: the person cannot be removed while their request is on file, but the
    # destruction of the whole file (family.delete()) still removes both.
    requester = models.ForeignKey(
        Person,
        on_delete=models.RESTRICT,
        related_name="destruction_requests",
        verbose_name=_("asked by"),
    )
    capacity = models.CharField(_("asked as"), max_length=10, choices=RequesterCapacity.choices)
    received_on = models.DateField(_("received on"))
    scope = models.CharField(_("scope"), max_length=12, choices=DestructionScope.choices)
    what = LimitedTextField(_("what is to be destroyed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(
        _("decision"), max_length=10, choices=DestructionOutcome.choices, blank=True
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("decided by"),
    )
    refusal_ground = models.CharField(
        _("ground for refusal"), max_length=20, choices=RefusalGround.choices, blank=True
    )
    decision_reason = LimitedTextField(_("reasons"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("request for destruction")
        verbose_name_plural = _("requests for destruction")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(outcome="", decided_on__isnull=True, decided_by__isnull=True)
                    | (
                        ~models.Q(outcome="")
                        & models.Q(decided_on__isnull=False, decided_by__isnull=False)
                    )
                ),
                name="destruction_decision_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome=retention.REFUSED) | models.Q(refusal_ground=""),
                name="destruction_ground_only_when_refused",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.received_on})"

    @property
    def is_decided(self) -> bool:
        return bool(self.outcome)

    @property
    def decision_due(self):
        return retention.decision_due(self.received_on)
