"""This installation's working days: the thin Django side of vangnet.meldcode.workdays.

The pure module knows the holidays of the Algemene termijnenwet (art. 3 lid 1 and 2); the
days the Crown equates with them by decree (art. 3 lid 3, published in the Staatscourant)
come from the setting EXTRA_HOLIDAYS (environment: VANGNET_EXTRA_HOLIDAYS, comma-separated
ISO dates). The setting is read on every call, so a changed setting needs no restart of
anything but the process that reads the environment.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from vangnet.meldcode import workdays


def extra_holidays() -> frozenset[date]:
    return frozenset(getattr(settings, "EXTRA_HOLIDAYS", ()))


def is_working_day(day: date) -> bool:
    return workdays.is_working_day(day, extra_holidays())


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself does not count)."""
    return workdays.add_working_days(start, days, extra_holidays())


def working_days_between(start: date, end: date) -> int:
    return workdays.working_days_between(start, end, extra_holidays())
