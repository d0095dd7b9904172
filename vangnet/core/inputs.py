"""What any typed input must satisfy, for the HTML forms and the JSON API alike.

- Free text holds no control characters except tab, line feed and carriage return: a NUL
  byte cannot be stored by PostgreSQL (it was a 500), and the others only hide text.
- Every date lies in a plausible range: a year 1 or 9999 is a typing error, and date
  arithmetic or time-zone conversion on it overflows (also a 500).

The forms get both checks from vangnet.core.forms.AccessibleMixin, the API from
vangnet.api.schemas (text() and InputSchema). Both raise django ValidationError here;
the API turns it into a 422.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

ALLOWED_CONTROL = frozenset("\t\n\r")
EARLIEST = date(1900, 1, 1)


def has_forbidden_characters(value: str) -> bool:
    """NUL and other control characters (Unicode Cc) other than tab and line breaks."""
    return any(unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROL for ch in value or "")


def validate_text(value) -> None:
    if isinstance(value, str) and has_forbidden_characters(value):
        raise ValidationError(
            _("Remove the invisible control characters from this text (for example a null byte)."),
            code="control_characters",
        )


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class DateRange:
    """A plausible range for a date, relative to today where it matters.

    earliest/latest: fixed bounds; past_years/future_years: bounds relative to today
    (future_years=0: not after today).
    """

    earliest: date | None = None
    latest: date | None = None
    past_years: int | None = None
    future_years: int | None = None

    def bounds(self, today: date | None = None) -> tuple[date, date]:
        today = today or timezone.localdate()
        low = self.earliest or EARLIEST
        if self.past_years is not None:
            low = max(low, _years_from(today, -self.past_years))
        high = self.latest or date.max
        if self.future_years is not None:
            high = min(high, _years_from(today, self.future_years))
        return low, high

    def __call__(self, value) -> None:
        if value is None or value == "":
            return
        day = value.date() if isinstance(value, datetime) else value
        if not isinstance(day, date):
            return
        low, high = self.bounds()
        if not low <= day <= high:
            raise ValidationError(
                _("Enter a date between %(low)s and %(high)s.")
                % {"low": formats.date_format(low), "high": formats.date_format(high)},
                code="date_range",
            )


ANY_DATE = DateRange(future_years=100)  # the net under every date without a range of its own
BIRTH_DATE = DateRange(future_years=0)  # 1900 .. today
MEETING_DATE = DateRange(past_years=3, future_years=3)
LOG_FILTER_DATE = DateRange(future_years=1)  # 1900 .. a year from now
