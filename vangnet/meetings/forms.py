"""Forms of the meeting pages. They parse and check input; actions do the writing."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _lazy

from vangnet.accounts.models import Discipline, Membership, Role
from vangnet.core.forms import AccessibleForm
from vangnet.core.inputs import MEETING_DATE
from vangnet.families.forms import DateInput, VersionMixin
from vangnet.meetings.models import DecisionKind, Weekday
from vangnet.meetings.texts import cadence_text, has_control_characters


def _cadence_label(days: int | None) -> str:
    return capfirst(cadence_text(days))


cadence_label = lazy(_cadence_label, str)  # in the language of the page, not of the import


def one_line(value: str) -> None:
    """Text that goes into calendar feeds: no line breaks or other control characters."""
    if has_control_characters(value):
        raise ValidationError(_lazy("Use one line without special characters."))


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class UsersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.get_discipline_display()})"


def team_members(team, writers_only: bool = False):
    memberships = Membership.objects.filter(team=team, user__is_active=True)
    if writers_only:
        memberships = memberships.filter(role__in=[Role.PROFESSIONAL, Role.TEAM_LEAD])
    return (
        get_user_model()
        .objects.filter(pk__in=memberships.values("user_id"))
        .order_by("first_name", "last_name", "username")
    )


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class SeriesForm(VersionMixin, AccessibleForm):
    interval_days = forms.IntegerField(label=_lazy("Meets every (days)"), min_value=7, max_value=56)
    weekday = forms.TypedChoiceField(label=_lazy("Weekday"), choices=Weekday.choices, coerce=int)
    start_time = forms.TimeField(label=_lazy("Start time"), widget=TimeInput)
    duration_minutes = forms.IntegerField(
        label=_lazy("Duration (minutes)"), min_value=15, max_value=480
    )
    location = forms.CharField(
        label=_lazy("Place or online link"),
        max_length=300,
        required=False,
        validators=[one_line],
    )
    capacity = forms.IntegerField(
        label=_lazy("Families per meeting"),
        min_value=1,
        max_value=20,
        help_text=_lazy("The agenda holds at most this many families; the rest are listed."),
    )
    default_cadence_days = forms.IntegerField(
        label=_lazy("Discuss a family every (days)"),
        min_value=7,
        max_value=183,
        help_text=_lazy(
            "The cadence of a family discussed for the first time, e.g. 14: every two weeks."
        ),
    )
    cadence_phase_meetings = forms.IntegerField(
        label=_lazy("Until it has been discussed (times)"),
        min_value=0,
        max_value=52,
        help_text=_lazy("Then the cadence changes by itself. 0: it never changes by itself."),
    )
    later_cadence_days = forms.IntegerField(
        label=_lazy("Then discuss it every (days)"),
        min_value=7,
        max_value=183,
        help_text=_lazy(
            "E.g. 28: every four weeks. A decision in the meeting or a change on the family's "
            "cadence page can always set another cadence. Applies to families discussed for "
            "the first time from now on."
        ),
    )
    no_contact_days = forms.IntegerField(
        label=_lazy("On the agenda after no contact for more than (days)"),
        min_value=1,
        max_value=180,
    )
    scaling_window = forms.IntegerField(
        label=_lazy("Scaling: number of recent scores compared"), min_value=2, max_value=10
    )
    scaling_drop = forms.IntegerField(
        label=_lazy("Scaling: on the agenda after a drop of (points)"), min_value=1, max_value=10
    )
    field_order = [
        "interval_days",
        "weekday",
        "start_time",
        "duration_minutes",
        "location",
        "capacity",
        "default_cadence_days",
        "cadence_phase_meetings",
        "later_cadence_days",
        "no_contact_days",
        "scaling_window",
        "scaling_drop",
    ]


class MeetingForm(AccessibleForm):
    date_ranges = {"day": MEETING_DATE}

    day = forms.DateField(label=_lazy("Date"), widget=DateInput)
    start_time = forms.TimeField(label=_lazy("Start time"), widget=TimeInput)
    location = forms.CharField(
        label=_lazy("Place or online link"),
        max_length=300,
        required=False,
        validators=[one_line],
    )
    chair = UserChoice(queryset=None, label=_lazy("Chair"), required=False)
    attendees = UsersChoice(
        queryset=None,
        label=_lazy("Attendees"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = team_members(team, writers_only=True)
        self.fields["attendees"].queryset = team_members(team)


class AttendeesForm(VersionMixin, AccessibleForm):
    chair = UserChoice(queryset=None, label=_lazy("Chair"), required=False)
    attendees = UsersChoice(
        queryset=None,
        label=_lazy("Attendees"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = team_members(team, writers_only=True)
        self.fields["attendees"].queryset = team_members(team)


class FamilyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.reference})"


class AgendaAddForm(AccessibleForm):
    family = FamilyChoice(queryset=None, label=_lazy("Family"))
    reason = forms.CharField(
        label=_lazy("Reason for adding"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].queryset = families


class AgendaRemoveForm(AccessibleForm):
    family = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_lazy("Reason for taking off the agenda"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class VersionForm(VersionMixin, AccessibleForm):
    pass


DISCIPLINES = [(v, label) for v, label in Discipline.choices]


class InputForm(AccessibleForm):
    discipline = forms.ChoiceField(label=_lazy("Discipline"), choices=DISCIPLINES)
    text = forms.CharField(
        label=_lazy("Input"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )


class DecisionForm(AccessibleForm):
    kind = forms.ChoiceField(label=_lazy("Kind of decision"), choices=DecisionKind.choices)
    text = forms.CharField(
        label=_lazy("Decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )
    cadence_days = forms.IntegerField(
        label=_lazy("New cadence (days)"),
        required=False,
        min_value=7,
        max_value=183,
        help_text=_lazy("Only for the decision to change how often the family is discussed."),
    )


class ActionForm(AccessibleForm):
    description = forms.CharField(
        label=_lazy("Action"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    owner = UserChoice(queryset=None, label=_lazy("Owner"))
    due_on = forms.DateField(label=_lazy("Due on"), widget=DateInput)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team_members(team, writers_only=True)


class NextReviewForm(AccessibleForm):
    next_review_on = forms.DateField(
        label=_lazy("Next review"),
        widget=DateInput,
        required=False,
        help_text=_lazy("Empty: the family's cadence decides."),
    )


class NotDiscussedForm(AccessibleForm):
    reason = forms.CharField(
        label=_lazy("Why not discussed (optional)"),
        required=False,
        max_length=2000,
        widget=forms.TextInput,
    )
    undo = forms.BooleanField(required=False, widget=forms.HiddenInput)


class FinaliseForm(VersionMixin, AccessibleForm):
    """Finalise the minutes; the families ticked were not discussed (they come back)."""

    not_discussed = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    reason = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, family_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["not_discussed"].choices = [(pk, pk) for pk in family_ids]


class AddendumForm(AccessibleForm):
    text = forms.CharField(
        label=_lazy("Addendum"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )


class ActionDoneForm(VersionMixin, AccessibleForm):
    done_note = forms.CharField(
        label=_lazy("How it was done"),
        required=False,
        max_length=2000,
        widget=forms.TextInput,
    )


CADENCE_CHOICES = [(str(days), cadence_label(days)) for days in (7, 14, 21, 28, 42, 56, 84)] + [
    ("", cadence_label(None))
]


class CadenceForm(AccessibleForm):
    interval_days = forms.TypedChoiceField(
        label=_lazy("Discuss the family"),
        choices=CADENCE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    reason = forms.CharField(
        label=_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
