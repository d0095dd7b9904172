"""Working days as Dutch law counts them. Plain Python, no Django.

Used for the term of five working days within which Veilig Thuis assesses a report and
informs the professional who made it (vangnet.meldcode.actions, ``feedback_due_on``).

The source is the Algemene termijnenwet (Atw; Wet van 25 juli 1964, Stb. 1964, 314):

- **Art. 3 lid 1** names the *algemeen erkende feestdagen*: Nieuwjaarsdag (1 January),
  the Christian second Easter day and second Whit day (Tweede Paasdag, Tweede
  Pinksterdag), both Christmas days (25 and 26 December), Hemelvaartsdag (Ascension Day),
  the day on which the King's birthday is celebrated (Koningsdag: 27 April, or Saturday
  26 April when the 27th is a Sunday; until 2013 Koninginnedag on 30 April, or the 29th
  when the 30th was a Sunday) and **5 May, every year** - not only in lustrum years, as a
  collective labour agreement may have it.
- **Art. 3 lid 2** equates **Goede Vrijdag** (Good Friday) with them.
- **Art. 3 lid 3**: the Crown may equate further days by decree, published in the
  Staatscourant (in practice bridging days such as the Friday after Ascension Day). They
  change from year to year, so this module does not guess them: pass them as
  ``extra_holidays``. Vangnet reads them from the setting ``EXTRA_HOLIDAYS``
  (``VANGNET_EXTRA_HOLIDAYS``) in the thin adapter vangnet.meldcode.holidays.

Easter Sunday and Whit Sunday are not in the list: they are Sundays anyway. A working day
is a day from Monday to Friday that is none of these days.

Counting: the day the term starts (the day of the report) does not count; the term ends
on the n-th working day after it.

**Art. 1 lid 1** extends a statutory term that *ends* on a Saturday, Sunday or recognised
holiday to the next day that is none of those; **art. 2** extends a term of at least
three days so that it contains at least two such days. Neither changes a term counted in
working days: its last day is a working day by construction, and a term of n working days
contains n of them. ``extend_to_working_day`` implements art. 1 lid 1 (for terms counted
in calendar days) and the tests check that it leaves the end of every working-day count
alone. (Art. 1 lid 2: terms counted backwards are not extended; none are counted here.)

The Atw applies by law to terms set in an Act or an order in council; Vangnet uses its
list of days as the legal definition of a working day for the Veilig Thuis term as well.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

NO_EXTRA: frozenset[date] = frozenset()


def easter_sunday(year: int) -> date:
    """Gregorian Easter (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """The day the King's (until 2013: the Queen's) birthday is celebrated (Atw art. 3 lid 1)."""
    day = date(year, 4, 27) if year >= 2014 else date(year, 4, 30)
    if day.weekday() == 6:  # a Sunday: celebrated on the Saturday before
        day -= timedelta(days=1)
    return day


@lru_cache(maxsize=128)
def recognised_holidays(year: int) -> Mapping[date, str]:
    """The days the Atw treats as holidays in this year, with their Dutch name and source."""
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): "Nieuwjaarsdag (Atw art. 3 lid 1)",
        easter - timedelta(days=2): "Goede Vrijdag (Atw art. 3 lid 2)",
        easter + timedelta(days=1): "Tweede Paasdag (Atw art. 3 lid 1)",
        kings_day(year): "Koningsdag (Atw art. 3 lid 1)",
        easter + timedelta(days=39): "Hemelvaartsdag (Atw art. 3 lid 1)",
        easter + timedelta(days=50): "Tweede Pinksterdag (Atw art. 3 lid 1)",
        date(year, 12, 25): "Eerste Kerstdag (Atw art. 3 lid 1)",
        date(year, 12, 26): "Tweede Kerstdag (Atw art. 3 lid 1)",
    }
    # 5 May every year (in 2005 and 2016 it was also Ascension Day).
    days.setdefault(date(year, 5, 5), "5 mei (Atw art. 3 lid 1)")
    return MappingProxyType(days)


def public_holidays(year: int) -> frozenset[date]:
    """The recognised holidays of the year (Atw art. 3 lid 1 and 2) as a set of dates."""
    return frozenset(recognised_holidays(year))


def is_working_day(day: date, extra_holidays: Collection[date] = NO_EXTRA) -> bool:
    """Monday to Friday, not a recognised holiday and not a day equated by decree."""
    return day.weekday() < 5 and day not in public_holidays(day.year) and day not in extra_holidays


def add_working_days(start: date, days: int, extra_holidays: Collection[date] = NO_EXTRA) -> date:
    """The date `days` working days after `start` (start itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current, extra_holidays):
            remaining -= 1
    return current


def working_days_between(
    start: date, end: date, extra_holidays: Collection[date] = NO_EXTRA
) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, extra_holidays):
            count += 1
    return count


def extend_to_working_day(day: date, extra_holidays: Collection[date] = NO_EXTRA) -> date:
    """Atw art. 1 lid 1: a term ending on a Saturday, Sunday or holiday runs on to the next
    day that is none of those. The end of a working-day count is already such a day."""
    while not is_working_day(day, extra_holidays):
        day += timedelta(days=1)
    return day
