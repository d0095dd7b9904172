"""Working days as the Algemene termijnenwet counts them (vangnet.meldcode.workdays), for
the Veilig Thuis feedback term, and the configured days equated by decree."""

from datetime import date, timedelta

import pytest

from vangnet.lib.env import env_dates
from vangnet.meldcode import holidays
from vangnet.meldcode.workdays import (
    add_working_days,
    easter_sunday,
    extend_to_working_day,
    is_working_day,
    kings_day,
    public_holidays,
    recognised_holidays,
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


# Atw art. 3 lid 1 and lid 2, year by year (checked against the calendar).
HOLIDAYS = {
    2024: {
        date(2024, 1, 1),  # Nieuwjaarsdag, Monday
        date(2024, 3, 29),  # Goede Vrijdag
        date(2024, 4, 1),  # Tweede Paasdag
        date(2024, 4, 27),  # Koningsdag, a Saturday
        date(2024, 5, 5),  # 5 mei, a Sunday
        date(2024, 5, 9),  # Hemelvaartsdag
        date(2024, 5, 20),  # Tweede Pinksterdag
        date(2024, 12, 25),
        date(2024, 12, 26),
    },
    2025: {
        date(2025, 1, 1),
        date(2025, 4, 18),  # Goede Vrijdag
        date(2025, 4, 21),  # Tweede Paasdag
        date(2025, 4, 26),  # Koningsdag: the 27th is a Sunday, so Saturday the 26th
        date(2025, 5, 5),  # 5 mei, a Monday (a lustrum year)
        date(2025, 5, 29),
        date(2025, 6, 9),
        date(2025, 12, 25),
        date(2025, 12, 26),
    },
    2026: {
        date(2026, 1, 1),
        date(2026, 4, 3),  # Goede Vrijdag
        date(2026, 4, 6),
        date(2026, 4, 27),  # Koningsdag, a Monday
        date(2026, 5, 5),  # 5 mei, a Tuesday (not a lustrum year: still a holiday)
        date(2026, 5, 14),
        date(2026, 5, 25),
        date(2026, 12, 25),
        date(2026, 12, 26),
    },
    2027: {
        date(2027, 1, 1),
        date(2027, 3, 26),  # Goede Vrijdag
        date(2027, 3, 29),
        date(2027, 4, 27),  # Koningsdag, a Tuesday
        date(2027, 5, 5),  # 5 mei, a Wednesday, the day before Ascension Day
        date(2027, 5, 6),
        date(2027, 5, 17),
        date(2027, 12, 25),
        date(2027, 12, 26),
    },
}


@pytest.mark.parametrize("year", sorted(HOLIDAYS))
def test_the_recognised_holidays_of_the_atw(year):
    assert public_holidays(year) == HOLIDAYS[year]
    names = recognised_holidays(year)
    assert all("Atw art. 3" in name for name in names.values())
    # Easter Sunday and Whit Sunday are Sundays anyway: not in the law's list.
    assert easter_sunday(year) not in names


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027, 2028])
def test_good_friday_is_not_a_working_day(year):
    good_friday = easter_sunday(year) - timedelta(days=2)
    assert good_friday.weekday() == 4
    assert not is_working_day(good_friday)
    assert is_working_day(good_friday - timedelta(days=1))  # Maundy Thursday is
    assert recognised_holidays(year)[good_friday] == "Goede Vrijdag (Atw art. 3 lid 2)"


@pytest.mark.parametrize(
    ("year", "weekday"), [(2025, 0), (2026, 1), (2027, 2), (2028, 4), (2031, 0)]
)
def test_liberation_day_every_year_not_only_in_lustrum_years(year, weekday):
    fifth_of_may = date(year, 5, 5)
    assert fifth_of_may.weekday() == weekday
    assert not is_working_day(fifth_of_may)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2025, date(2025, 4, 26)),  # 27 April 2025 is a Sunday
        (2026, date(2026, 4, 27)),
        (2031, date(2031, 4, 26)),  # 27 April 2031 is a Sunday
        (2013, date(2013, 4, 30)),  # Koninginnedag
        (2006, date(2006, 4, 29)),  # 30 April 2006 was a Sunday
    ],
)
def test_kings_day(year, expected):
    assert kings_day(year) == expected
    assert expected in public_holidays(year)


def test_kings_day_on_a_sunday_changes_no_working_day():
    # The day moves to a Saturday: Friday 25 and Monday 28 April 2025 are working days.
    assert is_working_day(date(2025, 4, 25)) and is_working_day(date(2025, 4, 28))
    assert add_working_days(date(2025, 4, 24), 2) == date(2025, 4, 28)


