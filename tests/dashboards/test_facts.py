"""The summary tables: a full rebuild and a refresh of dirty days give the hand-counted facts.

The schedule is written through the parent portal's services, as the portal writes it; each write
marks its bureau-day dirty, and refreshing those days gives the same facts as a full rebuild.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from dashboards import facts
from dashboards.models import (
    BureauDayFact,
    DirtyDay,
    PractitionerDayFact,
    RefreshState,
    RegistrationDayFact,
)
from parent_portal import services
from parent_portal.models import Appointment
from tests.factories import member
from tests.parent_portal.factories import book, make_child, make_session

DONE, NO_SHOW, CANCELLED = "done", "no_show", "cancelled"


def _fact(bureau, day, part, kind) -> BureauDayFact:  # noqa: ANN001
    return BureauDayFact.objects.get(
        bureau=bureau, date=day, part_of_day=part, practitioner_kind=kind
    )


def _registrations(bureau, day, part, kind) -> int:  # noqa: ANN001
    fact = RegistrationDayFact.objects.filter(
        bureau=bureau, date=day, part_of_day=part, practitioner_kind=kind
    ).first()
    return fact.registrations if fact else 0


@pytest.fixture
def day():  # noqa: ANN201
    # Yesterday: outcomes may be recorded (never ahead of the day itself).
    return timezone.localdate() - timedelta(days=1)


@pytest.fixture
def schedule(cast, day):  # noqa: ANN001, ANN201
    """Bureau A yesterday: a doctor's morning session of 4 x 30 min and a nurse's afternoon
    session of 3 x 20 min; bureau A2 a doctor's evening session (another organiser's bureau B
    gets nothing)."""
    bureau, other = cast.organisations["bureau_a"], cast.organisations["bureau_a2"]
    doctor = member(Role.PRACTITIONER, bureau, first_name="Dokter")
    nurse = member(Role.PRACTITIONER, bureau, first_name="Verpleegkundige")
    morning = make_session(
        bureau,
        practitioner=doctor,
        on=day,
        start=time(9, 0),
        end=time(11, 0),
        slot_minutes=30,
        kind="doctor",
    )
    afternoon = make_session(
        bureau,
        practitioner=nurse,
        on=day,
        start=time(13, 0),
        end=time(14, 0),
        slot_minutes=20,
        kind="nurse",
    )
    evening = make_session(
        other,
        practitioner=doctor,
        on=day,
        start=time(18, 0),
        end=time(19, 0),
        slot_minutes=15,
        kind="doctor",
    )
    kids = [make_child(bureau, first_name=f"Kind{i}") for i in range(6)]
    slots = morning.slot_times()  # 09:00 09:30 10:00 10:30
    a_done = book(morning, kids[0], slots[0])
    a_duo = book(morning, kids[1], slots[1], consult_kind="duo", duo_partner=kids[5])
    a_no_show = book(morning, kids[2], slots[2])
    a_moved = book(morning, kids[3], slots[3])
    a_squeezed = book(morning, kids[4], time(9, 15), consult_kind="squeezed_in")
    for appointment, status in (
        (a_done, DONE),
        (a_duo, DONE),
        (a_no_show, NO_SHOW),
        (a_squeezed, DONE),
    ):
        services.appointment_record_outcome(actor=doctor, appointment=appointment, status=status)
    # Kind3 called the phone line: postponed without a new slot yet.
    services.appointment_postpone_by_phone(actor=nurse, appointment=a_moved)
    n1 = book(afternoon, kids[0], afternoon.slot_times()[0], consult_kind="combined")
    n2 = book(afternoon, kids[1], afternoon.slot_times()[1])
    services.appointment_record_outcome(actor=nurse, appointment=n1, status=DONE)
    services.appointment_record_outcome(actor=nurse, appointment=n2, status=CANCELLED)
    other_child = make_child(other, first_name="Elders")
    e1 = book(evening, other_child, evening.slot_times()[0], consult_kind="extra")
    services.appointment_record_outcome(actor=doctor, appointment=e1, status=DONE)
    return {"doctor": doctor, "nurse": nurse, "morning": morning, "kids": kids}


def test_rebuild_gives_the_hand_counted_facts(cast, day, schedule):  # noqa: ANN001
    result = facts.rebuild_all()
    bureau = cast.organisations["bureau_a"]
    morning = _fact(bureau, day, "morning", "doctor")
    assert (morning.sessions, morning.session_minutes, morning.capacity) == (1, 120, 4)
    # 4 slots + 1 squeezed-in child: done 3 (regular, duo, squeezed-in), 1 no-show, 1 by phone.
    assert (morning.done, morning.no_show, morning.postponed_phone, morning.booked) == (3, 1, 1, 0)
    # Slots taken: done-regular, duo, no-show (the squeezed-in child takes none; the phone move
    # freed its slot).
    assert morning.slots_taken == 3
    assert (morning.done_regular, morning.done_duo, morning.done_squeezed_in) == (1, 1, 1)
    # Five children's first doctor bookings, made today (their registration day), none yesterday.
    assert _registrations(bureau, day, "morning", "doctor") == 0
    # First executed doctor contact of Kind0, Kind1, Kind4.
    assert morning.enrolments == 3

    afternoon = _fact(bureau, day, "afternoon", "nurse")
    assert (afternoon.sessions, afternoon.session_minutes, afternoon.capacity) == (1, 60, 3)
    assert (afternoon.done, afternoon.cancelled, afternoon.done_combined) == (1, 1, 1)
    assert afternoon.slots_taken == 1
    # Kind0's first nurse contact is an enrolment, although the doctor saw her the same day.
    assert afternoon.enrolments == 1

    today = timezone.localdate()
    assert _registrations(bureau, today, "morning", "doctor") == 5
    # Kind0 and Kind1 were registered with the doctor too, but a first nurse booking is new.
    assert _registrations(bureau, today, "afternoon", "nurse") == 2
    assert _registrations(cast.organisations["bureau_a2"], today, "evening", "doctor") == 1
    # Registrations have a table of their own: no bureau fact for a day without sessions.
    assert not BureauDayFact.objects.filter(bureau=bureau, date=today).exists()

    evening = _fact(cast.organisations["bureau_a2"], day, "evening", "doctor")
    assert (evening.done_extra, evening.enrolments) == (1, 1)
    assert not BureauDayFact.objects.filter(bureau=cast.organisations["bureau_b"]).exists()

    # The doctor's own facts: two sessions at two bureaus.
    doctor_rows = PractitionerDayFact.objects.filter(practitioner=schedule["doctor"])
    assert sorted((r.bureau_id, r.sessions, r.done) for r in doctor_rows) == sorted(
        [(bureau.pk, 1, 3), (cast.organisations["bureau_a2"].pk, 1, 1)]
    )
    assert result["bureau_rows"] == BureauDayFact.objects.count()
    assert RefreshState.objects.get(key="full").finished_at <= timezone.now()
    assert not DirtyDay.objects.exists()


def test_writes_mark_their_days_dirty_and_a_refresh_equals_a_rebuild(cast, day, schedule):  # noqa: ANN001
    bureau = cast.organisations["bureau_a"]
    assert set(DirtyDay.objects.filter(bureau=bureau).values_list("date", flat=True)) == {
        day,
        timezone.localdate(),
    }
    facts.refresh_dirty()
    assert not DirtyDay.objects.exists()
    refreshed = _snapshot()
    facts.rebuild_all()
    assert _snapshot() == refreshed


def _snapshot() -> dict[str, list[tuple]]:
    """Every fact table's rows, without their ids."""
    snapshot = {}
    for model in facts.FACT_MODELS:
        fields = [f.attname for f in model._meta.fields if f.name != "id"]
        snapshot[model.__name__] = sorted(model.objects.values_list(*fields))
    return snapshot


