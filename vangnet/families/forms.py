"""Forms of the family file pages. They parse and check input; actions do the writing."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from vangnet.accounts.models import Membership, OrganisationRole, Role
from vangnet.core.forms import AccessibleForm, AccessibleModelForm
from vangnet.core.inputs import BIRTH_DATE
from vangnet.core.limits import TEXT_MAX
from vangnet.families.access import writable_teams
from vangnet.families.actions import CONTACT_FIELDS, PARTNER_FIELDS, PERSON_FIELDS
from vangnet.families.models import (
    ChainPartner,
    Contact,
    DestructionOutcome,
    DestructionScope,
    FamilyKind,
    FamilyStatus,
    Person,
    PersonKind,
    RefusalGround,
)

WRITING_ROLES = (Role.PROFESSIONAL, Role.TEAM_LEAD)
GRANT_DEFAULT_DAYS = 30
EMPTY = "-"


class DateInput(forms.DateInput):
    """A native date picker; the value must be ISO for it to show."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _user_label(user) -> str:
    return user.get_full_name() or user.username


def _case_worker_candidates(team_ids):
    """Active members who may hold a case: they write in the team and see case content."""
    return (
        Membership.objects.filter(
            team_id__in=team_ids, role__in=WRITING_ROLES, user__is_active=True
        )
        .exclude(user__organisation_role__in=OrganisationRole.without_case_content())
        .select_related("user", "team")
        .order_by("team__name", "user__first_name", "user__last_name", "user__username")
    )


class VersionMixin(forms.Form):
    """The version the user started from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def full_clean(self):
        super().full_clean()
        if self._errors and "version" in self._errors:
            # A hidden field has no place to show its error: say it above the form.
            self.add_error(None, _("This page is out of date. Open it again and redo your change."))


# List and search --------------------------------------------------------------------------


class FamilyFilterForm(AccessibleForm):
    STATUS_CHOICES = [
        (FamilyStatus.OPEN, _lazy("Open files")),
        (FamilyStatus.CLOSED, _lazy("Closed files")),
        ("all", _lazy("All files")),
    ]

    status = forms.ChoiceField(label=_lazy("Status"), choices=STATUS_CHOICES, required=False)
    team = forms.TypedChoiceField(label=_lazy("Team"), coerce=int, required=False, empty_value=None)
    mine = forms.BooleanField(
        label=_lazy("Only families where I am the case worker"), required=False
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("All my teams"))] + [(t.pk, t.name) for t in teams]

    def filters(self) -> dict:
        """The filters to apply; a field with an invalid value falls back to its default."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        return {
            "status": data.get("status") or FamilyStatus.OPEN,
            "team_id": data.get("team"),
            "mine": bool(data.get("mine")),
        }