@pytest.mark.parametrize(
    ("start", "expected", "why"),
    [
        (date(2026, 11, 23), date(2026, 11, 30), "Monday: five working days later is Monday"),
        (date(2026, 11, 20), date(2026, 11, 27), "Friday: the weekend does not count"),
        (date(2026, 11, 21), date(2026, 11, 27), "Saturday: counting starts on Monday"),
        (date(2026, 4, 1), date(2026, 4, 10), "Good Friday and Easter Monday 2026"),
        (date(2026, 4, 2), date(2026, 4, 13), "Thursday before Easter: Good Friday skipped too"),
        (date(2024, 3, 27), date(2024, 4, 5), "Good Friday and Easter Monday 2024"),
        (date(2025, 4, 16), date(2025, 4, 25), "Good Friday and Easter Monday 2025"),
        (date(2027, 3, 24), date(2027, 4, 2), "Good Friday and Easter Monday 2027"),
        (date(2026, 5, 11), date(2026, 5, 19), "Ascension Day (Thursday) skipped"),
        (date(2026, 5, 20), date(2026, 5, 28), "Whit Monday skipped"),
        (date(2026, 4, 22), date(2026, 4, 30), "King's Day skipped"),
        (date(2026, 12, 22), date(2026, 12, 30), "Christmas: 25 and 26 December"),
        (date(2026, 12, 29), date(2027, 1, 6), "New Year's Day, across the year"),
        (date(2025, 4, 30), date(2025, 5, 8), "5 May 2025 (a Monday) skipped"),
        (date(2026, 4, 29), date(2026, 5, 7), "5 May 2026 (a Tuesday) skipped"),
        (date(2027, 5, 4), date(2027, 5, 13), "5 May and Ascension Day 2027 in a row"),
        (date(2024, 5, 3), date(2024, 5, 13), "5 May 2024 is a Sunday: only Ascension"),
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


# Atw art. 1 and 2 --------------------------------------------------------------------------


def test_article_1_extends_a_term_that_ends_on_a_holiday():
    assert extend_to_working_day(date(2026, 4, 3)) == date(2026, 4, 7)  # Good Friday 2026
    assert extend_to_working_day(date(2027, 5, 5)) == date(2027, 5, 7)  # 5 May + Ascension
    assert extend_to_working_day(date(2026, 11, 23)) == date(2026, 11, 23)


def test_articles_1_and_2_never_change_a_count_of_working_days():
    """The end of a working-day term is a working day (art. 1 has nothing to extend) and a
    term of n >= 2 working days holds at least two of them (art. 2 neither)."""
    day = date(2024, 1, 1)
    while day < date(2028, 1, 1):
        for n in (1, 2, 3, 5, 10):
            end = add_working_days(day, n)
            assert extend_to_working_day(end) == end, (day, n)
            assert working_days_between(day, end) == n
        day += timedelta(days=1)


# Days equated by decree (art. 3 lid 3): a parameter of the pure module, a setting here ----


BRIDGE_DAY = date(2026, 5, 15)  # the Friday after Ascension Day 2026


def test_extra_holidays_are_a_parameter():
    assert add_working_days(date(2026, 5, 13), 5) == date(2026, 5, 21)
    assert add_working_days(date(2026, 5, 13), 5, extra_holidays={BRIDGE_DAY}) == date(2026, 5, 22)
    assert not is_working_day(BRIDGE_DAY, {BRIDGE_DAY})
    assert working_days_between(date(2026, 5, 13), date(2026, 5, 22), {BRIDGE_DAY}) == 5


def test_the_setting_feeds_the_extra_days(settings):
    settings.EXTRA_HOLIDAYS = ()
    assert holidays.add_working_days(date(2026, 5, 13), 5) == date(2026, 5, 21)
    assert holidays.is_working_day(BRIDGE_DAY)
    settings.EXTRA_HOLIDAYS = (BRIDGE_DAY,)
    assert holidays.add_working_days(date(2026, 5, 13), 5) == date(2026, 5, 22)
    assert not holidays.is_working_day(BRIDGE_DAY)
    assert holidays.working_days_between(date(2026, 5, 13), date(2026, 5, 22)) == 5


def test_the_report_action_counts_with_the_setting(settings):
    """The meldcode action takes its add_working_days from the adapter."""
    from vangnet.meldcode import actions

    settings.EXTRA_HOLIDAYS = (BRIDGE_DAY,)
    assert actions.add_working_days(date(2026, 5, 13), 5) == date(2026, 5, 22)


def test_extra_holidays_from_the_environment(monkeypatch):
    monkeypatch.setenv("VANGNET_EXTRA_HOLIDAYS", " 2027-05-07, 2026-05-15,2026-05-15 ")
    assert env_dates("VANGNET_EXTRA_HOLIDAYS") == (date(2026, 5, 15), date(2027, 5, 7))
    monkeypatch.setenv("VANGNET_EXTRA_HOLIDAYS", "15-05-2026")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        env_dates("VANGNET_EXTRA_HOLIDAYS")
    monkeypatch.delenv("VANGNET_EXTRA_HOLIDAYS")
    assert env_dates("VANGNET_EXTRA_HOLIDAYS") == ()