def test_a_booking_refreshes_its_day(cast, schedule):  # noqa: ANN001
    bureau = cast.organisations["bureau_a"]
    facts.rebuild_all()
    future = timezone.localdate() + timedelta(days=7)
    session = make_session(bureau, on=future, start=time(9, 0), end=time(10, 0), kind="nurse")
    book(session, schedule["kids"][2])
    assert DirtyDay.objects.filter(bureau=bureau, date=future).exists()
    facts.refresh_dirty()
    fact = _fact(bureau, future, "morning", "nurse")
    assert (fact.sessions, fact.booked, fact.slots_taken) == (1, 1, 1)
    # Kind2's first nurse booking is a registration today.
    assert _registrations(bureau, timezone.localdate(), "morning", "nurse") == 1


def test_a_move_via_the_portal_refreshes_both_days(cast, schedule):  # noqa: ANN001
    bureau = cast.organisations["bureau_a"]
    child = make_child(bureau, age_days=400, first_name="Verzetter")
    first_day = timezone.localdate() + timedelta(days=10)
    second_day = timezone.localdate() + timedelta(days=12)
    first = make_session(bureau, on=first_day, start=time(9, 0), end=time(10, 0), kind="doctor")
    second = make_session(bureau, on=second_day, start=time(14, 0), end=time(15, 0), kind="doctor")
    appointment = book(first, child)
    facts.rebuild_all()
    services.appointment_move_by_parent(
        actor=cast.pat, appointment=appointment, target=second, slot_time=second.slot_times()[0]
    )
    assert {first_day, second_day} <= set(
        DirtyDay.objects.filter(bureau=bureau).values_list("date", flat=True)
    )
    facts.refresh_dirty()
    old = _fact(bureau, first_day, "morning", "doctor")
    new = _fact(bureau, second_day, "afternoon", "doctor")
    assert (old.postponed_portal, old.slots_taken, old.booked) == (1, 0, 0)
    assert (new.booked, new.slots_taken) == (1, 1)
    # The move is not a new registration: only the original booking counts today (Kind0-4 and
    # Verzetter, each once).
    assert _registrations(bureau, timezone.localdate(), "morning", "doctor") == 6


