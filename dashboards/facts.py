# ruff: noqa: S608 - the SQL is assembled from constant identifiers; every value is a parameter.
"""Fill the dashboards' summary tables from sessions and appointments, with set-based SQL.

Two ways in, one set of statements:

- `rebuild_all()` recomputes every fact (`manage.py rebuild_dashboard_facts`, nightly);
- `refresh_days(pairs)` recomputes only the given bureau-days; `refresh_dirty()` does that for the
  days the schedule marked dirty (`mark_dirty`, called inside every schedule write).

The statements aggregate appointments per session once, group those per practitioner
(`PractitionerDayFact`), and group the practitioner rows per bureau (`BureauDayFact`), adding the
enrolments (keyed by a child's first contact); registrations are keyed by the booking day and
have their own table (`RegistrationDayFact`). Month tables sum the day tables. Every insert is
ordered by bureau and date, so a bureau's rows sit together on disk and a period of one bureau
reads a few pages, not one page per row.
Both run on PostgreSQL and SQLite; the few expressions that differ are in `_Dialect`.
"""

from __future__ import annotations

import operator
import time as clock
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import reduce
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from .models import (
    WEEKDAYS,
    BureauDayFact,
    BureauMonthFact,
    DirtyDay,
    PractitionerDayFact,
    PractitionerMonthFact,
    RefreshState,
    RegistrationDayFact,
    RegistrationMonthFact,
)

BUREAU_FACT = BureauDayFact._meta.db_table
PRACTITIONER_FACT = PractitionerDayFact._meta.db_table
BUREAU_MONTH_FACT = BureauMonthFact._meta.db_table
PRACTITIONER_MONTH_FACT = PractitionerMonthFact._meta.db_table
REGISTRATION_FACT = RegistrationDayFact._meta.db_table
REGISTRATION_MONTH_FACT = RegistrationMonthFact._meta.db_table
FACT_MODELS = (
    PractitionerDayFact,
    BureauDayFact,
    RegistrationDayFact,
    PractitionerMonthFact,
    BureauMonthFact,
    RegistrationMonthFact,
)
MONTH_MODELS = FACT_MODELS[3:]
SESSION = "parent_portal_session"
APPOINTMENT = "parent_portal_appointment"

KEY = ("bureau_id", "date", "part_of_day", "practitioner_kind")
COUNTS = (
    "sessions",
    "session_minutes",
    "capacity",
    "booked",
    "done",
    "no_show",
    "cancelled",
    "postponed_portal",
    "postponed_phone",
    "slots_taken",
    "done_regular",
    "done_duo",
    "done_squeezed_in",
    "done_combined",
    "done_extra",
)
# Per-session appointment counts: column -> condition on the appointment row `a`.
APPOINTMENT_COUNTS = {
    "booked": "a.status = 'booked'",
    "done": "a.status = 'done'",
    "no_show": "a.status = 'no_show'",
    "cancelled": "a.status = 'cancelled'",
    "postponed_portal": "a.status = 'postponed_via_portal'",
    "postponed_phone": "a.status = 'postponed_via_phone'",
    # A squeezed-in child is seen between slots: it takes no place of the session's capacity.
    "slots_taken": "a.status IN ('booked', 'done', 'no_show') AND a.consult_kind <> 'squeezed_in'",
    "done_regular": "a.status = 'done' AND a.consult_kind = 'regular'",
    "done_duo": "a.status = 'done' AND a.consult_kind = 'duo'",
    "done_squeezed_in": "a.status = 'done' AND a.consult_kind = 'squeezed_in'",
    "done_combined": "a.status = 'done' AND a.consult_kind = 'combined'",
    "done_extra": "a.status = 'done' AND a.consult_kind = 'extra'",
}
LOCK_KEY = 802_2026  # PostgreSQL advisory lock: one fact writer at a time


def _part_index(alias: str) -> str:
    """The part of day of session `alias` as 0, 1, 2: its order within a day."""
    return f"CASE {alias}.part_of_day WHEN 'morning' THEN 0 WHEN 'afternoon' THEN 1 ELSE 2 END"


