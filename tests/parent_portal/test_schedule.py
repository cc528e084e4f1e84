"""Sessions and appointments: constraints, staff week view and outcomes, parent moves."""

from __future__ import annotations

import threading
from datetime import UTC, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from parent_portal import services
from parent_portal.models import Appointment, Session
from tests.factories import member
from tests.parent_portal.conftest import client_for
from tests.parent_portal.factories import book, give_parent, make_child, make_session


def test_a_session_gets_its_part_of_day_and_capacity_from_its_times(world):
    session = make_session(world.organisations["bureau_a"], start=time(17, 30), end=time(19, 30))
    assert session.part_of_day == "evening"
    assert session.capacity == 6
    assert len(session.slot_times()) == 6


def test_a_session_refuses_more_places_than_fit(world):
    with pytest.raises(ValidationError):
        services.session_create(
            actor=None,
            bureau=world.organisations["bureau_a"],
            practitioner=world.nurse,
            practitioner_kind="nurse",
            date=timezone.localdate(),
            start_time=time(9, 0),
            end_time=time(10, 0),
            slot_minutes=20,
            capacity=4,
        )


def test_a_slot_holds_one_appointment(world):
    other = make_child(world.organisations["bureau_a"], first_name="Noor")
    with pytest.raises(services.SlotTakenError):
        book(world.session, other, world.appointment.slot_time)
    # The database itself refuses it too, whatever path a write takes.
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            session=world.session,
            child=other,
            date=world.session.date,
            slot_time=world.appointment.slot_time,
        )


def test_a_squeezed_in_child_may_share_a_slot(world):
    other = make_child(world.organisations["bureau_a"], first_name="Noor")
    squeezed = book(world.session, other, time(9, 10), consult_kind="squeezed_in")
    assert squeezed.status == "booked"


def test_an_appointment_lies_within_its_session(world):
    other = make_child(world.organisations["bureau_a"], first_name="Noor")
    with pytest.raises(ValidationError):
        book(world.session, other, time(14, 0))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
def test_the_database_refuses_an_appointment_outside_its_session(world):
    other = make_child(world.organisations["bureau_a"], first_name="Noor")
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            session=world.session, child=other, date=world.session.date, slot_time=time(14, 0)
        )


def test_a_nurse_plans_a_session_in_the_week_view_and_books_a_child(world):
    nurse = client_for(world.nurse)
    bureau = world.organisations["bureau_a"]
    day = timezone.localdate() + timedelta(days=9)
    response = nurse.post(
        reverse("parent_portal:session_create", args=[bureau.pk]),
        {
            "practitioner": world.nurse.pk,
            "practitioner_kind": "doctor",
            "date": day.isoformat(),
            "start_time": "13:30",
            "end_time": "15:30",
            "slot_minutes": "15",
            "capacity": "",
        },
    )
    session = Session.objects.get(date=day)
    assert response.url == reverse("parent_portal:session", args=[session.pk])
    assert session.part_of_day == "afternoon" and session.capacity == 8
    week = nurse.get(reverse("parent_portal:week", args=[bureau.pk]) + f"?week={day.isoformat()}")
    assert "13:30" in week.text and "0 van 8 plaatsen bezet" in week.text
    booked = nurse.post(
        reverse("parent_portal:session", args=[session.pk]),
        {"child": world.child.pk, "slot_time": "13:45", "consult_kind": "regular"},
    )
    assert booked.status_code == 302
    assert session.appointments.get().slot_time == time(13, 45)


def test_a_nurse_of_another_bureau_cannot_open_the_week_or_session(world):
    nurse_b = client_for(world.nurse_b)
    bureau = world.organisations["bureau_a"]
    assert nurse_b.get(reverse("parent_portal:week", args=[bureau.pk])).status_code == 404
    assert nurse_b.get(reverse("parent_portal:session", args=[world.session.pk])).status_code == 404
    charlie = client_for(world.charlie)
    assert charlie.get(reverse("parent_portal:week", args=[bureau.pk])).status_code == 403