def test_an_outcome_refreshes_its_day(cast, day, schedule):  # noqa: ANN001
    bureau = cast.organisations["bureau_a"]
    facts.rebuild_all()
    session = make_session(bureau, on=day, start=time(15, 0), end=time(16, 0), kind="doctor")
    appointment = book(session, schedule["kids"][3])
    facts.refresh_dirty()
    assert _fact(bureau, day, "afternoon", "doctor").booked == 1
    services.appointment_record_outcome(
        actor=schedule["doctor"], appointment=appointment, status=NO_SHOW
    )
    facts.refresh_dirty()
    fact = _fact(bureau, day, "afternoon", "doctor")
    assert (fact.booked, fact.no_show, fact.slots_taken) == (0, 1, 1)


def test_a_day_marked_again_during_a_refresh_stays_dirty(cast, day):  # noqa: ANN001
    bureau = cast.organisations["bureau_a"]
    facts.mark_dirty(bureau.pk, [day])
    row = DirtyDay.objects.get(bureau=bureau, date=day)
    # Marked again "after" the refresh took its snapshot.
    DirtyDay.objects.filter(pk=row.pk).update(marked_at=timezone.now() + timedelta(minutes=5))
    facts.refresh_dirty()
    assert DirtyDay.objects.filter(pk=row.pk).exists()


def test_the_rebuild_command_prints_what_it_did(cast, schedule, capsys):  # noqa: ANN001
    from django.core.management import call_command

    call_command("rebuild_dashboard_facts")
    assert "bureau facts" in capsys.readouterr().out
    assert Appointment.objects.count() == 8  # 5 morning, 2 afternoon, 1 evening


def test_many_writes_in_one_transaction_queue_one_refresh(
    cast, day, django_capture_on_commit_callbacks
):  # noqa: ANN001
    bureaus = [cast.organisations["bureau_a"], cast.organisations["bureau_a2"]]
    with django_capture_on_commit_callbacks() as callbacks:
        for bureau in bureaus:
            facts.mark_dirty(bureau.pk, [day, day - timedelta(days=1)])
        facts.mark_dirty_many([(bureaus[0].pk, day - timedelta(days=2))])
    assert len(callbacks) == 1
    assert DirtyDay.objects.count() == 7  # 2 bureaus x (2 days + today), and one more day