@dataclass(frozen=True)
class _Dialect:
    """The expressions that differ between PostgreSQL and SQLite."""

    session_minutes: str
    # The local calendar day an appointment `{a}` was booked.
    booking_date: str
    # A day as a number of days since 2000-01-01: with the part of day, one sortable integer
    # ("day * 4 + part") for the first booking and the first contact, and back.
    day_number: str
    code_day: str
    month_start: str
    iso_weekday: str  # 1 = Monday ... 7 = Sunday

    @classmethod
    def current(cls) -> _Dialect:
        tz = settings.TIME_ZONE
        if connection.vendor == "postgresql":
            return cls(
                session_minutes="(EXTRACT(EPOCH FROM (s.end_time - s.start_time)) / 60)::int",
                booking_date=f"({{a}}.booked_at AT TIME ZONE '{tz}')::date",
                day_number="({day} - DATE '2000-01-01')",
                code_day="(DATE '2000-01-01' + ({code} / 4))",
                month_start="date_trunc('month', {column})::date",
                iso_weekday="EXTRACT(ISODOW FROM {column})::int",
            )
        return cls(
            session_minutes="(strftime('%%s', s.end_time) - strftime('%%s', s.start_time)) / 60",
            booking_date=f"django_datetime_cast_date({{a}}.booked_at, '{tz}', 'UTC')",
            day_number="CAST(julianday({day}) - julianday('2000-01-01') AS INTEGER)",
            code_day="date('2000-01-01', '+' || ({code} / 4) || ' days')",
            month_start="date({column}, 'start of month')",
            # %w counts from Sunday = 0.
            iso_weekday="((CAST(strftime('%%w', {column}) AS INTEGER) + 6) %% 7 + 1)",
        )

    def contact_code(self, a: str = "a", s: str = "s") -> str:
        """Appointment `a` in session `s` as day * 4 + part of day (its order of contact)."""
        return f"({self.day_number.format(day=f'{a}.date')} * 4 + {_part_index(s)})"

    def booking_code(self, a: str = "a", s: str = "s") -> str:
        """The day appointment `a` was booked * 4 + the part of day of its session `s`."""
        booked = self.booking_date.format(a=a)
        return f"({self.day_number.format(day=booked)} * 4 + {_part_index(s)})"

    @staticmethod
    def code_part(code: str) -> str:
        return f"CASE {code} %% 4 WHEN 0 THEN 'morning' WHEN 1 THEN 'afternoon' ELSE 'evening' END"


Pairs = dict[int, list[date]]  # bureau id -> dates; None everywhere below means "everything"


