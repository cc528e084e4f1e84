"""The rules of daily registration, as pure functions (no database): what may be written when.

quarter-hour units only · no future days · only inside the study period ·
no changes after the closing day · a day above 12 hours needs a confirmation ·
a week more than 20% away from the contract hours gets a warning
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import workdays

QUARTER = 15
LONG_DAY_MINUTES = 12 * 60
MAX_DAY_MINUTES = 24 * 60
WEEK_TOLERANCE = Decimal("0.20")


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


def _d(day: date) -> str:
    return date_format(day, "d/m/Y")


def duration_problem(minutes: int | None) -> Problem | None:
    if minutes is None or minutes <= 0:
        return Problem("empty", _("Kies een duur van minstens 15 minuten."))
    if minutes % QUARTER:
        return Problem(
            "quarter", _("Registreer in stappen van 15 minuten (0, 15, 30 of 45 minuten).")
        )
    if minutes > MAX_DAY_MINUTES:
        return Problem("too_long", _("Eén registratie kan niet langer zijn dan 24 uur."))
    return None


def closed_problem(*, today: date, edits_until: date, raw_deleted: bool) -> Problem | None:
    if raw_deleted:
        return Problem("deleted", _("De ruwe gegevens van deze studie zijn verwijderd."))
    if today > edits_until:
        return Problem(
            "closed",
            _(
                "De registratie is afgesloten sinds %(date)s. Je kan je registraties nog "
                "bekijken, maar niet meer wijzigen."
            )
            % {"date": _d(edits_until)},
        )
    return None


def day_problem(*, day: date, today: date, starts_on: date, ends_on: date) -> Problem | None:
    if day > today:
        return Problem(
            "future", _("Je kan niet vooruit registreren. Kies vandaag of een vorige dag.")
        )
    if not starts_on <= day <= ends_on:
        return Problem(
            "outside",
            _("Deze dag valt buiten de registratieperiode (%(start)s tot en met %(end)s).")
            % {"start": _d(starts_on), "end": _d(ends_on)},
        )
    return None


def day_total_problem(new_total_minutes: int, *, confirmed: bool) -> Problem | None:
    if new_total_minutes > MAX_DAY_MINUTES:
        return Problem(
            "day_over_24h",
            _("Een dag heeft maar 24 uur. Deze dag zou op %(total)s komen.")
            % {"total": format_minutes(new_total_minutes)},
        )
    if new_total_minutes > LONG_DAY_MINUTES and not confirmed:
        return Problem(
            "long_day",
            _(
                "Deze dag komt op %(total)s, meer dan 12 uur. Klopt dat? Vink ‘Ja, ik werkte "
                "meer dan 12 uur’ aan en bewaar opnieuw."
            )
            % {"total": format_minutes(new_total_minutes)},
        )
    return None


def expected_week_minutes(
    weekly_hours: Decimal, *, week_first_day: date, starts_on: date, ends_on: date
) -> int:
    """Contract hours of one week, pro rata for the working days that fall in the study period."""
    last = week_first_day.toordinal() + 6
    days = [
        d
        for d in workdays.working_days(week_first_day, date.fromordinal(last))
        if starts_on <= d <= ends_on
    ]
    return round(Decimal(weekly_hours) * 60 * len(days) / 5)


def week_deviation(actual_minutes: int, expected_minutes: int) -> Decimal | None:
    """Relative difference with the contract hours (0.25 = 25% more), None without contract."""
    if expected_minutes <= 0:
        return None
    return (Decimal(actual_minutes) - expected_minutes) / Decimal(expected_minutes)


def week_warning(actual_minutes: int, expected_minutes: int) -> str:
    deviation = week_deviation(actual_minutes, expected_minutes)
    if deviation is None or abs(deviation) <= WEEK_TOLERANCE:
        return ""
    percent = round(abs(deviation) * 100)
    if deviation > 0:
        text = _(
            "Deze week registreerde je %(actual)s, %(percent)s%% meer dan je contracturen "
            "(%(expected)s). Kijk na of alles klopt."
        )
    else:
        text = _(
            "Deze week registreerde je %(actual)s, %(percent)s%% minder dan je contracturen "
            "(%(expected)s). Ontbreekt er nog iets?"
        )
    return text % {
        "actual": format_minutes(actual_minutes),
        "expected": format_minutes(expected_minutes),
        "percent": percent,
    }


def format_minutes(minutes: int) -> str:
    """`7 u 30 min`, `45 min`, `8 u`: short and unambiguous in Dutch and English."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return _("%(h)s u %(m)s min") % {"h": hours, "m": rest}
    if hours:
        return _("%(h)s u") % {"h": hours}
    return _("%(m)s min") % {"m": rest}
