"""Working days of a study period: Monday to Friday without Belgian public holidays.

Completeness and the weekly comparison with contract hours count these days only; a provider can
still register on a weekend or holiday when they worked.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache


def easter_sunday(year: int) -> date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def belgian_public_holidays(year: int) -> frozenset[date]:
    easter = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),
            easter + timedelta(days=1),  # Easter Monday
            date(year, 5, 1),
            easter + timedelta(days=39),  # Ascension Day
            easter + timedelta(days=50),  # Whit Monday
            date(year, 7, 21),
            date(year, 8, 15),
            date(year, 11, 1),
            date(year, 11, 11),
            date(year, 12, 25),
        }
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in belgian_public_holidays(day.year)


def days_between(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def working_days(first: date, last: date) -> list[date]:
    return [day for day in days_between(first, last) if is_working_day(day)]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
