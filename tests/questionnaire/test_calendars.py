"""Solar Hijri and Ethiopian dates against known Gregorian dates."""

from __future__ import annotations

import datetime as dt

import pytest

from hearing.questionnaire.calendars import is_leap, month_length, to_gregorian


@pytest.mark.parametrize(
    ("date", "gregorian"),
    [
        ((1403, 1, 1), dt.date(2024, 3, 20)),  # Nowruz 1403
        ((1404, 1, 1), dt.date(2025, 3, 21)),  # Nowruz 1404
        ((1403, 12, 30), dt.date(2025, 3, 20)),  # 1403 is a leap year
        ((1399, 12, 30), dt.date(2021, 3, 20)),
        ((1357, 11, 22), dt.date(1979, 2, 11)),  # 22 Bahman 1357
        ((1398, 7, 1), dt.date(2019, 9, 23)),
        ((1300, 1, 1), dt.date(1921, 3, 21)),
    ],
)
def test_solar_hijri(date: tuple[int, int, int], gregorian: dt.date) -> None:
    assert to_gregorian("solar_hijri", *date) == gregorian


def test_solar_hijri_leap_years_follow_the_33_year_cycle() -> None:
    # 1408 (not 1407) is leap: the five-year gap that a plain "every 4 years" rule misses.
    assert [y for y in range(1390, 1412) if is_leap("solar_hijri", y)] == [
        1391, 1395, 1399, 1403, 1408]
    assert month_length("solar_hijri", 1402, 12) == 29
    assert month_length("solar_hijri", 1402, 6) == 31
    assert month_length("solar_hijri", 1402, 7) == 30
    with pytest.raises(ValueError):
        to_gregorian("solar_hijri", 1402, 12, 30)


@pytest.mark.parametrize(
    ("date", "gregorian"),
    [
        ((2017, 1, 1), dt.date(2024, 9, 11)),  # Enkutatash 2017
        ((2016, 1, 1), dt.date(2023, 9, 12)),  # after the leap year 2015
        ((2015, 13, 6), dt.date(2023, 9, 11)),  # Pagume 6 of a leap year
        ((2016, 4, 28), dt.date(2024, 1, 7)),  # Genna (Christmas) 2016
        ((1966, 4, 29), dt.date(1974, 1, 7)),
        ((2012, 1, 1), dt.date(2019, 9, 12)),
    ],
)
def test_ethiopian(date: tuple[int, int, int], gregorian: dt.date) -> None:
    assert to_gregorian("ethiopian", *date) == gregorian


def test_ethiopian_pagume() -> None:
    assert month_length("ethiopian", 2015, 13) == 6
    assert month_length("ethiopian", 2016, 13) == 5
    with pytest.raises(ValueError):
        to_gregorian("ethiopian", 2016, 13, 6)
    with pytest.raises(ValueError):
        to_gregorian("ethiopian", 2016, 14, 1)


def test_every_day_of_a_year_is_consecutive() -> None:
    # Walking a calendar day by day must walk the Gregorian one day by day: no gaps, no overlaps.
    for calendar, year in (("solar_hijri", 1399), ("solar_hijri", 1402),
                           ("ethiopian", 2015), ("ethiopian", 2016)):
        previous = None
        months = 13 if calendar == "ethiopian" else 12
        for month in range(1, months + 1):
            for day in range(1, month_length(calendar, year, month) + 1):
                current = to_gregorian(calendar, year, month, day)
                if previous is not None:
                    assert current - previous == dt.timedelta(days=1), (calendar, year, month)
                previous = current
        nxt = to_gregorian(calendar, year + 1, 1, 1)
        assert nxt - previous == dt.timedelta(days=1)


def test_gregorian_leap_years() -> None:
    assert month_length("gregorian", 2000, 2) == 29
    assert month_length("gregorian", 1900, 2) == 28
    assert month_length("gregorian", 2024, 2) == 29