class SearchForm(AccessibleForm):
    term = forms.CharField(
        label=_lazy("Family name, name of a family member or file number"),
        min_length=2,
        max_length=100,
        error_messages={
            "required": _lazy("Type what you are looking for."),
            "min_length": _lazy("Type at least 2 characters."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].widget.attrs.update({"autocomplete": "off", "type": "search"})

    def clean_term(self):
        term = " ".join(self.cleaned_data["term"].split())
        if len(term) < 2:
            raise forms.ValidationError(_("Type at least 2 characters."))
        return term


# Family ---------------------------------------------------------------------------------------


class _FamilyFields(AccessibleForm):
    name = forms.CharField(
        label=_lazy("Family name"),
        max_length=200,
        help_text=_lazy("How the team refers to the family, for example 'Family Jansen'."),
    )
    opened_on = forms.DateField(label=_lazy("Opened on"), widget=DateInput)
    kind = forms.ChoiceField(
        label=_lazy("Kind of file"),
        choices=FamilyKind.choices,
        required=False,  # a client that does not send it keeps the file's kind
        help_text=_lazy(
            "What this file is for your organisation. It decides how long the file is kept: "
            "see 'Retention and destruction' on the family page."
        ),
    )
    address = forms.CharField(label=_lazy("Address"), max_length=300, required=False)
    notes = forms.CharField(
        label=_lazy("Notes"), widget=forms.Textarea, required=False, max_length=TEXT_MAX
    )

    default_kind = FamilyKind.YOUTH_HELP

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the name of the family."))
        return name

    def clean_kind(self):
        return self.cleaned_data["kind"] or self.default_kind


class FamilyCreateForm(_FamilyFields):
    team = forms.ModelChoiceField(queryset=None, label=_lazy("Team"))
    case_worker = forms.TypedChoiceField(
        label=_lazy("Case worker (regiehouder)"),
        coerce=int,
        help_text=_lazy("Must be a member of the chosen team."),
    )
    field_order = ["name", "team", "case_worker", "kind", "opened_on", "address", "notes"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        teams = writable_teams(user).filter(is_active=True).order_by("name")
        self.fields["team"].queryset = teams
        self._candidates = list(_case_worker_candidates(teams.values("pk")))
        groups: dict[str, list] = {}
        for membership in self._candidates:
            groups.setdefault(membership.team.name, []).append(
                (membership.user_id, _user_label(membership.user))
            )
        self.fields["case_worker"].choices = [("", "---------"), *groups.items()]
        if not self.is_bound:
            self.initial.setdefault("opened_on", timezone.localdate())
            if any(m.user_id == user.pk for m in self._candidates):
                self.initial.setdefault("case_worker", user.pk)
            if len(teams) == 1:
                self.initial.setdefault("team", teams[0].pk)
            self.initial.setdefault("kind", FamilyKind.YOUTH_HELP)

    def clean(self):
        cleaned = super().clean()
        team, user_id = cleaned.get("team"), cleaned.get("case_worker")
        if team is not None and user_id is not None:
            match = next(
                (m for m in self._candidates if m.user_id == user_id and m.team_id == team.pk),
                None,
            )
            if match is None:
                self.add_error(
                    "case_worker", _("Choose a case worker who is a member of the chosen team.")
                )
            else:
                cleaned["case_worker"] = match.user
        return cleaned


class FamilyEditForm(VersionMixin, _FamilyFields):
    case_worker = forms.ModelChoiceField(
        queryset=None,
        label=_lazy("Case worker (regiehouder)"),
        help_text=_lazy("A member of the family's team."),
    )
    field_order = ["name", "case_worker", "kind", "opened_on", "address", "notes"]

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_kind = family.kind
        user_ids = _case_worker_candidates([family.team_id]).values("user_id")
        self.fields["case_worker"].queryset = (
            get_user_model()
            .objects.filter(Q(pk__in=user_ids) | Q(pk=family.case_worker_id))
            .order_by("first_name", "last_name", "username")
        )
        self.fields["case_worker"].label_from_instance = _user_label
        if not self.is_bound:
            self.initial.update(
                {
                    "name": family.name,
                    "case_worker": family.case_worker_id,
                    "kind": family.kind,
                    "opened_on": family.opened_on,
                    "address": family.address,
                    "notes": family.notes,
                    "version": family.version,
                }
            )

    def changes(self, family) -> dict:
        """What to hand to do_update_family; an unchanged case worker is left out, so a
        case worker who has since left the team does not block other edits."""
        data = {k: self.cleaned_data[k] for k in ("name", "opened_on", "address", "notes")}
        if self.cleaned_data["case_worker"].pk != family.case_worker_id:
            data["case_worker"] = self.cleaned_data["case_worker"]
        if self.cleaned_data["kind"] != family.kind:
            data["kind"] = self.cleaned_data["kind"]
        return data


class CloseFamilyForm(VersionMixin, AccessibleForm):
    closed_on = forms.DateField(label=_lazy("Closed on"), widget=DateInput)
    close_reason = forms.CharField(
        label=_lazy("Reason for closing"),
        widget=forms.Textarea,
        max_length=2000,
        help_text=_lazy("For example: safe enough, moved away, handed over to another agency."),
        error_messages={"required": _lazy("Say why the file is closed.")},
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        if not self.is_bound:
            self.initial.update({"closed_on": timezone.localdate(), "version": family.version})


# People, chain partners, contacts -------------------------------------------------------------


class PersonForm(AccessibleModelForm):
    """Never bound to an instance: the action writes, the form only checks."""

    date_ranges = {"birth_date": BIRTH_DATE}

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        labels = {
            "kind": _lazy("Kind"),
            "first_name": _lazy("First name"),
            "last_name": _lazy("Last name"),
            "birth_date": _lazy("Birth date"),
            "relation": _lazy("Relation to the family"),
            "called_by_child": _lazy("How the child calls them"),
            "called_by_parents": _lazy("How the parents call them"),
            "custody": _lazy("Parental authority (gezag)"),
            "guardianship": _lazy("Is guardian (voogdij)"),
            "lives_in_household": _lazy("Lives in the household"),
            "phone": _lazy("Phone"),
            "email": _lazy("Email"),
            "address": _lazy("Address"),
            "notes": _lazy("Notes"),
        }
        help_texts = {
            "kind": _lazy("Child, parent, caregiver, or someone from the network."),
            "birth_date": _lazy("Required for a child."),
            "relation": _lazy("For example mother, grandmother, neighbour, teacher."),
            "called_by_child": _lazy(
                "For example: Oma, Tante Ria, Papa. The child's version of the plan uses this "
                "name; empty: the first name."
            ),
            "called_by_parents": _lazy(
                "The name in the parents' version of the plan; empty: the first name."
            ),
            "custody": _lazy("Only for parents and caregivers. Leave at 'Unknown' for others."),
            "guardianship": _lazy(
                "Only for parents and caregivers: tick when this person is the legal "
                "guardian of a child."
            ),
        }
        widgets = {"birth_date": DateInput, "notes": forms.Textarea(attrs={"rows": 3})}

    def values(self) -> dict:
        return {k: self.cleaned_data[k] for k in PERSON_FIELDS}


class PersonEditForm(VersionMixin, PersonForm):
    pass


class PartnerForm(AccessibleModelForm):
    class Meta:
        model = ChainPartner
        fields = PARTNER_FIELDS
        labels = {
            "kind": _lazy("Kind of partner"),
            "organisation": _lazy("Organisation"),
            "contact_person": _lazy("Contact person"),
            "phone": _lazy("Phone"),
            "email": _lazy("Email"),
            "role": _lazy("Role in this family"),
            "involved_since": _lazy("Involved since"),
            "involved_until": _lazy("Involved until"),
        }
        help_texts = {
            "role": _lazy("For example: carries out the safety assessment, supervision order."),
            "involved_until": _lazy("Leave empty while the partner is still involved."),
        }
        widgets = {"involved_since": DateInput, "involved_until": DateInput}

    def values(self) -> dict:
        return {k: self.cleaned_data[k] for k in PARTNER_FIELDS}


class PartnerEditForm(VersionMixin, PartnerForm):
    pass


class ContactForm(AccessibleModelForm):
    class Meta:
        model = Contact
        fields = CONTACT_FIELDS
        labels = {
            "occurred_on": _lazy("Date"),
            "kind": _lazy("Kind of contact"),
            "reached": _lazy("Contact was made"),
            "with_whom": _lazy("With whom"),
            "summary": _lazy("Summary"),
        }
        help_texts = {
            "reached": _lazy(
                "Untick when the family could not be reached or did not show up: "
                "that counts as no contact."
            ),
        }
        widgets = {"occurred_on": DateInput, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("occurred_on", timezone.localdate())

    def values(self) -> dict:
        return {k: self.cleaned_data[k] for k in CONTACT_FIELDS}


# Access ---------------------------------------------------------------------------------------


def grant_candidates(family):
    """Active colleagues of the same organisation who may see case content, not in the team."""
    return (
        get_user_model()
        .objects.filter(is_active=True, organisation_id=family.team.organisation_id)
        .exclude(organisation_role__in=OrganisationRole.without_case_content())
        .exclude(memberships__team_id=family.team_id)
        .order_by("first_name", "last_name", "username")
    )


class GrantForm(AccessibleForm):
    user = forms.ModelChoiceField(
        queryset=None,
        label=_lazy("Colleague"),
        help_text=_lazy("Colleagues of your organisation who are not in the family's team."),
    )
    reason = forms.CharField(
        label=_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_lazy("Why does this colleague need the file? The reason is logged."),
        error_messages={"required": _lazy("Give the reason for this access.")},
    )
    ends_on = forms.DateField(
        label=_lazy("Access until"),
        widget=DateInput,
        help_text=_lazy("Access ends at the end of this day; at most one year from today."),
    )
    can_write = forms.BooleanField(label=_lazy("May also change the file"), required=False)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = grant_candidates(family)
        self.fields["user"].label_from_instance = lambda u: (
            f"{_user_label(u)} ({u.get_discipline_display()})"
        )
        if not self.is_bound:
            self.initial.setdefault(
                "ends_on", timezone.localdate() + timedelta(days=GRANT_DEFAULT_DAYS)
            )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for this access."))
        return reason

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if ends_on.year >= 9999:  # input check only: the action decides the allowed period
            raise forms.ValidationError(_("Enter a valid date."))
        return ends_on

    def ends_at(self) -> datetime:
        """The end of the chosen day, local time."""
        next_day = self.cleaned_data["ends_on"] + timedelta(days=1)
        return timezone.make_aware(datetime.combine(next_day, time.min))


class EmergencyForm(AccessibleForm):
    reference = forms.RegexField(
        label=_lazy("File number"),
        regex=r"^\s*[Vv][Nn]-[A-Za-z0-9]{6}\s*$",
        max_length=20,
        help_text=_lazy("As it is written on the file, for example VN-AB12CD."),
        error_messages={"invalid": _lazy("A file number looks like VN-AB12CD.")},
    )
    reason = forms.CharField(
        label=_lazy("Why do you need this file now?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        min_length=10,
        help_text=_lazy(
            "Describe the emergency. The privacy officer reads this when reviewing your access."
        ),
        error_messages={
            "required": _lazy("Describe the emergency."),
            "min_length": _lazy("Describe the emergency (at least 10 characters)."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].widget.attrs.update({"autocomplete": "off"})

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()


# Requests for destruction (Jeugdwet art. 7.3.9) ------------------------------------------------


class DestructionRequestForm(AccessibleForm):
    requester = forms.ModelChoiceField(
        queryset=None,
        label=_lazy("Who asks"),
        help_text=_lazy(
            "A parent or caregiver, or the child. A child younger than 12 cannot ask "
            "themselves: record the request anyway, it is then refused, and a parent with "
            "parental authority or the guardian can ask on the child's behalf."
        ),
        error_messages={"required": _lazy("Choose who asks.")},
    )
    received_on = forms.DateField(
        label=_lazy("Request received on"),
        widget=DateInput,
        help_text=_lazy("The law asks for a decision and destruction within three months."),
    )
    scope = forms.ChoiceField(
        label=_lazy("What is asked"),
        choices=DestructionScope.choices,
        widget=forms.RadioSelect,
        initial=DestructionScope.WHOLE_FILE,
    )
    what = forms.CharField(
        label=_lazy("What is to be destroyed, in the requester's words"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX,
        error_messages={"required": _lazy("Say what the requester asks to be destroyed.")},
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = family.people.filter(
            kind__in=[PersonKind.CHILD, PersonKind.PARENT, PersonKind.CAREGIVER]
        ).order_by("kind", "first_name", "id")
        self.fields["requester"].label_from_instance = lambda p: (
            f"{p.full_name} ({p.get_kind_display()})"
        )
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())

    def clean_what(self):
        what = self.cleaned_data["what"].strip()
        if not what:
            raise forms.ValidationError(_("Say what the requester asks to be destroyed."))
        return what


class DestructionDecisionForm(VersionMixin, AccessibleForm):
    outcome = forms.ChoiceField(
        label=_lazy("Decision"),
        choices=DestructionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _lazy("Choose whether the request is granted or refused.")},
    )
    decided_on = forms.DateField(label=_lazy("Decided on"), widget=DateInput)
    refusal_ground = forms.ChoiceField(
        label=_lazy("Ground for refusal"),
        choices=[("", _lazy("Not refused")), *RefusalGround.choices],
        required=False,
        help_text=_lazy("Only when the request is refused (Jeugdwet art. 7.3.9)."),
    )
    reason = forms.CharField(
        label=_lazy("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        required=False,
        help_text=_lazy(
            "Required for a refusal: whose interest, or which statutory rule. Tell the "
            "requester the decision and the reasons."
        ),
    )

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update({"decided_on": timezone.localdate(), "version": pending.version})


# Optimistic-lock conflicts ----------------------------------------------------------------------


def _display(value) -> str:
    if value is None or value == "":
        return EMPTY
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if hasattr(value, "isoformat"):
        return formats.date_format(value)
    return str(value)


def conflict_rows(form: forms.BaseForm, current) -> list[dict]:
    """Fields whose saved value now differs from what the user entered: label, saved value
    (what someone else left there) and the user's own value."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        saved = getattr(current, name)
        entered = form.cleaned_data[name]
        saved_cmp = saved.pk if hasattr(saved, "pk") else saved
        entered_cmp = entered.pk if hasattr(entered, "pk") else entered
        if saved_cmp == entered_cmp:
            continue
        if hasattr(field, "choices") and not hasattr(saved, "pk"):
            labels = {str(k): v for k, v in field.choices if not isinstance(v, list | tuple)}
            saved_text = str(labels.get(str(saved), _display(saved)))
            entered_text = str(labels.get(str(entered), _display(entered)))
        else:
            saved_text, entered_text = _display(saved), _display(entered)
        rows.append({"label": field.label, "saved": saved_text, "entered": entered_text})
    return rows