def _month_sums(model, fields) -> list[tuple]:  # noqa: ANN001
    from collections import defaultdict

    sums: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(fields))
    for row in model.objects.values("bureau_id", "date", "part_of_day", *fields):
        key = (row["bureau_id"], row["date"].replace(day=1), row["part_of_day"])
        for i, name in enumerate(fields):
            sums[key][i] += row[name]
    return sorted((key, tuple(values)) for key, values in sums.items())


MONTH_CHECKS = (
    ("BureauMonthFact", "BureauDayFact", ("sessions", "done", "no_show", "enrolments")),
    ("PractitionerMonthFact", "PractitionerDayFact", ("sessions", "done", "capacity")),
    ("RegistrationMonthFact", "RegistrationDayFact", ("registrations",)),
)


def _months_add_up() -> bool:
    from dashboards import models

    return all(
        _month_sums(getattr(models, month), fields) == _month_sums(getattr(models, day), fields)
        for month, day, fields in MONTH_CHECKS
    )


def test_month_facts_are_the_sums_of_the_day_facts(cast, day, schedule):  # noqa: ANN001
    from dashboards.models import BureauMonthFact, RegistrationMonthFact

    facts.rebuild_all()
    assert _months_add_up()
    assert RegistrationMonthFact.objects.exists()
    # A later booking refreshes its month too.
    bureau = cast.organisations["bureau_a"]
    session = make_session(bureau, on=day, start=time(15, 0), end=time(16, 0), kind="nurse")
    book(session, schedule["kids"][3])
    facts.refresh_dirty()
    assert _months_add_up()
    assert BureauMonthFact.objects.filter(date__day__gt=1).count() == 0


def test_two_rebuilds_in_one_transaction(cast, schedule):  # noqa: ANN001
    from django.db import transaction

    with transaction.atomic():
        first = facts.rebuild_all()
        second = facts.rebuild_all()
    assert first["bureau_rows"] == second["bureau_rows"] > 0


# --- Rebuild safeguards ---------------------------------------------------------------------------


def test_facts_never_built_or_lost_are_rebuilt_by_the_refresh_job(cast, day, schedule):  # noqa: ANN001
    from dashboards.tasks import refresh_dirty_days

    # The schedule exists, but no full rebuild ever ran: the refresh job runs one.
    RefreshState.objects.all().delete()
    for model in facts.FACT_MODELS:
        model.objects.all().delete()
    assert facts.needs_full_rebuild()
    refresh_dirty_days()
    assert RefreshState.objects.filter(key="full").exists()
    assert _fact(cast.organisations["bureau_a"], day, "morning", "doctor").done == 3
    assert not facts.needs_full_rebuild()
    # A crash empties the unlogged fact tables but not the refresh state: rebuilt again.
    for model in facts.FACT_MODELS:
        model.objects.all().delete()
    assert facts.needs_full_rebuild()
    refresh_dirty_days()
    assert _registrations(cast.organisations["bureau_a"], timezone.localdate(), "morning",
                          "doctor") == 5  # fmt: skip


def test_a_day_marked_during_a_rebuild_stays_dirty(cast, day, schedule):  # noqa: ANN001
    bureau = cast.organisations["bureau_a"]
    # Marked after the rebuild started (its write may be missing from what the rebuild read).
    later = timezone.now() + timedelta(seconds=30)
    DirtyDay.objects.create(bureau=bureau, date=day - timedelta(days=3), marked_at=later)
    facts.rebuild_all()
    assert list(DirtyDay.objects.values_list("date", flat=True)) == [day - timedelta(days=3)]


def test_postgresql_fact_tables_are_unlogged_and_keep_their_keys(cast, day, schedule):  # noqa: ANN001
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: table persistence and constraints")
    facts.rebuild_all()
    tables = [model._meta.db_table for model in facts.FACT_MODELS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, relpersistence FROM pg_class WHERE relname = ANY(%s)", [tables]
        )
        assert dict(cursor.fetchall()) == dict.fromkeys(tables, "u")
        # The bulk load drops the unique keys and adds them back under their own names.
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'u' "
            "AND conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        names = {name for (name,) in cursor.fetchall()}
    assert names == {
        constraint.name for model in facts.FACT_MODELS for constraint in model._meta.constraints
    }
