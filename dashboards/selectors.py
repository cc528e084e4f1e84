"""Reads of the bureau dashboards: one function per question, on the summary tables only.

Every function takes a parsed `DashboardFilter` (bureaus already scoped by accounts/policies.py)
and returns a `Result`: tables of rows that the page, the downloads and the API show as they are.
Grouping happens in the database (one GROUP BY per table); Python only derives ratios from the
grouped sums and fills empty periods with zeros.
"""

from __future__ import annotations

import calendar
import hashlib
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import ExtractIsoWeekDay, TruncMonth, TruncWeek
from django.utils.dates import MONTHS, WEEKDAYS_ABBR
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import policies
from parent_portal.models import PartOfDay

from . import facts
from .filters import DAY, GLOBAL, MONTH, PART_OF_DAY, WEEK, DashboardFilter
from .models import (
    WEEKDAYS,
    AllocatedHours,
    BureauDayFact,
    BureauMonthFact,
    PractitionerDayFact,
    PractitionerMonthFact,
    RegistrationDayFact,
    RegistrationMonthFact,
)
from .questions import (
    BY_SLUG,
    DOCTOR,
    KINDS,
    MEDIAN_MIN_BUREAUS,
    NURSE,
    SUPPRESSION_THRESHOLD,
    Question,
)

COUNT, HOURS, PERCENT, RATIO = "count", "hours", "percent", "ratio"
STATUSES = ("booked", "done", "no_show", "cancelled", "postponed_portal", "postponed_phone")
CONSULT_KINDS = ("done_regular", "done_duo", "done_squeezed_in", "done_combined", "done_extra")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str = COUNT


@dataclass
class Table:
    key: str
    caption: str
    row_header: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    # "bar", "stack" or "" (no chart: the table alone), and which columns the chart draws.
    chart: str = "bar"
    chart_columns: tuple[str, ...] = ()
    total: dict[str, Any] | None = None


@dataclass
class Result:
    question: Question
    filter: DashboardFilter
    tables: list[Table]
    notes: list[str] = field(default_factory=list)
    # The one figure a tile shows: (value, unit).
    headline: tuple[Any, str] = (None, COUNT)


def last_refresh() -> datetime | None:
    """When the summary tables were last rebuilt or refreshed."""
    return facts.last_refresh()


DOCTORS_CACHE_SECONDS = 300


def doctors_of(bureau_ids: list[int]) -> list[tuple[int, str]]:
    """Doctors with sessions at these bureaus (the doctor filter of question 8).

    Ten years of month facts of an organiser's bureaus are tens of thousands of rows: the list is
    cached until the facts change (or five minutes pass, for a renamed doctor).
    """
    refreshed = last_refresh()
    ids = ",".join(str(pk) for pk in sorted(bureau_ids))
    key = (
        "dashboards:doctors:"
        + hashlib.sha256(f"{ids}|{refreshed.isoformat() if refreshed else ''}".encode()).hexdigest()
    )
    cached = cache.get(key)
    if cached is not None:
        return [tuple(doctor) for doctor in cached]
    rows = (
        PractitionerMonthFact.objects.filter(bureau_id__in=bureau_ids, practitioner_kind=DOCTOR)
        .values_list("practitioner_id", "practitioner__first_name", "practitioner__last_name")
        .distinct()
        .order_by("practitioner__last_name", "practitioner__first_name", "practitioner_id")
    )
    doctors = [(pk, f"{first} {last}".strip()) for pk, first, last in rows]
    cache.set(key, doctors, DOCTORS_CACHE_SECONDS)
    return doctors


# --- Helpers -------------------------------------------------------------------------------------


def _ratio(numerator: float, denominator: float, scale: float = 1, digits: int = 2) -> float | None:
    if not denominator:
        return None
    return round(numerator * scale / denominator, digits)


def _hours(minutes: float) -> float:
    return round(minutes / 60, 1)


