"""Model fields shared by the apps."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property

from vangnet.core.limits import TEXT_MAX


class LimitedTextField(models.TextField):
    """Free text with an upper bound (vangnet.core.limits.TEXT_MAX by default).

    Forms built from the model get the bound (and the browser a maxlength); actions that
    validate the model (full_clean) refuse a longer text with a message that names the
    field and the limit. The database column stays a plain text column.
    """

    def __init__(self, *args, max_length: int = TEXT_MAX, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    @cached_property
    def validators(self):
        return [*super().validators, MaxLengthValidator(self.max_length)]
