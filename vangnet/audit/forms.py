"""Forms of the privacy officer pages: log filters, file-number lookup, emergency review.

The log filters travel in the query string, so they only take what is not personal
data: staff usernames, file numbers, dates and codes. There is deliberately no name
search here.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.audit.models import AccessAction, Judgement
from vangnet.audit.queries import LogFilters
from vangnet.core.forms import AccessibleForm
from vangnet.core.inputs import LOG_FILTER_DATE
from vangnet.families.models import ReviewOutcome

FILE_NUMBER = re.compile(r"^[A-Z]{2}-[A-Z0-9]{2,17}$")
USERNAME = re.compile(r"^[\w.@+-]+$")


class FileNumberField(forms.CharField):
    """A file number such as VN-ABC123: upper-cased, nothing else accepted."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("File number"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def to_python(self, value):
        return super().to_python(value).upper().replace(" ", "")

    def validate(self, value):
        super().validate(value)
        if value and not FILE_NUMBER.match(value):
            raise forms.ValidationError(
                _("Enter a file number such as VN-ABC123."), code="file_number"
            )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class LogFilterForm(AccessibleForm):
    date_ranges = {"date_from": LOG_FILTER_DATE, "date_to": LOG_FILTER_DATE}

    user = forms.CharField(
        label=_("User"),
        required=False,
        max_length=150,
        help_text=_("Username of the staff member, for example coach."),
    )
    client = FileNumberField(required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AccessAction.choices],
    )
    emergency = forms.BooleanField(label=_("Emergency access only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_user(self):
        value = self.cleaned_data["user"].strip()
        if value and not USERNAME.match(value):
            raise forms.ValidationError(
                _("Enter a username (letters, digits and @ . + - _ only)."), code="username"
            )
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date cannot be before the start date."))
        return cleaned

    def filters(self) -> LogFilters:
        data = self.cleaned_data
        return LogFilters(
            username=data["user"],
            reference=data["client"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            action=data["action"],
            emergency_only=data["emergency"],
        )


class FamilyLookupForm(AccessibleForm):
    reference = FileNumberField(help_text=_("Opens who accessed this file, when and why."))


class EmergencyReviewForm(AccessibleForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an outcome.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the access was not justified: say what follows."),
    )


class HandleAlertForm(AccessibleForm):
    note = forms.CharField(
        label=_("What did you find, and what follows?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write down what you found and did.")},
    )


class StartLogReviewForm(AccessibleForm):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("Usually the month that has just ended."),
    )


class JudgeItemForm(AccessibleForm):
    judgement = forms.ChoiceField(
        label=_("Judgement"), choices=Judgement.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the access was not justified."),
    )


class SignOffForm(AccessibleForm):
    conclusion = forms.CharField(
        label=_("Conclusion"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write down your conclusion.")},
    )
