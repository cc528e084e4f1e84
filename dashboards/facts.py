# ruff: noqa: S608 - the SQL is assembled from constant identifiers; every value is a parameter.
"""Fill the dashboards' summary tables from sessions and appointments, with set-based SQL.

Two ways in, one set of statements:

- `rebuild_all()` recomputes every fact (`manage.py rebuild_dashboard_facts`, nightly);
- `refresh_days(pairs)` recomputes only the given bureau-days; `refresh_dirty()` does that for the
  days the schedule marked dirty (`mark_dirty`, called inside every schedule write).

The statements aggregate appointments per session once, group those per practitioner
(`PractitionerDayFact`), and group the practitioner rows per bureau (`BureauDayFact`); registrations
and enrolments are keyed differently (booking day, first contact) and are upserted afterwards.
Both run on PostgreSQL and SQLite; the few expressions that differ are in `_Dialect`.
"""

from __future__ import annotations

import time as clock
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import BureauDayFact, DirtyDay, PractitionerDayFact, RefreshState

BUREAU_FACT = BureauDayFact._meta.db_table
PRACTITIONER_FACT = PractitionerDayFact._meta.db_table
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


@dataclass(frozen=True)
class _Dialect:
    session_minutes: str
    local_booking_date: str

    @classmethod
    def current(cls) -> _Dialect:
        tz = settings.TIME_ZONE
        if connection.vendor == "postgresql":
            return cls(
                session_minutes="(EXTRACT(EPOCH FROM (s.end_time - s.start_time)) / 60)::int",
                local_booking_date=f"(a.booked_at AT TIME ZONE '{tz}')::date",
            )
        return cls(
            session_minutes="(strftime('%%s', s.end_time) - strftime('%%s', s.start_time)) / 60",
            local_booking_date=f"django_datetime_cast_date(a.booked_at, '{tz}', 'UTC')",
        )


# --- Statements -----------------------------------------------------------------------------------


def _session_scope(pairs: dict[int, list[date]] | None, alias: str = "s") -> tuple[str, list]:
    """SQL condition (and params) limiting sessions to the given bureau-days; everything if None."""
    if pairs is None:
        return "1 = 1", []
    clauses, params = [], []
    for bureau_id, dates in sorted(pairs.items()):
        placeholders = ", ".join(["%s"] * len(dates))
        clauses.append(f"({alias}.bureau_id = %s AND {alias}.date IN ({placeholders}))")
        params += [bureau_id, *dates]
    return "(" + " OR ".join(clauses) + ")", params


