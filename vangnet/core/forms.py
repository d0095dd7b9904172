"""Form helpers shared by every app: accessible errors and the optimistic-lock field."""

from django import forms
from django.utils.translation import gettext as _

from vangnet.core.inputs import ANY_DATE, DateRange, validate_text


def guard_input(field: forms.Field, date_range: DateRange | None = None) -> None:
    """Add the checks every input needs (vangnet.core.inputs) to a form field.

    Text fields refuse control characters; date fields refuse dates outside date_range,
    or outside ANY_DATE when neither it nor the field itself gives a DateRange.
    """
    if isinstance(field, forms.CharField) and validate_text not in field.validators:
        field.validators.append(validate_text)
    if isinstance(field, forms.DateField | forms.DateTimeField) and not any(
        isinstance(v, DateRange) for v in field.validators
    ):
        field.validators.append(date_range or ANY_DATE)


class AccessibleMixin:
    """Links help texts and errors to their inputs for screen readers.

    Every field also gets the input checks of guard_input (control characters, dates);
    date_ranges names the plausible range of a date field where ANY_DATE is too wide.
    """

    date_ranges: dict[str, DateRange] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            # The form's own copy of the field: safe to extend.
            guard_input(field, self.date_ranges.get(name))
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}_help"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                field = self.fields[name]
                field.widget.attrs["aria-invalid"] = "true"
                described = field.widget.attrs.get("aria-describedby", "")
                error_id = f"id_{self.add_prefix(name)}_error"
                field.widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()


class AccessibleForm(AccessibleMixin, forms.Form):
    pass


class AccessibleModelForm(AccessibleMixin, forms.ModelForm):
    pass


def apply_validation_error(form: forms.BaseForm, error, rename: dict | None = None) -> None:
    """Show a ValidationError raised by an action next to the right fields.

    rename maps the action's field names to the form's where they differ.
    """
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            field = (rename or {}).get(field, field)
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def conflict_message() -> str:
    """Shown above a form whose save was refused because someone else saved first."""
    return _(
        "Someone else changed this information while you were working on it. Your changes "
        "have not been saved yet. Compare them with what is saved now (below), adjust if "
        "needed and save again."
    )
