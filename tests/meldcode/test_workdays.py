"""Working days for the Veilig Thuis feedback deadline: weekends and Dutch public holidays."""

from datetime import date

import pytest

from vangnet.meldcode.workdays import (
    add_working_days,
    easter_sunday,
    is_working_day,
    public_holidays,
    working_days_between,
)


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),
        (2011, date(2011, 4, 24)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_public_holidays_2026():
    assert public_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 5),  # Easter Sunday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 4, 27),  # King's Day (a Monday)
        date(2026, 5, 14),  # Ascension Day
        date(2026, 5, 24),  # Whit Sunday
        date(2026, 5, 25),  # Whit Monday
        date(2026, 12, 25),
        date(2026, 12, 26),
    }


def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday():
    assert date(2025, 4, 26) in public_holidays(2025)
    assert date(2025, 4, 27) not in public_holidays(2025)


def test_liberation_day_in_lustrum_years_only():
    assert date(2025, 5, 5) in public_holidays(2025)
    assert date(2026, 5, 5) not in public_holidays(2026)
    assert date(2030, 5, 5) in public_holidays(2030)


@pytest.mark.parametrize(
    ("start", "expected", "why"),
    [
        (date(2026, 11, 23), date(2026, 11, 30), "Monday: five working days later is Monday"),
        (date(2026, 11, 20), date(2026, 11, 27), "Friday: the weekend does not count"),
        (date(2026, 11, 21), date(2026, 11, 27), "Saturday: counting starts on Monday"),
        (date(2026, 4, 2), date(2026, 4, 10), "Thursday before Easter: Easter Monday skipped"),
        (date(2026, 5, 11), date(2026, 5, 19), "Ascension Day (Thursday) skipped"),
        (date(2026, 5, 20), date(2026, 5, 28), "Whit Monday skipped"),
        (date(2026, 4, 22), date(2026, 4, 30), "King's Day skipped"),
        (date(2026, 12, 22), date(2026, 12, 30), "Christmas: 25 and 26 December"),
        (date(2026, 12, 29), date(2027, 1, 6), "New Year's Day, across the year"),
        (date(2025, 4, 30), date(2025, 5, 8), "Liberation Day 2025 (lustrum) skipped"),
        (date(2026, 4, 29), date(2026, 5, 6), "Liberation Day 2026 is a working day"),
    ],
)
def test_five_working_days(start, expected, why):
    assert add_working_days(start, 5) == expected, why
    assert working_days_between(start, expected) == 5


def test_zero_and_negative():
    assert add_working_days(date(2026, 11, 23), 0) == date(2026, 11, 23)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 23), -1)
    assert working_days_between(date(2026, 11, 30), date(2026, 11, 23)) == 0


def test_is_working_day():
    assert is_working_day(date(2026, 11, 23))
    assert not is_working_day(date(2026, 11, 22))
    assert not is_working_day(date(2026, 12, 25))
