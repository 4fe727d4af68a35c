"""Solar Hijri and Ethiopian dates to Gregorian, for checking that a date exists and is past.

Implemented here rather than pulled from PyPI because we need only three small functions:
``to_gregorian``, ``month_length`` and the year range they are valid for. The stored answer
always keeps the calendar the applicant used; conversion is only for comparison.

Solar Hijri (Iran, Afghanistan): months 1-6 have 31 days, 7-11 have 30, the 12th has 29 or 30.
Which years are leap years follows the astronomical vernal equinox; the arithmetic below is
Borkowski's algorithm (also used by the widely deployed ``jalaali`` libraries), which matches
the official calendar for 1 to 3177 AP -- far beyond any date an applicant can give.

Ethiopian (Ethiopia, Eritrea): twelve months of 30 days and a 13th month (Pagume) of 5 days,
6 in the year before a Gregorian-style leap year (year % 4 == 3). New year falls on 11 or 12
September; the conversion goes through the Julian day number.
"""

from __future__ import annotations

import datetime as dt

from hearing.questionnaire.model import ETHIOPIAN, GREGORIAN, SOLAR_HIJRI

# Years outside these bounds are refused before any arithmetic (dt.date covers 1..9999).
YEAR_BOUNDS: dict[str, tuple[int, int]] = {
    GREGORIAN: (1, 9998),
    SOLAR_HIJRI: (1, 3177),
    ETHIOPIAN: (9, 9990),
}

_JALAALI_BREAKS = (
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210,
    1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178,
)

# Julian day number of 1 Meskerem 1 (Amete Mihret era, 29 August 8 CE in the Julian calendar).
_ETHIOPIAN_EPOCH = 1724221
# date.toordinal() + this = Julian day number.
_ORDINAL_TO_JDN = 1721425


def _div(a: int, b: int) -> int:
    """Integer division truncating toward zero, as the published algorithm assumes."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def _mod(a: int, b: int) -> int:
    return a - _div(a, b) * b


def _jalaali_year(jy: int) -> tuple[int, int, int]:
    """(Gregorian year of Nowruz, its day in March, years since the last leap year: 0 = leap)."""
    gy = jy + 621
    leap_j = -14
    jp = _JALAALI_BREAKS[0]
    jump = 0
    for jm in _JALAALI_BREAKS[1:]:
        jump = jm - jp
        if jy < jm:
            break
        leap_j += _div(jump, 33) * 8 + _div(_mod(jump, 33), 4)
        jp = jm
    n = jy - jp
    leap_j += _div(n, 33) * 8 + _div(_mod(n, 33) + 3, 4)
    if _mod(jump, 33) == 4 and jump - n == 4:
        leap_j += 1
    leap_g = _div(gy, 4) - _div((_div(gy, 100) + 1) * 3, 4) - 150
    march = 20 + leap_j - leap_g
    if jump - n < 6:
        n = n - jump + _div(jump + 4, 33) * 33
    leap = _mod(_mod(n + 1, 33) - 1, 4)
    if leap == -1:
        leap = 4
    return gy, march, leap


def is_leap(calendar: str, year: int) -> bool:
    if calendar == SOLAR_HIJRI:
        return _jalaali_year(year)[2] == 0
    if calendar == ETHIOPIAN:
        return year % 4 == 3
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def months_in_year(calendar: str) -> int:
    return 13 if calendar == ETHIOPIAN else 12


def month_length(calendar: str, year: int, month: int) -> int:
    if calendar == SOLAR_HIJRI:
        if month <= 6:
            return 31
        if month <= 11:
            return 30
        return 30 if is_leap(calendar, year) else 29
    if calendar == ETHIOPIAN:
        if month <= 12:
            return 30
        return 6 if is_leap(calendar, year) else 5
    if month == 2:
        return 29 if is_leap(calendar, year) else 28
    return 31 if month in (1, 3, 5, 7, 8, 10, 12) else 30


def to_gregorian(calendar: str, year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a valid date in ``calendar`` (ValueError if it does not exist)."""
    low, high = YEAR_BOUNDS[calendar]
    if not low <= year <= high:
        raise ValueError(f"year {year} out of range for {calendar}")
    if not 1 <= month <= months_in_year(calendar):
        raise ValueError(f"month {month} out of range for {calendar}")
    if not 1 <= day <= month_length(calendar, year, month):
        raise ValueError(f"day {day} out of range for {calendar} {year}-{month}")
    if calendar == GREGORIAN:
        return dt.date(year, month, day)
    if calendar == SOLAR_HIJRI:
        gy, march, _ = _jalaali_year(year)
        offset = (month - 1) * 31 - _div(month, 7) * (month - 7) + day - 1
        return dt.date.fromordinal(dt.date(gy, 3, march).toordinal() + offset)
    if calendar == ETHIOPIAN:
        jdn = _ETHIOPIAN_EPOCH + 365 * (year - 1) + year // 4 + 30 * (month - 1) + day - 1
        return dt.date.fromordinal(jdn - _ORDINAL_TO_JDN)
    raise ValueError(f"unknown calendar {calendar!r}")
