from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from vangnet.core.forms import AccessibleForm
from vangnet.portal.models import Mood, SendChannel


class InviteForm(AccessibleForm):
    channel = forms.ChoiceField(
        label=_("Send the link and the codes by"),
        choices=SendChannel.choices,
        widget=forms.RadioSelect,
    )
    address = forms.CharField(
        label=_("E-mail address or mobile number"),
        max_length=254,
        help_text=_("Only this address or number receives the link and the login codes."),
    )

    def clean(self):
        data = super().clean()
        channel, address = data.get("channel"), (data.get("address") or "").strip()
        if channel == SendChannel.EMAIL and address:
            try:
                validate_email(address)
            except ValidationError:
                self.add_error("address", _("Enter a valid e-mail address."))
        if channel == SendChannel.SMS and address:
            digits = [c for c in address if c.isdigit()]
            if len(digits) < 8 or any(c not in "+0123456789 -" for c in address):
                self.add_error("address", _("Enter a valid mobile number."))
        data["address"] = address
        return data


class CodeForm(AccessibleForm):
    code = forms.CharField(
        label=_("Your code (6 digits)"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )


class CheckInForm(AccessibleForm):
    mood = forms.ChoiceField(
        label=_("How did this week go?"), choices=Mood.choices, widget=forms.RadioSelect
    )
    words = forms.CharField(
        label=_("Tell it in a few words (you may leave this empty)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    warning_sign = forms.BooleanField(label=_("I saw a warning sign"), required=False)