class FactSet:
    """The facts of a period, read from the month table for the whole months in it and from the
    day table for the days before and after them (a period of years reads ~30x fewer rows).

    Only a grouping by date (weeks, days, weekdays) reads the whole period from the day table.
    Behaves like the few queryset calls the selectors make; every sum is added across the parts.
    """

    def __init__(self, parts: list[QuerySet], day_parts: list[QuerySet]) -> None:
        self.parts = parts
        self.day_parts = day_parts

    def filter(self, *args: Any, **kwargs: Any) -> FactSet:
        return FactSet(
            [qs.filter(*args, **kwargs) for qs in self.parts],
            [qs.filter(*args, **kwargs) for qs in self.day_parts],
        )

    def aggregate(self, **sums: Any) -> dict[str, Any]:
        total: dict[str, Any] = dict.fromkeys(sums, None)
        for qs in self.parts:
            for name, value in qs.aggregate(**sums).items():
                if value is not None:
                    total[name] = (total[name] or 0) + value
        return total

    def rows(
        self,
        fields: Iterable[str],
        sums: dict[str, Any],
        *,
        by_date: bool = False,
        **expressions: Any,
    ) -> list[dict]:
        """Sums grouped by `fields` (and named expressions), merged across the parts.

        `by_date`: the expressions need each row's own date (a week, a day, a weekday)."""
        keys = [*expressions, *fields]
        merged: dict[tuple, dict[str, Any]] = {}
        for qs in self.day_parts if by_date else self.parts:
            grouped_qs = qs.annotate(**expressions) if expressions else qs
            for row in grouped_qs.values(*keys).annotate(**sums).order_by():
                key = tuple(row[k] for k in keys)
                if key not in merged:
                    merged[key] = row
                    continue
                for name in sums:
                    if row[name] is not None:
                        merged[key][name] = (merged[key][name] or 0) + row[name]
        return list(merged.values())


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _split(start: date, end: date) -> tuple[date, date] | None:
    """The whole months inside [start, end] as (first day, last day), or None."""
    first = start if start.day == 1 else _next_month(start)
    last = _next_month(end) - timedelta(days=1)
    if last != end:
        last = end.replace(day=1) - timedelta(days=1)
    return (first, last) if first <= last else None


def _fact_set(
    day_model: Any, month_model: Any, bureau_ids: list[int], f: DashboardFilter
) -> FactSet:
    def part(model: Any, start: date, end: date) -> QuerySet:
        return model.objects.filter(bureau_id__in=bureau_ids, date__range=(start, end))

    day_parts = [part(day_model, f.start, f.end)]
    months = _split(f.start, f.end)
    if months is None:
        return FactSet(day_parts, day_parts)
    first, last = months
    parts = [part(month_model, first, last)]
    if f.start < first:
        parts.insert(0, part(day_model, f.start, first - timedelta(days=1)))
    if last < f.end:
        parts.append(part(day_model, last + timedelta(days=1), f.end))
    return FactSet(parts, day_parts)


def _facts(f: DashboardFilter, kind: str | None = None) -> FactSet:
    qs = _fact_set(BureauDayFact, BureauMonthFact, f.bureau_ids, f)
    return qs.filter(practitioner_kind=kind) if kind else qs


def _registration_facts(f: DashboardFilter, kind: str | None = None) -> FactSet:
    qs = _fact_set(RegistrationDayFact, RegistrationMonthFact, f.bureau_ids, f)
    return qs.filter(practitioner_kind=kind) if kind else qs


def _practitioner_facts(f: DashboardFilter, kind: str) -> FactSet:
    return _fact_set(PractitionerDayFact, PractitionerMonthFact, f.bureau_ids, f).filter(
        practitioner_kind=kind
    )


def _organiser_facts(f: DashboardFilter, kind: str | None = None) -> FactSet:
    bureau_ids = list(policies.bureaus_of(f.organiser).values_list("pk", flat=True))
    qs = _fact_set(BureauDayFact, BureauMonthFact, bureau_ids, f)
    return qs.filter(practitioner_kind=kind) if kind else qs


def _sum(column: str | Any, kind: str | None = None) -> Sum:
    return Sum(column, filter=Q(practitioner_kind=kind)) if kind else Sum(column)


def _zeros(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v or 0) for k, v in values.items()}


@dataclass(frozen=True)
class Bucket:
    key: Any
    label: str
    first: date | None = None
    last: date | None = None


def buckets(f: DashboardFilter) -> list[Bucket]:
    """The periods of the filter's granularity, each clipped to the filter's period."""
    g = f.granularity
    if g == GLOBAL:
        label = _("%(start)s tot en met %(end)s") % {
            "start": date_format(f.start, "j F Y"),
            "end": date_format(f.end, "j F Y"),
        }
        return [Bucket("all", label, f.start, f.end)]
    if g == PART_OF_DAY:
        return [Bucket(value, str(label)) for value, label in PartOfDay.choices]
    out: list[Bucket] = []
    # Labels from the translated names, looked up once: date_format per bucket took a third of
    # a year-per-day request.
    if g == MONTH:
        months = {n: str(name) for n, name in MONTHS.items()}
        day = _month_start(f.start)
        while day <= f.end:
            following = _next_month(day)
            last = min(following - timedelta(days=1), f.end)
            label = f"{months[day.month]} {day.year}"
            out.append(Bucket(day, label, max(day, f.start), last))
            day = following
    elif g == WEEK:
        template = _("week %(week)s van %(year)s")
        day = f.start - timedelta(days=f.start.weekday())
        while day <= f.end:
            year, week, _weekday = day.isocalendar()
            label = template % {"week": week, "year": year}
            out.append(Bucket(day, label, max(day, f.start), min(day + timedelta(days=6), f.end)))
            day += timedelta(days=7)
    elif g == DAY:
        weekdays = [str(WEEKDAYS_ABBR[n]) for n in range(7)]
        day = f.start
        while day <= f.end:
            label = f"{weekdays[day.weekday()]} {day.day}/{day.month:02d}/{day.year}"
            out.append(Bucket(day, label, day, day))
            day += timedelta(days=1)
    return out