def test_staff_record_the_outcome_and_a_phone_postponement(world):
    nurse = client_for(world.nurse)
    url = reverse("parent_portal:staff_appointment", args=[world.appointment.pk])
    early = nurse.post(url, {"status": "no_show", "consult_kind": "regular", "note": ""})
    assert "vanaf de dag van de afspraak" in early.text
    with time_machine.travel(world.appointment.starts_at() + timedelta(hours=1), tick=False):
        nurse = client_for(world.nurse)  # a new login on that day
        response = nurse.post(url, {"status": "no_show", "consult_kind": "regular", "note": ""})
    assert response.status_code == 302
    world.appointment.refresh_from_db()
    assert world.appointment.status == "no_show"
    other = make_child(world.organisations["bureau_a"], first_name="Noor")
    second = book(world.session, other, time(9, 20))
    target = make_session(
        world.organisations["bureau_a"],
        practitioner=world.nurse,
        on=timezone.localdate() + timedelta(days=12),
    )
    nurse.post(
        reverse("parent_portal:staff_postpone", args=[second.pk]),
        {"slot": f"{target.pk}|09:40"},
    )
    second.refresh_from_db()
    assert second.status == "postponed_via_phone"
    assert second.moved_to.session == target and second.moved_to.slot_time == time(9, 40)


def test_listeners_hear_which_bureau_days_changed(world):
    heard = []
    services.on_schedule_change(lambda bureau_id, dates: heard.append((bureau_id, dates)))
    try:
        other = make_child(world.organisations["bureau_a"], first_name="Noor")
        book(world.session, other, time(9, 20))
    finally:
        services._schedule_listeners.pop()
    assert heard == [(world.organisations["bureau_a"].pk, {world.session.date})]


# --- Parents move appointments -------------------------------------------------------------------


def test_a_parent_moves_an_appointment_and_frees_the_old_slot(world):
    target = make_session(
        world.organisations["bureau_a"],
        practitioner=world.nurse,
        on=timezone.localdate() + timedelta(days=8),
    )
    parent = client_for(world.pat)
    page = parent.get(reverse("parent_portal:appointment_move", args=[world.appointment.pk]))
    assert f"{target.pk}|09:20" in page.text
    response = parent.post(
        reverse("parent_portal:appointment_move", args=[world.appointment.pk]),
        {"slot": f"{target.pk}|09:20"},
    )
    assert response.status_code == 302
    world.appointment.refresh_from_db()
    assert world.appointment.status == "postponed_via_portal"
    new = world.appointment.moved_to
    assert (new.session, new.slot_time, new.status) == (target, time(9, 20), "booked")
    assert new.covers_vaccinations == world.appointment.covers_vaccinations
    # The old slot is free again.
    other = make_child(world.organisations["bureau_a"], first_name="Noor")
    assert book(world.session, other, world.appointment.slot_time).status == "booked"


def test_a_parent_cannot_move_within_24_hours(world):
    soon = make_session(
        world.organisations["bureau_a"],
        practitioner=world.nurse,
        on=timezone.localdate() + timedelta(days=1),
        start=time(0, 0),
        end=time(1, 0),
    )
    other = make_child(world.organisations["bureau_a"], first_name="Noor", age_days=400)
    give_parent(other, world.pat)
    appointment = book(soon, other)
    rule = services.parent_may_move(appointment, now=appointment.starts_at() - timedelta(hours=23))
    assert not rule.allowed and "24 uur" in rule.reason


@pytest.mark.parametrize(
    ("age_days", "allowed"), [(150, False), (200, True), (1400, True), (1500, False)]
)
def test_parents_move_appointments_of_children_from_6_months_to_4_years(world, age_days, allowed):
    child = make_child(world.organisations["bureau_a"], age_days=age_days, first_name="Kid")
    appointment = book(world.session, child, time(9, 40))
    assert services.parent_may_move(appointment).allowed is allowed