def _insert_practitioner_facts(pairs: dict[int, list[date]] | None) -> int:
    dialect = _Dialect.current()
    scope, params = _session_scope(pairs)
    per_session = ",\n".join(
        f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS {column}"
        for column, condition in APPOINTMENT_COUNTS.items()
    )
    appointment_columns = list(APPOINTMENT_COUNTS)
    # Restrict the per-session aggregate to the scoped sessions (an index lookup when refreshing).
    inner_scope, inner_params = "", []
    if pairs is not None:
        inner_scope = f"WHERE a.session_id IN (SELECT s.id FROM {SESSION} s WHERE {scope})"
        inner_params = params
    sql = f"""
        INSERT INTO {PRACTITIONER_FACT}
            ({", ".join(KEY)}, practitioner_id, {", ".join(COUNTS)})
        SELECT s.bureau_id, s.date, s.part_of_day, s.practitioner_kind, s.practitioner_id,
               COUNT(*), SUM({dialect.session_minutes}), SUM(s.capacity),
               {", ".join(f"COALESCE(SUM(c.{column}), 0)" for column in appointment_columns)}
        FROM {SESSION} s
        LEFT JOIN (
            SELECT a.session_id, {per_session}
            FROM {APPOINTMENT} a
            {inner_scope}
            GROUP BY a.session_id
        ) c ON c.session_id = s.id
        WHERE {scope}
        GROUP BY s.bureau_id, s.date, s.part_of_day, s.practitioner_kind, s.practitioner_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, inner_params + params)
        return cursor.rowcount


def _insert_bureau_facts(pairs: dict[int, list[date]] | None) -> int:
    scope, params = _session_scope(pairs, alias="p")
    sql = f"""
        INSERT INTO {BUREAU_FACT} ({", ".join(KEY)}, {", ".join(COUNTS)}, registrations, enrolments)
        SELECT {", ".join(f"p.{k}" for k in KEY)}, {", ".join(f"SUM(p.{c})" for c in COUNTS)}, 0, 0
        FROM {PRACTITIONER_FACT} p
        WHERE {scope}
        GROUP BY {", ".join(f"p.{k}" for k in KEY)}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _upsert(column: str, select_sql: str, params: list) -> int:
    """Set `column` on the bureau facts of the selected keys, creating rows that do not exist."""
    zeros = ", ".join(["0"] * len(COUNTS))
    other = "enrolments" if column == "registrations" else "registrations"
    sql = f"""
        INSERT INTO {BUREAU_FACT} ({", ".join(KEY)}, {column}, {", ".join(COUNTS)}, {other})
        SELECT g.bureau_id, g.day, g.part_of_day, g.practitioner_kind, g.n, {zeros}, 0
        FROM ({select_sql}) g
        WHERE 1 = 1
        ON CONFLICT ({", ".join(KEY)}) DO UPDATE SET {column} = excluded.{column}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _booking_scope(pairs: dict[int, list[date]] | None) -> tuple[str, list]:
    """Appointments booked on the given bureau-days (a range on booked_at, so an index can help)."""
    if pairs is None:
        return "1 = 1", []
    clauses, params = [], []
    for bureau_id, dates in sorted(pairs.items()):
        for day in sorted(dates):
            start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
            end = start + timedelta(days=1)
            clauses.append("(s.bureau_id = %s AND a.booked_at >= %s AND a.booked_at < %s)")
            params += [bureau_id, start, end]
    return "(" + " OR ".join(clauses) + ")", params


def _upsert_registrations(pairs: dict[int, list[date]] | None) -> int:
    """Appointments booked that day; a move (moved_from set) is not a new registration."""
    dialect = _Dialect.current()
    scope, params = _booking_scope(pairs)
    select_sql = f"""
        SELECT s.bureau_id, {dialect.local_booking_date} AS day, s.part_of_day,
               s.practitioner_kind, COUNT(*) AS n
        FROM {APPOINTMENT} a JOIN {SESSION} s ON s.id = a.session_id
        WHERE a.moved_from_id IS NULL AND {scope}
        GROUP BY s.bureau_id, {dialect.local_booking_date}, s.part_of_day, s.practitioner_kind
    """
    return _upsert("registrations", select_sql, params)


def _upsert_enrolments(pairs: dict[int, list[date]] | None) -> int:
    """A child's first executed contact with a doctor (or a nurse) of the bureau."""
    if pairs is None:
        first_contacts = f"""
            SELECT s.bureau_id, a.date, s.part_of_day, s.practitioner_kind,
                   ROW_NUMBER() OVER (
                       PARTITION BY a.child_id, s.bureau_id, s.practitioner_kind
                       ORDER BY a.date, a.slot_time, a.id
                   ) AS rank
            FROM {APPOINTMENT} a JOIN {SESSION} s ON s.id = a.session_id
            WHERE a.status = 'done'
        """
        select_sql = f"""
            SELECT f.bureau_id, f.date AS day, f.part_of_day, f.practitioner_kind, COUNT(*) AS n
            FROM ({first_contacts}) f WHERE f.rank = 1
            GROUP BY f.bureau_id, f.date, f.part_of_day, f.practitioner_kind
        """
        return _upsert("enrolments", select_sql, [])
    scope, params = _session_scope(pairs)
    select_sql = f"""
        SELECT s.bureau_id, a.date AS day, s.part_of_day, s.practitioner_kind, COUNT(*) AS n
        FROM {APPOINTMENT} a JOIN {SESSION} s ON s.id = a.session_id
        WHERE a.status = 'done' AND {scope}
          AND NOT EXISTS (
              SELECT 1 FROM {APPOINTMENT} e JOIN {SESSION} es ON es.id = e.session_id
              WHERE e.child_id = a.child_id AND e.status = 'done'
                AND es.bureau_id = s.bureau_id AND es.practitioner_kind = s.practitioner_kind
                AND (e.date < a.date
                     OR (e.date = a.date AND (e.slot_time < a.slot_time
                         OR (e.slot_time = a.slot_time AND e.id < a.id))))
          )
        GROUP BY s.bureau_id, a.date, s.part_of_day, s.practitioner_kind
    """
    return _upsert("enrolments", select_sql, params)


def _delete_facts(pairs: dict[int, list[date]] | None) -> None:
    if pairs is None:
        PractitionerDayFact.objects.all().delete()
        BureauDayFact.objects.all().delete()
        return
    for bureau_id, dates in pairs.items():
        PractitionerDayFact.objects.filter(bureau_id=bureau_id, date__in=dates).delete()
        BureauDayFact.objects.filter(bureau_id=bureau_id, date__in=dates).delete()


def _take_lock() -> None:
    """Serialise fact writers (a nightly rebuild and a refresh must not interleave)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def _tune_session() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Large sorts and hashes of a full rebuild stay in memory; only for this transaction.
            cursor.execute("SET LOCAL work_mem = '256MB'")


def _compute(pairs: dict[int, list[date]] | None) -> int:
    _take_lock()
    _delete_facts(pairs)
    _insert_practitioner_facts(pairs)
    rows = _insert_bureau_facts(pairs)
    _upsert_registrations(pairs)
    _upsert_enrolments(pairs)
    return rows


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
    with transaction.atomic():
        _tune_session()
        rows = _compute(None)
        DirtyDay.objects.all().delete()
        _record_state(RefreshState.FULL, started, rows, 0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {BUREAU_FACT}")
            cursor.execute(f"ANALYZE {PRACTITIONER_FACT}")
    return {
        "bureau_rows": BureauDayFact.objects.count(),
        "practitioner_rows": PractitionerDayFact.objects.count(),
        "seconds": round(clock.perf_counter() - started, 3),
    }


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
        rows = _compute(grouped)
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


def mark_dirty_many(pairs: Iterable[tuple[int, date]]) -> None:
    """Mark many (bureau id, date) pairs at once; one refresh is queued per transaction."""
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


def last_refresh() -> datetime | None:
    """When the facts were last brought up to date (the newer of full rebuild and refresh)."""
    times = RefreshState.objects.values_list("finished_at", flat=True)
    return max(times, default=None)