def _key(value: Any) -> Any:
    return value.date() if isinstance(value, datetime) else value


def _bucket_expression(granularity: str) -> Any:
    return {
        MONTH: TruncMonth("date"),
        WEEK: TruncWeek("date"),
        DAY: F("date"),
        PART_OF_DAY: F("part_of_day"),
    }[granularity]


def grouped(
    qs: FactSet, f: DashboardFilter, sums: dict[str, Any]
) -> list[tuple[Bucket, dict[str, Any]]]:
    """Sums per period bucket in one query; empty periods come back as zeros."""
    periods = buckets(f)
    if f.granularity == GLOBAL:
        return [(periods[0], _zeros(qs.aggregate(**sums)))]
    by_date = f.granularity in (WEEK, DAY)
    rows = qs.rows([], sums, by_date=by_date, bucket=_bucket_expression(f.granularity))
    found = {_key(row.pop("bucket")): _zeros(row) for row in rows}
    zero = dict.fromkeys(sums, 0)
    return [(b, found.get(b.key, zero)) for b in periods]


def _add(rows: Iterable[dict[str, Any]], keys: Iterable[str]) -> dict[str, Any]:
    keys = list(keys)
    total = dict.fromkeys(keys, 0)
    for row in rows:
        for key in keys:
            total[key] += row.get(key) or 0
    return total


def _period_table(
    f: DashboardFilter,
    qs: QuerySet,
    sums: dict[str, Any],
    derive: Callable[[dict[str, Any], Bucket | None], dict[str, Any]],
    *,
    key: str,
    caption: str,
    columns: list[Column],
    chart: str = "bar",
    chart_columns: tuple[str, ...] = (),
) -> tuple[Table, dict[str, Any]]:
    """A table with one row per period of the filter, and its total; returns (table, total sums)."""
    series = grouped(qs, f, sums)
    rows = [{"key": _json_key(b.key), "label": b.label, **derive(s, b)} for b, s in series]
    total_sums = _add((s for _b, s in series), sums)
    total = None
    if len(series) > 1:
        whole = Bucket("total", _("Totaal"), f.start, f.end)
        total = {"key": "total", "label": _("Totaal"), **derive(total_sums, whole)}
    return (
        Table(
            key=key,
            caption=caption,
            row_header=_period_header(f),
            columns=columns,
            rows=rows,
            chart=chart,
            chart_columns=chart_columns,
            total=total,
        ),
        total_sums,
    )