def test_another_parent_cannot_move_or_download(world):
    stranger = client_for(member(Role.PARENT, world.organisations["bureau_a"]))
    for name in ("parent_portal:appointment_move", "parent_portal:appointment_ics"):
        assert stranger.get(reverse(name, args=[world.appointment.pk])).status_code == 404


def test_the_ics_file_describes_the_appointment(world):
    response = client_for(world.pat).get(
        reverse("parent_portal:appointment_ics", args=[world.appointment.pk])
    )
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    # 09:00 in Brussels, written in UTC (08:00 in winter, 07:00 in summer).
    start = world.appointment.starts_at().astimezone(UTC)
    assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z" in text
    assert "SUMMARY:Consult Lotte bij Bureau A" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_a_parent_books_a_visit_once_the_window_opened(world):
    child = make_child(world.organisations["bureau_a"], age_days=365 - 10, first_name="Mia")
    give_parent(child, world.pat)
    target = make_session(
        world.organisations["bureau_a"],
        practitioner=world.nurse,
        on=timezone.localdate() + timedelta(days=6),
    )
    parent = client_for(world.pat)
    url = reverse("parent_portal:appointment_book", args=[child.pk, "12 months"])
    assert "Kies een nieuw moment" in parent.get(url).text
    response = parent.post(url, {"slot": f"{target.pk}|09:00"})
    assert response.status_code == 302
    appointment = child.appointments.get()
    assert appointment.contact_moment == "12 months"
    assert "BMR" in appointment.covers_vaccinations
    late = make_child(world.organisations["bureau_a"], age_days=200, first_name="Jan")
    give_parent(late, world.pat)
    closed = parent.get(reverse("parent_portal:appointment_book", args=[late.pk, "12 months"]))
    assert "vanaf" in closed.text


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers, so two concurrent moves cannot race there",
)
def test_two_parents_moving_at_once_cannot_take_one_slot(cast):
    bureau = cast.organisations["bureau_a"]
    nurse = cast.users[Role.PRACTITIONER]
    session = make_session(bureau, practitioner=nurse, on=timezone.localdate() + timedelta(days=4))
    target = make_session(bureau, practitioner=nurse, on=timezone.localdate() + timedelta(days=9))
    parents, appointments = [], []
    for index in range(2):
        parent = member(Role.PARENT, bureau)
        child = make_child(bureau, age_days=400, first_name=f"Kind{index}")
        give_parent(child, parent)
        parents.append(parent)
        appointments.append(book(session, child, session.slot_times()[index]))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def move(index: int) -> None:
        try:
            barrier.wait()
            services.appointment_move_by_parent(
                actor=parents[index],
                appointment=appointments[index],
                target=target,
                slot_time=time(9, 0),
            )
            outcomes.append("moved")
        except services.SlotTakenError:
            outcomes.append("taken")
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["moved", "taken"]
    holders = Appointment.objects.filter(
        session=target, slot_time=time(9, 0), status__in=Appointment.HOLDS_SLOT
    )
    assert holders.count() == 1
    winner = holders.get().moved_from
    loser = next(a for a in appointments if a.pk != winner.pk)
    loser.refresh_from_db()
    # The losing move changed nothing: still booked in the old slot.
    assert loser.status == "booked"


def test_the_nurse_home_lists_her_sessions_of_the_week(world):
    page = client_for(world.nurse).get(reverse("parent_portal:staff_home"))
    assert "Je zittingen deze week" in page.text
    assert "1 van 6 plaatsen bezet" in page.text
    assert "Lotte" in page.text
    other = client_for(world.nurse_b).get(reverse("parent_portal:staff_home"))
    assert "Je hebt de komende 7 dagen geen zitting." in other.text and "Lotte" not in other.text
