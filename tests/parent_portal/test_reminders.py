"""Reminders: the parent's choice, sent exactly once per appointment, parent and channel."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from parent_portal import reminders, services
from parent_portal.models import ReminderDelivery
from parent_portal.tasks import send_due_reminders
from tests.factories import member
from tests.parent_portal.conftest import client_for
from tests.parent_portal.factories import book, give_parent, make_child, make_session


def test_the_beat_schedule_sends_reminders_every_quarter_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["parent-portal-reminders"]
    assert entry["task"] == send_due_reminders.name == "parent_portal.email.send_due_reminders"


def test_a_parent_chooses_reminders(world):
    client = client_for(world.pat)
    refused = client.post(
        reverse("parent_portal:reminders"),
        {"by_email": "on", "by_sms": "on", "phone": "", "days_before": "3"},
    )
    assert "Vul je gsm-nummer in" in refused.text
    saved = client.post(
        reverse("parent_portal:reminders"),
        {"by_email": "on", "by_sms": "on", "phone": "0470 12 34 56", "days_before": "3"},
    )
    assert saved.status_code == 302
    assert world.pat.reminder_preference.days_before == 3


def test_each_reminder_is_sent_exactly_once(world):
    services.reminder_preference_save(
        actor=world.pat, by_email=True, by_sms=True, phone="0470123456", days_before=2
    )
    reminders.MemorySmsSender.outbox.clear()
    appointment_day = world.appointment.date
    with time_machine.travel(appointment_day - timedelta(days=3), tick=False):
        assert send_due_reminders.apply().get() == 0  # not yet
    with time_machine.travel(appointment_day - timedelta(days=2), tick=False):
        assert send_due_reminders.apply().get() == 2
        assert send_due_reminders.apply().get() == 0  # the worker ran again: nothing new
    with time_machine.travel(appointment_day - timedelta(days=1), tick=False):
        assert send_due_reminders.apply().get() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.pat.email]
    assert "Lotte" in mail.outbox[0].subject
    assert len(reminders.MemorySmsSender.outbox) == 1
    assert ReminderDelivery.objects.count() == 2


def test_both_parents_with_authority_get_their_own_reminder(world):
    other = member(Role.PARENT, world.organisations["bureau_a"])
    give_parent(world.child, other)
    for parent in (world.pat, other):
        services.reminder_preference_save(
            actor=parent, by_email=True, by_sms=False, phone="", days_before=7
        )
    assert reminders.send_due_reminders() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.pat.email, other.email])


def test_a_failed_send_leaves_no_marker_and_is_retried(world, monkeypatch):
    services.reminder_preference_save(
        actor=world.pat, by_email=True, by_sms=False, phone="", days_before=7
    )

    def broken(**kwargs):  # noqa: ANN003, ANN202 - the SMTP server is down
        raise ConnectionError("smtp down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    with pytest.raises(ConnectionError):
        reminders.send_due_reminders()
    assert ReminderDelivery.objects.count() == 0
    monkeypatch.undo()
    assert reminders.send_due_reminders() == 1
    assert len(mail.outbox) == 1


def test_no_reminder_for_a_moved_or_cancelled_appointment(world):
    services.reminder_preference_save(
        actor=world.pat, by_email=True, by_sms=False, phone="", days_before=7
    )
    services.appointment_record_outcome(
        actor=world.nurse, appointment=world.appointment, status="cancelled"
    )
    assert reminders.send_due_reminders() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers, so two workers cannot race there",
)
def test_two_workers_at_once_send_a_reminder_once(cast):
    bureau = cast.organisations["bureau_a"]
    child = make_child(bureau)
    give_parent(child, cast.pat)
    session = make_session(
        bureau,
        practitioner=cast.users[Role.PRACTITIONER],
        on=timezone.localdate() + timedelta(days=1),
    )
    book(session, child)
    services.reminder_preference_save(
        actor=cast.pat, by_email=True, by_sms=False, phone="", days_before=2
    )
    due = reminders.due_reminders()
    assert len(due) == 1
    barrier = threading.Barrier(2)
    results: list[bool] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(reminders.send_one(due[0]))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
    assert ReminderDelivery.objects.count() == 1


def test_the_reminder_page_never_redirects_to_another_site(world):
    response = client_for(world.pat).post(
        reverse("parent_portal:reminders") + "?terug=https://evil.example.org/",
        {"by_email": "on", "phone": "", "days_before": "2"},
    )
    assert response.url == reverse("parent_portal:reminders")