def _run(sql: str, params: list | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.rowcount


def _session_scope(pairs: Pairs | None, alias: str = "s") -> tuple[str, list]:
    """SQL condition (and params) limiting rows to the given bureau-days; everything if None."""
    if pairs is None:
        return "1 = 1", []
    clauses, params = [], []
    for bureau_id, dates in sorted(pairs.items()):
        date_params = ", ".join(["%s"] * len(dates))
        clauses.append(f"({alias}.bureau_id = %s AND {alias}.date IN ({date_params}))")
        params += [bureau_id, *dates]
    return "(" + " OR ".join(clauses) + ")", params


def _booking_scope(pairs: Pairs | None) -> tuple[str, list]:
    """Appointments booked on the given bureau-days (a range on booked_at, so an index can help)."""
    if pairs is None:
        return "1 = 1", []
    clauses, params = [], []
    for bureau_id, dates in sorted(pairs.items()):
        for day in dates:
            start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
            end = start + timedelta(days=1)
            clauses.append("(s.bureau_id = %s AND a.booked_at >= %s AND a.booked_at < %s)")
            params += [bureau_id, start, end]
    return "(" + " OR ".join(clauses) + ")", params


# --- The day facts ------------------------------------------------------------------------------


def _practitioner_select(pairs: Pairs | None) -> tuple[str, list]:
    """Appointments counted per session once, then sessions grouped per practitioner-day."""
    dialect = _Dialect.current()
    scope, params = _session_scope(pairs)
    # Integer counts: a SUM over bigint columns would accumulate in numeric, several times slower.
    per_session = ",\n".join(
        f"CAST(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS integer) AS {column}"
        for column, condition in APPOINTMENT_COUNTS.items()
    )
    # Restrict the per-session aggregate to the scoped sessions (an index lookup when refreshing).
    inner_scope, inner_params = "", []
    if pairs is not None:
        inner_scope = f"WHERE a.session_id IN (SELECT s.id FROM {SESSION} s WHERE {scope})"
        inner_params = params
    return (
        f"""
        SELECT s.bureau_id, s.date, s.part_of_day, s.practitioner_kind, s.practitioner_id,
               COUNT(*) AS sessions, SUM({dialect.session_minutes}) AS session_minutes,
               SUM(s.capacity) AS capacity,
               {", ".join(f"COALESCE(SUM(c.{col}), 0) AS {col}" for col in APPOINTMENT_COUNTS)}
        FROM {SESSION} s
        LEFT JOIN (
            SELECT a.session_id, {per_session}
            FROM {APPOINTMENT} a
            {inner_scope}
            GROUP BY a.session_id
        ) c ON c.session_id = s.id
        WHERE {scope}
        GROUP BY s.bureau_id, s.date, s.part_of_day, s.practitioner_kind, s.practitioner_id
        """,
        inner_params + params,
    )


def _insert_practitioner_facts(pairs: Pairs | None, staged: dict[str, str]) -> int:
    select, params = _staged_or("practitioner", staged, _practitioner_select, pairs)
    columns = f"{', '.join(KEY)}, practitioner_id, {', '.join(COUNTS)}"
    return _run(
        f"INSERT INTO {PRACTITIONER_FACT} ({columns}) SELECT {columns} FROM ({select}) p "
        "ORDER BY p.bureau_id, p.date",
        params,
    )


def _staged_or(
    name: str, staged: dict[str, str], build: Any, pairs: Pairs | None
) -> tuple[str, list]:
    """The staged temp table of a full rebuild, or the select itself."""
    if name in staged:
        return f"SELECT * FROM {staged[name]}", []
    return build(pairs)


def _stage_full_rebuild() -> dict[str, str]:
    """PostgreSQL: materialise the two passes over the appointments into temp tables first.

    CREATE TABLE AS may run in parallel workers, INSERT ... SELECT may not; and the facts are
    locked (TRUNCATE) only for the inserts that follow, not while aggregating ten million rows.
    """
    if connection.vendor != "postgresql":
        return {}
    staged = {}
    # Hash aggregation, not sort-and-group: the planner expects ten times more groups than the
    # 2.4 million children x bureaus x kinds there are; hashing took 9.5 s where sorting took 12.
    _run("SET LOCAL enable_sort = off")
    for name, build in (("practitioner", _practitioner_select), ("firsts", _firsts_select)):
        table = f"dashboards_stage_{name}"
        select, params = build(None)
        # A second rebuild in the same transaction (tests, a caller's atomic block) starts afresh.
        _run(f"DROP TABLE IF EXISTS {table}")
        _run(f"CREATE TEMP TABLE {table} ON COMMIT DROP AS {select}", params)
        staged[name] = table
    _run("SET LOCAL enable_sort = on")
    return staged


def _firsts_select(pairs: None = None) -> tuple[str, list]:
    """Full rebuild: per child, bureau and practitioner kind, the first booking (a move is not
    one) and the first executed contact, each as a code (day * 4 + part of day).

    One pass over the appointments gives both registrations and enrolments.
    """
    dialect = _Dialect.current()
    return (
        f"""
        SELECT s.bureau_id, s.practitioner_kind,
               MIN(CASE WHEN a.moved_from_id IS NULL THEN {dialect.booking_code()} END)
                   AS first_booking,
               MIN(CASE WHEN a.status = 'done' THEN {dialect.contact_code()} END)
                   AS first_contact
        FROM {APPOINTMENT} a JOIN {SESSION} s ON s.id = a.session_id
        GROUP BY a.child_id, s.bureau_id, s.practitioner_kind
        """,
        [],
    )


def _count_firsts(column: str, staged: dict[str, str]) -> tuple[str, list]:
    """Full rebuild: the children counted on the day and part of day of their first `column`."""
    dialect = _Dialect.current()
    firsts, params = _staged_or("firsts", staged, _firsts_select, None)
    code = f"f.{column}"
    return (
        f"""
        SELECT f.bureau_id, {dialect.code_day.format(code=code)} AS day,
               {dialect.code_part(code)} AS part_of_day, f.practitioner_kind,
               CAST(COUNT(*) AS integer) AS n
        FROM ({firsts}) f
        WHERE {code} IS NOT NULL
        GROUP BY f.bureau_id, {code}, f.practitioner_kind
        """,
        params,
    )


def _first_of_child(condition: str, code_of: Any) -> str:
    """Appointment `a` is the child's first one meeting `condition` (on `e`) with that kind of
    practitioner at that bureau: none comes before it in code order (ties: the lower id)."""
    earlier, this = code_of("e", "es"), code_of("a", "s")
    return f"""NOT EXISTS (
              SELECT 1 FROM {APPOINTMENT} e JOIN {SESSION} es ON es.id = e.session_id
              WHERE e.child_id = a.child_id AND {condition}
                AND es.bureau_id = s.bureau_id AND es.practitioner_kind = s.practitioner_kind
                AND ({earlier} < {this} OR ({earlier} = {this} AND e.id < a.id))
          )"""


def _registrations_select(pairs: Pairs | None, staged: dict[str, str]) -> tuple[str, list]:
    """Registrations ("aanmeldingen"): children whose first booking with that kind of practitioner
    at the bureau was made that day, in the part of day of the session booked. A move or a later
    booking is not a new registration."""
    if pairs is None:
        return _count_firsts("first_booking", staged)
    dialect = _Dialect.current()
    scope, params = _booking_scope(pairs)
    day = dialect.booking_date.format(a="a")
    first = _first_of_child("e.moved_from_id IS NULL", dialect.booking_code)
    return (
        f"""
        SELECT s.bureau_id, {day} AS day, s.part_of_day, s.practitioner_kind,
               CAST(COUNT(*) AS integer) AS n
        FROM {APPOINTMENT} a JOIN {SESSION} s ON s.id = a.session_id
        WHERE a.moved_from_id IS NULL AND {scope} AND {first}
        GROUP BY s.bureau_id, {day}, s.part_of_day, s.practitioner_kind
        """,
        params,
    )


def _enrolments_select(pairs: Pairs | None, staged: dict[str, str]) -> tuple[str, list]:
    """New enrolments ("nieuwe inschrijvingen"): a child's first executed contact with a doctor
    (or a nurse) of the bureau."""
    if pairs is None:
        return _count_firsts("first_contact", staged)
    dialect = _Dialect.current()
    scope, params = _session_scope(pairs)
    first = _first_of_child("e.status = 'done'", dialect.contact_code)
    return (
        f"""
        SELECT s.bureau_id, a.date AS day, s.part_of_day, s.practitioner_kind,
               CAST(COUNT(*) AS integer) AS n
        FROM {APPOINTMENT} a JOIN {SESSION} s ON s.id = a.session_id
        WHERE a.status = 'done' AND {scope} AND {first}
        GROUP BY s.bureau_id, a.date, s.part_of_day, s.practitioner_kind
        """,
        params,
    )


def _insert_bureau_facts(pairs: Pairs | None, staged: dict[str, str]) -> int:
    """Practitioner rows and enrolments, summed per bureau-day in one statement.

    Every part is keyed inside the given bureau-days, so a plain INSERT after the DELETE fits.
    """
    scope, params = _session_scope(pairs, alias="p")
    enrolments, enrolment_params = _enrolments_select(pairs, staged)
    zeros = ", ".join(f"0 AS {column}" for column in COUNTS)
    return _run(
        f"""
        INSERT INTO {BUREAU_FACT} ({", ".join(KEY)}, {", ".join(COUNTS)}, enrolments)
        SELECT u.bureau_id, u.day, u.part_of_day, u.practitioner_kind,
               {", ".join(f"SUM(u.{column})" for column in COUNTS)}, SUM(u.enrolments)
        FROM (
            SELECT p.bureau_id, p.date AS day, p.part_of_day, p.practitioner_kind,
                   {", ".join(f"p.{column}" for column in COUNTS)}, 0 AS enrolments
            FROM {PRACTITIONER_FACT} p WHERE {scope}
            UNION ALL
            SELECT e.bureau_id, e.day, e.part_of_day, e.practitioner_kind, {zeros},
                   e.n AS enrolments
            FROM ({enrolments}) e
        ) u
        GROUP BY u.bureau_id, u.day, u.part_of_day, u.practitioner_kind
        ORDER BY u.bureau_id, u.day
        """,
        params + enrolment_params,
    )


def _insert_registration_facts(pairs: Pairs | None, staged: dict[str, str]) -> int:
    select, params = _registrations_select(pairs, staged)
    return _run(
        f"""
        INSERT INTO {REGISTRATION_FACT} ({", ".join(KEY)}, registrations)
        SELECT r.bureau_id, r.day, r.part_of_day, r.practitioner_kind, r.n FROM ({select}) r
        ORDER BY r.bureau_id, r.day
        """,
        params,
    )


# --- The month facts ----------------------------------------------------------------------------


def _months_of(pairs: Pairs) -> Pairs:
    return {
        bureau_id: sorted({d.replace(day=1) for d in dates}) for bureau_id, dates in pairs.items()
    }


def _month_scope(months: Pairs | None, alias: str) -> tuple[str, list]:
    """Rows of a day table inside the given bureau-months."""
    if months is None:
        return "1 = 1", []
    clauses, params = [], []
    for bureau_id, firsts in sorted(months.items()):
        for first in firsts:
            following = (first + timedelta(days=32)).replace(day=1)  # the next month's 1st
            clauses.append(f"({alias}.bureau_id = %s AND {alias}.date >= %s AND {alias}.date < %s)")
            params += [bureau_id, first, following]
    return "(" + " OR ".join(clauses) + ")", params


def _month_sums(columns: Iterable[str]) -> dict[str, str]:
    return {column: f"SUM(d.{column})" for column in columns}


def _weekday_minutes() -> dict[str, str]:
    """The bureau month's planned minutes per ISO weekday (question 2 reads months, not days)."""
    weekday = _Dialect.current().iso_weekday.format(column="d.date")
    return {
        f"minutes_weekday_{n}": f"SUM(CASE WHEN {weekday} = {n} THEN d.session_minutes ELSE 0 END)"
        for n in WEEKDAYS
    }


def _insert_month_facts(months: Pairs | None) -> None:
    dialect = _Dialect.current()
    month = dialect.month_start.format(column="d.date")
    for day_table, month_table, extra_key, sums in (
        (
            BUREAU_FACT,
            BUREAU_MONTH_FACT,
            (),
            {**_month_sums((*COUNTS, "enrolments")), **_weekday_minutes()},
        ),
        (PRACTITIONER_FACT, PRACTITIONER_MONTH_FACT, ("practitioner_id",), _month_sums(COUNTS)),
        (REGISTRATION_FACT, REGISTRATION_MONTH_FACT, (), _month_sums(("registrations",))),
    ):
        scope, params = _month_scope(months, "d")
        other_key = ", ".join(
            f"d.{column}" for column in ("part_of_day", "practitioner_kind", *extra_key)
        )
        _run(
            f"""
            INSERT INTO {month_table} ({", ".join((*KEY, *extra_key, *sums))})
            SELECT d.bureau_id, {month}, {other_key}, {", ".join(sums.values())}
            FROM {day_table} d
            WHERE {scope}
            GROUP BY d.bureau_id, {month}, {other_key}
            ORDER BY d.bureau_id, {month}
            """,
            params,
        )


# --- Putting it together ------------------------------------------------------------------------


def _delete_facts(pairs: Pairs | None) -> None:
    if pairs is None and connection.vendor == "postgresql":
        # TRUNCATE, not DELETE: re-inserting every key over millions of deleted-but-uncommitted
        # index entries costs a heap visit per row. Readers wait for the commit (a night job).
        _run(f"TRUNCATE {', '.join(model._meta.db_table for model in FACT_MODELS)}")
        return
    if pairs is None:
        for model in FACT_MODELS:
            model.objects.all().delete()
        return
    months = _months_of(pairs)
    for model in FACT_MODELS:
        dates_of = months if model in MONTH_MODELS else pairs
        # One DELETE per table, however many bureaus the refresh covers.
        scope = reduce(
            operator.or_,
            (Q(bureau_id=bureau_id, date__in=dates) for bureau_id, dates in dates_of.items()),
        )
        model.objects.filter(scope).delete()


def _take_lock() -> None:
    """Serialise fact writers (a nightly rebuild and a refresh must not interleave)."""
    if connection.vendor == "postgresql":
        _run("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def _tune_for_full_rebuild() -> None:
    """PostgreSQL settings for this transaction only, measured on ten million appointments."""
    if connection.vendor != "postgresql":
        return
    # Large sorts and hashes stay in memory.
    _run("SET LOCAL work_mem = '512MB'")
    # Few statements that each run for seconds: compiling them takes longer than it saves.
    _run("SET LOCAL jit = off")
    # Let every aggregation scan and join in parallel workers, even where the planner's
    # default costs keep one process (the registrations' grouping ran 30% faster).
    _run("SET LOCAL parallel_setup_cost = 0")
    _run("SET LOCAL parallel_tuple_cost = 0.0001")


def _compute(pairs: Pairs | None) -> dict[str, int]:
    """Recompute the facts of `pairs` (None: all); returns the day rows written per table."""
    _take_lock()
    staged = _stage_full_rebuild() if pairs is None else {}
    _delete_facts(pairs)
    with _keys_built_afterwards(pairs is None):
        rows = {
            "practitioner_rows": _insert_practitioner_facts(pairs, staged),
            "bureau_rows": _insert_bureau_facts(pairs, staged),
            "registration_rows": _insert_registration_facts(pairs, staged),
        }
        _insert_month_facts(None if pairs is None else _months_of(pairs))
    return rows


@contextmanager
def _keys_built_afterwards(bulk: bool) -> Iterator[None]:
    """PostgreSQL bulk load: drop the facts' unique keys, insert, and add them back.

    One sorted index build per key is several times cheaper than millions of index inserts. The
    facts are truncated in this transaction, so no reader sees the tables without their keys.
    """
    if not bulk or connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in FACT_MODELS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'u' AND conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        keys = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for table, name, definition in keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _record_state(key: str, started: float, rows: int, days: int) -> None:
    RefreshState.objects.update_or_create(
        key=key,
        defaults={
            "finished_at": timezone.now(),
            "duration_ms": int((clock.perf_counter() - started) * 1000),
            "rows": max(rows, 0),
            "days": days,
        },
    )


# --- Public API -----------------------------------------------------------------------------------


def rebuild_all() -> dict[str, Any]:
    """Recompute every fact in one transaction: readers see the old facts until it commits."""
    started = clock.perf_counter()
    started_at = timezone.now()
    with transaction.atomic():
        _tune_for_full_rebuild()
        rows = _compute(None)
        # A day marked while the rebuild ran may hold a write it did not see: it stays dirty.
        DirtyDay.objects.filter(marked_at__lt=started_at).delete()
        _record_state(RefreshState.FULL, started, rows["bureau_rows"], 0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in FACT_MODELS:
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return {**rows, "seconds": round(clock.perf_counter() - started, 3)}


def _group(pairs: Iterable[tuple[int, date]]) -> dict[int, list[date]]:
    grouped: dict[int, set[date]] = defaultdict(set)
    for bureau_id, day in pairs:
        grouped[bureau_id].add(day)
    return {bureau_id: sorted(days) for bureau_id, days in grouped.items()}


def refresh_days(pairs: Iterable[tuple[int, date]]) -> int:
    """Recompute the facts of the given (bureau id, date) pairs; returns the bureau rows written."""
    grouped = _group(pairs)
    if not grouped:
        return 0
    started = clock.perf_counter()
    with transaction.atomic():
        rows = _compute(grouped)["bureau_rows"]
        _record_state(
            RefreshState.INCREMENTAL, started, rows, sum(len(d) for d in grouped.values())
        )
    return rows


def mark_dirty(bureau_id: int, dates: Iterable[date]) -> None:
    """Mark bureau-days whose facts are stale; the refresh job picks them up after commit.

    Today is marked too: a booking counts as a registration on the day it was made.
    """
    today = timezone.localdate()
    mark_dirty_many([(bureau_id, day) for day in {*dates, today}])


def mark_dirty_many(pairs: Iterable[tuple[int, date]], *, queue_refresh: bool = True) -> None:
    """Mark many (bureau id, date) pairs at once; one refresh is queued per transaction (none
    when the caller rebuilds everything itself; the every-minute job is the safety net)."""
    grouped = _group(pairs)
    if not grouped:
        return
    now = timezone.now()
    for bureau_id, days in grouped.items():
        DirtyDay.objects.filter(bureau_id=bureau_id, date__in=days).update(marked_at=now)
    DirtyDay.objects.bulk_create(
        [
            DirtyDay(bureau_id=bureau_id, date=day, marked_at=now)
            for bureau_id, days in grouped.items()
            for day in days
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    if queue_refresh:
        _queue_refresh_once()


def _queue_refresh_once() -> None:
    """Queue the refresh after commit, once per transaction however many writes mark days."""
    pending = transaction.get_connection().run_on_commit
    if any(entry[1] is _enqueue_refresh for entry in pending):
        return
    transaction.on_commit(_enqueue_refresh)


def _enqueue_refresh() -> None:
    from .tasks import refresh_dirty_days

    refresh_dirty_days.delay()


def refresh_dirty(batch_size: int = 500) -> int:
    """Refresh every dirty bureau-day; a day marked again meanwhile stays dirty for the next run."""
    refreshed = 0
    while True:
        taken_at = timezone.now()
        taken = list(
            DirtyDay.objects.filter(marked_at__lte=taken_at)
            .order_by("marked_at")
            .values_list("pk", "bureau_id", "date")[:batch_size]
        )
        if not taken:
            return refreshed
        refresh_days((bureau_id, day) for _, bureau_id, day in taken)
        # A day marked again after `taken_at` keeps its row and is refreshed by the next run.
        DirtyDay.objects.filter(pk__in=[pk for pk, _, _ in taken], marked_at__lte=taken_at).delete()
        refreshed += len(taken)
        if len(taken) < batch_size:
            return refreshed


def needs_full_rebuild() -> bool:
    """True when the facts were never built, or were lost while the schedule holds sessions.

    The fact tables are unlogged on PostgreSQL: after a crash they come back empty.
    """
    from parent_portal.models import Session

    if not Session.objects.exists():
        return False
    built = RefreshState.objects.filter(key=RefreshState.FULL).exists()
    return not built or not BureauDayFact.objects.exists()


def last_refresh() -> datetime | None:
    """When the facts were last brought up to date (the newer of full rebuild and refresh)."""
    times = RefreshState.objects.values_list("finished_at", flat=True)
    return max(times, default=None)