def _json_key(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _period_header(f: DashboardFilter) -> str:
    return {
        GLOBAL: _("Periode"),
        MONTH: _("Maand"),
        WEEK: _("Week"),
        DAY: _("Dag"),
        PART_OF_DAY: _("Dagdeel"),
    }[f.granularity]


def _kind_label(kind: str | None) -> str:
    return {DOCTOR: _("artsen"), NURSE: _("verpleegkundigen"), None: _("alle zittingen")}[kind]


def _kinds(f: DashboardFilter) -> tuple[str, ...]:
    return (f.kind,) if f.kind else KINDS


def _selection_label(f: DashboardFilter) -> str:
    if len(f.bureaus) == 1:
        return f.bureaus[0].name
    return ngettext("Je selectie (%(n)s bureau)", "Je selectie (%(n)s bureaus)", len(f.bureaus)) % {
        "n": len(f.bureaus)
    }


def _raw(numerator: float, denominator: float, scale: float = 1) -> float | None:
    return numerator * scale / denominator if denominator else None


DIGITS = {PERCENT: 1, RATIO: 2, HOURS: 1}


def _comparison(
    f: DashboardFilter,
    qs: QuerySet,
    sums: dict[str, Any],
    raw: Callable[[dict[str, Any]], dict[str, float | None]],
    columns: list[Column],
    own: dict[str, Any],
    notes: list[str],
) -> Table | None:
    """The selection beside the median of the organiser's bureaus (one grouped query).

    `raw` gives a bureau's unrounded figures from its sums; the median is rounded like the column.
    Shown only with enough bureaus to compare with, unless the user may see every one of them
    (so a single other bureau's figure can never be read off the median)."""
    per_bureau = {row.pop("bureau_id"): raw(_zeros(row)) for row in qs.rows(["bureau_id"], sums)}
    if not per_bureau:
        return None
    visible = {b.pk for b in f.visible_bureaus}
    if len(per_bureau) < MEDIAN_MIN_BUREAUS and not set(per_bureau) <= visible:
        notes.append(
            _(
                "De vergelijking met de mediaan van de bureaus van %(organiser)s tonen we pas "
                "vanaf %(n)s bureaus met cijfers."
            )
            % {"organiser": f.organiser.name, "n": MEDIAN_MIN_BUREAUS}
        )
        return None
    median: dict[str, Any] = {}
    for column in columns:
        values = [v[column.key] for v in per_bureau.values() if v.get(column.key) is not None]
        median[column.key] = (
            round(statistics.median(values), DIGITS.get(column.unit, 2)) if values else None
        )
    n = len(per_bureau)
    selection = {c.key: own.get(c.key) for c in columns}
    return Table(
        key="comparison",
        caption=_("Vergelijking met de mediaan van de bureaus van %(organiser)s")
        % {"organiser": f.organiser.name},
        row_header=_("Bureaus"),
        columns=columns,
        rows=[
            {"key": "selection", "label": _selection_label(f), **selection},
            {
                "key": "median",
                "label": ngettext("Mediaan van %(n)s bureau", "Mediaan van %(n)s bureaus", n)
                % {"n": n},
                **median,
            },
        ],
        chart="",
    )


# --- 1. Allocated versus planned hours -----------------------------------------------------------


def _allocations(bureau_ids: list[int], years: Iterable[int], kind: str) -> dict[int, float]:
    column = "nurse_hours" if kind == NURSE else "doctor_hours"
    rows = (
        AllocatedHours.objects.filter(bureau_id__in=bureau_ids, year__in=list(years))
        .values("year")
        .annotate(hours=Sum(column))
        .order_by()
    )
    return {row["year"]: float(row["hours"] or 0) for row in rows}


def _pro_rata(allocated: dict[int, float], first: date, last: date) -> float:
    """Each year's allocation times the share of that year's days that fall in [first, last]."""
    total = 0.0
    for year in range(first.year, last.year + 1):
        hours = allocated.get(year)
        if not hours:
            continue
        begin, end = max(first, date(year, 1, 1)), min(last, date(year, 12, 31))
        days_in_year = 366 if calendar.isleap(year) else 365
        total += hours * ((end - begin).days + 1) / days_in_year
    return total


def allocated_hours(f: DashboardFilter) -> Result:
    question = BY_SLUG["allocated-hours"]
    kind = f.kind or DOCTOR
    allocated = _allocations(f.bureau_ids, range(f.start.year, f.end.year + 1), kind)

    def derive(sums: dict[str, Any], bucket: Bucket | None) -> dict[str, Any]:
        planned = _hours(sums["minutes"])
        given = None
        if bucket is not None and bucket.first is not None and allocated:
            given = round(_pro_rata(allocated, bucket.first, bucket.last), 1)
        return {
            "allocated": given,
            "planned": planned,
            "planned_pct": _ratio(planned, given or 0, 100, 1),
        }

    table, _total = _period_table(
        f,
        _facts(f, kind),
        {"minutes": Sum("session_minutes")},
        derive,
        key="hours",
        caption=_("Toegekende en geplande uren (%(kind)s)") % {"kind": _kind_label(kind)},
        columns=[
            Column("allocated", _("Toegekende uren"), HOURS),
            Column("planned", _("Geplande uren"), HOURS),
            Column("planned_pct", _("Gepland t.o.v. toegekend"), PERCENT),
        ],
        chart_columns=("allocated", "planned"),
    )
    whole = table.total or table.rows[0]
    notes = []
    if not allocated:
        notes.append(_("Voor deze bureaus en jaren zijn nog geen uren toegekend."))
    if f.granularity == PART_OF_DAY:
        notes.append(_("Uren worden per jaar toegekend, niet per dagdeel: zie de totaalrij."))
    return Result(question, f, [table], notes, (whole["planned_pct"], PERCENT))


# --- 2. Distribution of planned hours ------------------------------------------------------------


def _weekday_names() -> dict[int, str]:
    """ISO weekday (1 = Monday) -> its name in the active language (Django's own catalogue)."""
    return {n + 1: str(WEEKDAY_NAMES[n]) for n in range(7)}


def _distribution(
    key: str, caption: str, header: str, rows: list[tuple[Any, str, int]], total_minutes: int
) -> Table:
    return Table(
        key=key,
        caption=caption,
        row_header=header,
        columns=[
            Column("hours", _("Geplande uren"), HOURS),
            Column("share", _("Aandeel"), PERCENT),
        ],
        rows=[
            {
                "key": k,
                "label": label,
                "hours": _hours(minutes),
                "share": _ratio(minutes, total_minutes, 100, 1),
            }
            for k, label, minutes in rows
        ],
        chart_columns=("hours",),
    )


def _person_order(row: dict[str, Any]) -> tuple:
    return (
        row["practitioner__last_name"] or "",
        row["practitioner__first_name"] or "",
        row["practitioner_id"],
    )


def _weekday_minutes(facts: FactSet) -> dict[int, int]:
    """Planned minutes per ISO weekday: whole months from their weekday columns, the days around
    them grouped by their date."""
    minutes = dict.fromkeys(WEEKDAYS, 0)
    for qs in facts.parts:
        if qs.model is BureauMonthFact:
            sums = qs.aggregate(**{f"w{n}": Sum(f"minutes_weekday_{n}") for n in WEEKDAYS})
            for n in WEEKDAYS:
                minutes[n] += sums[f"w{n}"] or 0
            continue
        per_day = (
            qs.annotate(weekday=ExtractIsoWeekDay("date"))
            .values("weekday")
            .annotate(minutes=Sum("session_minutes"))
            .order_by()
        )
        for row in per_day:
            minutes[row["weekday"]] += row["minutes"] or 0
    return minutes


def hour_distribution(f: DashboardFilter) -> Result:
    question = BY_SLUG["hour-distribution"]
    kind = f.kind or DOCTOR
    facts = _facts(f, kind)
    minutes = {"minutes": Sum("session_minutes")}
    by_weekday = _weekday_minutes(facts)
    by_part = {
        row["part_of_day"]: row["minutes"] or 0 for row in facts.rows(["part_of_day"], minutes)
    }
    by_person = sorted(
        _practitioner_facts(f, kind).rows(
            ["practitioner_id", "practitioner__first_name", "practitioner__last_name"], minutes
        ),
        key=_person_order,
    )
    by_bureau = {
        row["bureau_id"]: row["minutes"] or 0 for row in facts.rows(["bureau_id"], minutes)
    }
    total = sum(by_part.values())
    who = _("Arts") if kind == DOCTOR else _("Verpleegkundige")
    kind_label = _kind_label(kind)
    tables = [
        _distribution(
            "weekday",
            _("Geplande uren per weekdag (%(kind)s)") % {"kind": kind_label},
            _("Weekdag"),
            [(n, name, by_weekday.get(n, 0)) for n, name in _weekday_names().items()],
            total,
        ),
        _distribution(
            "part_of_day",
            _("Geplande uren per dagdeel (%(kind)s)") % {"kind": kind_label},
            _("Dagdeel"),
            [(value, str(label), by_part.get(value, 0)) for value, label in PartOfDay.choices],
            total,
        ),
        _distribution(
            "practitioner",
            _("Geplande uren per %(who)s") % {"who": who.lower()},
            who,
            [
                (
                    row["practitioner_id"],
                    f"{row['practitioner__first_name']} {row['practitioner__last_name']}".strip(),
                    row["minutes"] or 0,
                )
                for row in by_person
            ],
            total,
        ),
        _distribution(
            "bureau",
            _("Geplande uren per bureau (%(kind)s)") % {"kind": kind_label},
            _("Bureau"),
            [(b.pk, b.name, by_bureau.get(b.pk, 0)) for b in f.bureaus],
            total,
        ),
    ]
    for table in tables:
        table.total = {"key": "total", "label": _("Totaal"), "hours": _hours(total),
                       "share": 100.0 if total else None}  # fmt: skip
    notes = [_("Deze vraag toont de verdeling over de hele gekozen periode.")]
    return Result(question, f, tables, notes, (_hours(total), HOURS))


# --- 3. Sessions, occupancy, fruitless contacts -------------------------------------------------

SESSION_SUMS = {
    "sessions": Sum("sessions"),
    "capacity": Sum("capacity"),
    "slots_taken": Sum("slots_taken"),
    "done": Sum("done"),
    "no_show": Sum("no_show"),
}


def _session_figures(sums: dict[str, Any], bucket: Bucket | None = None) -> dict[str, Any]:
    return {
        "sessions": sums["sessions"],
        "capacity": sums["capacity"],
        "slots_taken": sums["slots_taken"],
        "occupancy": _ratio(sums["slots_taken"], sums["capacity"], 100, 1),
        "done": sums["done"],
        "no_show": sums["no_show"],
        "no_show_rate": _ratio(sums["no_show"], sums["done"] + sums["no_show"], 100, 1),
    }


def _sessions_raw(sums: dict[str, Any]) -> dict[str, float | None]:
    return {
        "occupancy": _raw(sums["slots_taken"], sums["capacity"], 100),
        "no_show_rate": _raw(sums["no_show"], sums["done"] + sums["no_show"], 100),
    }


def sessions(f: DashboardFilter) -> Result:
    question = BY_SLUG["sessions"]
    columns = [
        Column("sessions", _("Zittingen")),
        Column("capacity", _("Plaatsen")),
        Column("slots_taken", _("Bezette plaatsen")),
        Column("occupancy", _("Bezetting"), PERCENT),
        Column("done", _("Uitgevoerde contacten")),
        Column("no_show", _("Vruchteloze contacten (niet gekomen)")),
        Column("no_show_rate", _("Niet-gekomen-graad"), PERCENT),
    ]
    table, total_sums = _period_table(
        f,
        _facts(f, f.kind),
        SESSION_SUMS,
        _session_figures,
        key="sessions",
        caption=_("Zittingen, bezetting en vruchteloze contacten (%(kind)s)")
        % {"kind": _kind_label(f.kind)},
        columns=columns,
        chart_columns=("occupancy", "no_show_rate"),
    )
    notes: list[str] = []
    own = _session_figures(total_sums)
    tables = [table]
    compared = _comparison(
        f,
        _organiser_facts(f, f.kind),
        SESSION_SUMS,
        _sessions_raw,
        [columns[3], columns[6]],
        own,
        notes,
    )
    if compared:
        tables.append(compared)
    return Result(question, f, tables, notes, (own["occupancy"], PERCENT))


# --- 4. Postponements ----------------------------------------------------------------------------


def _planned_expression() -> Any:
    expression = F(STATUSES[0])
    for status in STATUSES[1:]:
        expression = expression + F(status)
    return expression


def postponements(f: DashboardFilter) -> Result:
    question = BY_SLUG["postponements"]
    kinds = _kinds(f)
    sums: dict[str, Any] = {}
    columns: list[Column] = []
    for kind in kinds:
        label = _kind_label(kind)
        sums[f"planned_{kind}"] = _sum(_planned_expression(), kind)
        sums[f"portal_{kind}"] = _sum("postponed_portal", kind)
        sums[f"phone_{kind}"] = _sum("postponed_phone", kind)
        columns += [
            Column(f"planned_{kind}", _("Geplande contacten (%(kind)s)") % {"kind": label}),
            Column(f"portal_{kind}", _("Verzet via het portaal (%(kind)s)") % {"kind": label}),
            Column(f"phone_{kind}", _("Verzet via de telefoonlijn (%(kind)s)") % {"kind": label}),
            Column(
                f"portal_per_100_{kind}",
                _("Via het portaal per 100 geplande (%(kind)s)") % {"kind": label},
                RATIO,
            ),
            Column(
                f"phone_per_100_{kind}",
                _("Via de telefoonlijn per 100 geplande (%(kind)s)") % {"kind": label},
                RATIO,
            ),
        ]

    def derive(s: dict[str, Any], bucket: Bucket | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for kind in kinds:
            planned = s[f"planned_{kind}"]
            out |= {
                f"planned_{kind}": planned,
                f"portal_{kind}": s[f"portal_{kind}"],
                f"phone_{kind}": s[f"phone_{kind}"],
                f"portal_per_100_{kind}": _ratio(s[f"portal_{kind}"], planned, 100),
                f"phone_per_100_{kind}": _ratio(s[f"phone_{kind}"], planned, 100),
            }
        return out

    table, total_sums = _period_table(
        f,
        _facts(f, f.kind),
        sums,
        derive,
        key="postponements",
        caption=_("Verzette contacten per kanaal"),
        columns=columns,
        chart_columns=tuple(
            f"{channel}_per_100_{kind}" for kind in kinds for channel in ("portal", "phone")
        ),
    )
    planned = sum(total_sums[f"planned_{k}"] for k in kinds)
    moved = sum(total_sums[f"portal_{k}"] + total_sums[f"phone_{k}"] for k in kinds)
    return Result(question, f, [table], [], (_ratio(moved, planned, 100), RATIO))


# --- 5. and 6. Registrations and enrolments per kind --------------------------------------------


def _per_kind(
    f: DashboardFilter, slug: str, column: str, caption: str, facts_of: Callable[..., FactSet]
) -> Result:
    question = BY_SLUG[slug]
    kinds = _kinds(f)
    sums = {kind: _sum(column, kind) for kind in kinds}
    columns = [Column(kind, _kind_label(kind).capitalize()) for kind in kinds]
    if len(kinds) > 1:
        columns.append(Column("all", _("Samen")))

    def derive(s: dict[str, Any], bucket: Bucket | None = None) -> dict[str, Any]:
        out = {kind: s[kind] for kind in kinds}
        if len(kinds) > 1:
            out["all"] = sum(out.values())
        return out

    table, total_sums = _period_table(
        f,
        facts_of(f, f.kind),
        sums,
        derive,
        key=slug,
        caption=caption,
        columns=columns,
        chart="stack",
        chart_columns=kinds,
    )
    return Result(question, f, [table], [], (sum(total_sums.values()), COUNT))


def registrations(f: DashboardFilter) -> Result:
    return _per_kind(
        f,
        "registrations",
        "registrations",
        _("Aanmeldingen per soort zitting"),
        _registration_facts,
    )


def enrolments(f: DashboardFilter) -> Result:
    return _per_kind(
        f, "enrolments", "enrolments", _("Nieuwe inschrijvingen per soort zitting"), _facts
    )


# --- 7. Allocated hours next year ---------------------------------------------------------------


def next_year(f: DashboardFilter) -> Result:
    question = BY_SLUG["next-year"]
    kind = f.kind or DOCTOR
    year = f.end.year
    column = "nurse_hours" if kind == NURSE else "doctor_hours"
    allocated: dict[tuple[int, int], float] = {
        (row["bureau_id"], row["year"]): float(row[column])
        for row in AllocatedHours.objects.filter(
            bureau_id__in=f.bureau_ids, year__in=[year, year + 1]
        ).values("bureau_id", "year", column)
    }
    planned = {
        row["bureau_id"]: row["minutes"] or 0
        for row in BureauMonthFact.objects.filter(
            bureau_id__in=f.bureau_ids,
            date__range=(date(year, 1, 1), date(year, 12, 31)),
            practitioner_kind=kind,
        )
        .values("bureau_id")
        .annotate(minutes=Sum("session_minutes"))
        .order_by()
    }

    def figures(this: float | None, minutes: int, following: float | None) -> dict[str, Any]:
        return {
            "allocated_this": this,
            "planned_this": _hours(minutes),
            "allocated_next": following,
            "difference": round(following - this, 1)
            if this is not None and following is not None
            else None,
        }

    rows = [
        {
            "key": b.pk,
            "label": b.name,
            **figures(
                allocated.get((b.pk, year)), planned.get(b.pk, 0), allocated.get((b.pk, year + 1))
            ),
        }
        for b in f.bureaus
    ]

    def total_of(y: int) -> float | None:
        values = [v for (_b, yy), v in allocated.items() if yy == y]
        return round(sum(values), 1) if values else None

    total = {
        "key": "total",
        "label": _("Totaal"),
        **figures(total_of(year), sum(planned.values()), total_of(year + 1)),
    }
    kind_label = _kind_label(kind)
    table = Table(
        key="next_year",
        caption=_("Toegekende uren %(next)s naast %(year)s (%(kind)s)")
        % {"next": year + 1, "year": year, "kind": kind_label},
        row_header=_("Bureau"),
        columns=[
            Column("allocated_this", _("Toegekend %(year)s") % {"year": year}, HOURS),
            Column("planned_this", _("Gepland %(year)s") % {"year": year}, HOURS),
            Column("allocated_next", _("Toegekend %(year)s") % {"year": year + 1}, HOURS),
            Column("difference", _("Verschil"), HOURS),
        ],
        rows=rows,
        chart_columns=("allocated_this", "planned_this", "allocated_next"),
        total=total if len(rows) > 1 else None,
    )
    notes = [
        _("Dit jaar is %(year)s: het jaar waarin de gekozen periode eindigt.") % {"year": year}
    ]
    if total["allocated_next"] is None:
        notes.append(_("Voor %(year)s zijn nog geen uren toegekend.") % {"year": year + 1})
    return Result(question, f, [table], notes, (total["allocated_next"], HOURS))


# --- 8. Executed contacts per doctor per session ------------------------------------------------

CONTACT_SUMS = {"sessions": Sum("sessions"), "done": Sum("done")}


def _contacts(sums: dict[str, Any], bucket: Bucket | None = None) -> dict[str, Any]:
    if sums["done"] < SUPPRESSION_THRESHOLD:
        return {"sessions": sums["sessions"], "done": None, "per_session": None, "suppressed": True}
    return {
        "sessions": sums["sessions"],
        "done": sums["done"],
        "per_session": _ratio(sums["done"], sums["sessions"]),
    }


def _contacts_raw(sums: dict[str, Any]) -> dict[str, float | None]:
    return {"per_session": _raw(sums["done"], sums["sessions"])}


def contacts_per_doctor(f: DashboardFilter) -> Result:
    question = BY_SLUG["contacts-per-doctor"]
    facts = _practitioner_facts(f, DOCTOR)
    if f.doctor_id:
        facts = facts.filter(practitioner_id=f.doctor_id)
    columns = [
        Column("sessions", _("Zittingen")),
        Column("done", _("Uitgevoerde contacten")),
        Column("per_session", _("Contacten per zitting"), RATIO),
    ]
    per_doctor = sorted(
        facts.rows(
            ["practitioner_id", "practitioner__first_name", "practitioner__last_name"],
            CONTACT_SUMS,
        ),
        key=_person_order,
    )
    doctor_rows = [
        {
            "key": row["practitioner_id"],
            "label": f"{row['practitioner__first_name']} {row['practitioner__last_name']}".strip(),
            **_contacts(_zeros({"sessions": row["sessions"], "done": row["done"]})),
        }
        for row in per_doctor
    ]
    tables = [
        Table(
            key="doctors",
            caption=_("Uitgevoerde contacten per zitting, per arts"),
            row_header=_("Arts"),
            columns=columns,
            rows=doctor_rows,
            chart_columns=("per_session",),
        )
    ]
    period_table, total_sums = _period_table(
        f,
        facts,
        CONTACT_SUMS,
        _contacts,
        key="periods",
        caption=_("Uitgevoerde contacten per zitting, per periode")
        if not f.doctor_id
        else _("Uitgevoerde contacten per zitting van %(name)s, per periode")
        % {"name": f.doctor_name},
        columns=columns,
        chart_columns=("per_session",),
    )
    if f.granularity != GLOBAL:
        tables.append(period_table)
    notes: list[str] = []
    hidden = sum(1 for row in doctor_rows if row.get("suppressed"))
    if hidden or any(row.get("suppressed") for row in period_table.rows):
        notes.append(
            _(
                "— : minder dan %(n)s uitgevoerde contacten. Zo kleine aantallen tonen we niet, "
                "om de artsen te beschermen."
            )
            % {"n": SUPPRESSION_THRESHOLD}
        )
    if hidden:
        notes.append(
            ngettext(
                "%(count)s arts had minder dan %(n)s uitgevoerde contacten in deze periode.",
                "%(count)s artsen hadden minder dan %(n)s uitgevoerde contacten in deze periode.",
                hidden,
            )
            % {"count": hidden, "n": SUPPRESSION_THRESHOLD}
        )
    own = _contacts(total_sums)
    if not f.doctor_id:
        compared = _comparison(
            f,
            _organiser_facts(f, DOCTOR),
            CONTACT_SUMS,
            _contacts_raw,
            [columns[2]],
            own,
            notes,
        )
        if compared:
            tables.append(compared)
    return Result(question, f, tables, notes, (own["per_session"], RATIO))


# --- 9. Consult kinds ----------------------------------------------------------------------------


def consult_kinds(f: DashboardFilter) -> Result:
    question = BY_SLUG["consult-kinds"]
    sums = {column: Sum(column) for column in CONSULT_KINDS}
    columns = [
        Column("done_regular", _("Gewone consulten")),
        Column("done_duo", _("Duoconsulten")),
        Column("done_squeezed_in", _("Inschuivers")),
        Column("done_combined", _("Combiconsulten")),
        Column("done_extra", _("Extra consulten")),
        Column("done", _("Alle uitgevoerde contacten")),
    ]

    def derive(s: dict[str, Any], bucket: Bucket | None = None) -> dict[str, Any]:
        return {**{c: s[c] for c in CONSULT_KINDS}, "done": sum(s[c] for c in CONSULT_KINDS)}

    table, total_sums = _period_table(
        f,
        _facts(f, f.kind),
        sums,
        derive,
        key="consult_kinds",
        caption=_("Uitgevoerde contacten per soort consult (%(kind)s)")
        % {"kind": _kind_label(f.kind)},
        columns=columns,
        chart="stack",
        chart_columns=CONSULT_KINDS,
    )
    special = sum(total_sums[c] for c in CONSULT_KINDS[1:])
    return Result(question, f, [table], [], (special, COUNT))


COMPUTE: dict[str, Callable[[DashboardFilter], Result]] = {
    "allocated-hours": allocated_hours,
    "hour-distribution": hour_distribution,
    "sessions": sessions,
    "postponements": postponements,
    "registrations": registrations,
    "enrolments": enrolments,
    "next-year": next_year,
    "contacts-per-doctor": contacts_per_doctor,
    "consult-kinds": consult_kinds,
}


def result_for(slug: str, f: DashboardFilter) -> Result:
    return COMPUTE[slug](f)


# --- The overview's headline figures (two queries for all nine tiles) ---------------------------


def headlines(f: DashboardFilter) -> dict[str, tuple[Any, str]]:
    """The tile figure of every question for the filter's period, as each question's total."""
    sums: dict[str, Any] = {
        "minutes_doctor": _sum("session_minutes", DOCTOR),
        "slots_taken": Sum("slots_taken"),
        "capacity": Sum("capacity"),
        "planned": Sum(_planned_expression()),
        "postponed": Sum(F("postponed_portal") + F("postponed_phone")),
        "enrolments": Sum("enrolments"),
        "sessions_doctor": _sum("sessions", DOCTOR),
        "done_doctor": _sum("done", DOCTOR),
        "special": Sum(
            F("done_duo") + F("done_squeezed_in") + F("done_combined") + F("done_extra")
        ),
    }
    s = _zeros(_facts(f).aggregate(**sums))
    registered = _registration_facts(f).aggregate(registrations=Sum("registrations"))
    s["registrations"] = registered["registrations"] or 0
    years = range(f.start.year, f.end.year + 2)
    allocated = _allocations(f.bureau_ids, years, DOCTOR)
    given = round(_pro_rata(allocated, f.start, f.end), 1) if allocated else None
    planned_hours = _hours(s["minutes_doctor"])
    per_session = _contacts({"sessions": s["sessions_doctor"], "done": s["done_doctor"]})
    return {
        "allocated-hours": (_ratio(planned_hours, given or 0, 100, 1), PERCENT),
        "hour-distribution": (planned_hours, HOURS),
        "sessions": (_ratio(s["slots_taken"], s["capacity"], 100, 1), PERCENT),
        "postponements": (_ratio(s["postponed"], s["planned"], 100), RATIO),
        "registrations": (s["registrations"], COUNT),
        "enrolments": (s["enrolments"], COUNT),
        "next-year": (
            round(allocated[f.end.year + 1], 1) if f.end.year + 1 in allocated else None,
            HOURS,
        ),
        "contacts-per-doctor": (per_session["per_session"], RATIO),
        "consult-kinds": (s["special"], COUNT),
    }
