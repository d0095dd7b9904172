"""Forms of the phases, measures and forensic examinations. They parse and check input;
the actions (vangnet.protection.actions) check the rules and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from vangnet.core.forms import AccessibleForm
from vangnet.core.limits import TEXT_MAX
from vangnet.families.forms import DateInput, VersionMixin
from vangnet.families.models import Person
from vangnet.protection.models import Examiner, MeasureKind, PhaseState


def _text(label, *, required: bool = False, help_text="", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _date(label, *, required: bool = False, help_text="") -> forms.DateField:
    return forms.DateField(label=label, required=required, help_text=help_text, widget=DateInput)


class PhaseForm(VersionMixin, AccessibleForm):
    state = forms.ChoiceField(
        label=_lazy("State"), choices=PhaseState.choices, widget=forms.RadioSelect
    )
    decided_on = _date(_lazy("Decided on"), required=True)
    note = _text(
        _lazy("Explanation"),
        help_text=_lazy("What shows it; required when the phase is set back."),
        rows=2,
    )


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.relation or obj.get_kind_display()})"


class MeasureForm(AccessibleForm):
    kind = forms.ChoiceField(label=_lazy("Kind of measure"), choices=MeasureKind.choices)
    person = PersonChoice(
        label=_lazy("Concerns"),
        queryset=Person.objects.none(),
        help_text=_lazy(
            "Restraining order: the person it is imposed on. Supervision order and "
            "guardianship: the child."
        ),
    )
    imposed_by = forms.CharField(
        label=_lazy("Imposed by"),
        required=False,
        max_length=200,
        help_text=_lazy(
            "Restraining order: the mayor (municipality). Supervision order: the juvenile court."
        ),
    )
    institution = forms.CharField(
        label=_lazy("Certified institution (GI)"), required=False, max_length=200
    )
    guardian = forms.CharField(
        label=_lazy("Family guardian or guardian"), required=False, max_length=200
    )
    starts_on = _date(_lazy("Start date"), required=True)
    ends_on = _date(
        _lazy("End date"),
        help_text=_lazy(
            "Empty: the usual term (restraining order 10 days, provisional supervision order "
            "3 months, supervision order 1 year; guardianship has none)."
        ),
    )
    extended_to = _date(
        _lazy("Extended to"),
        help_text=_lazy(
            "Restraining order: up to four weeks in all. Supervision order: up to a year more."
        ),
    )
    note = _text(_lazy("Note"), rows=2)

    def __init__(self, *args, family=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(family=family).order_by(
            "kind", "first_name"
        )

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        if data.get("ends_on") is None:
            data.pop("ends_on")
        return data


class MeasureEditForm(VersionMixin, MeasureForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].disabled = True
        self.fields["kind"].required = False
        self.fields["ends_on"].help_text = ""

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("kind", None)
        return data


class ForensicForm(AccessibleForm):
    requested = forms.TypedChoiceField(
        label=_lazy("Was a forensic medical examination asked for?"),
        choices=[("yes", _lazy("Yes")), ("no", _lazy("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason_not_requested = _text(_lazy("If not: why not"), rows=2)
    requested_by = forms.CharField(
        label=_lazy("Asked for by"),
        required=False,
        max_length=200,
        help_text=_lazy("For example Veilig Thuis, the case worker, the GP."),
    )
    requested_on = _date(_lazy("Asked for on"))
    examiner = forms.ChoiceField(
        label=_lazy("Examined by"), required=False, choices=[("", "-"), *Examiner.choices]
    )
    examined_on = _date(_lazy("Examined on"))
    outcome = _text(_lazy("Outcome"), rows=3)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class ForensicEditForm(VersionMixin, ForensicForm):
    pass
