"""The optional e-mail nudge at the end of a working day without entries (Celery beat)."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.core import mail

from registration import services
from registration.tasks import send_daily_nudges

from .conftest import activity

pytestmark = pytest.mark.django_db

WED = date(2024, 10, 16)


def test_the_beat_schedule_sends_nudges_at_the_end_of_working_days_on_the_email_queue():
    entry = settings.CELERY_BEAT_SCHEDULE["registration-daily-nudges"]
    assert entry["task"] == "registration.email.send_daily_nudges"
    assert entry["schedule"].hour == {17} and entry["schedule"].minute == {30}
    assert entry["schedule"].day_of_week == {1, 2, 3, 4, 5}
    from portal.celery import app

    route = app.amqp.router.route({}, entry["task"])
    assert route["queue"].name == "email"


def test_providers_without_entries_today_get_one_nudge(provider, colleague, provider_g, travel):
    travel(WED, 17)
    services.entry_add(
        actor=colleague.user,
        provider=colleague,
        day=WED,
        activity=activity("treatment", "team_meeting"),
        minutes=60,
    )
    services.day_off_set(actor=provider_g.user, provider=provider_g, day=WED, off=True)

    assert send_daily_nudges.apply().get() == 1
    assert [m.to for m in mail.outbox] == [[provider.user.email]]
    message = mail.outbox[0]
    assert "Nog niets geregistreerd op woensdag 16 oktober" in message.subject
    assert "/tijdsregistratie/dag/2024-10-16/" in message.body
    # A retried or repeated run the same day nudges nobody twice.
    assert send_daily_nudges.apply().get() == 0


def test_no_nudge_for_those_who_switched_it_off_or_on_weekends(provider, travel):
    travel(date(2024, 10, 19), 17)  # Saturday
    assert services.nudges_send() == 0
    travel(WED, 17)
    services.provider_set_nudges(actor=provider.user, provider=provider, enabled=False)
    assert services.nudges_send() == 0
    assert mail.outbox == []


def test_no_nudges_when_the_study_does_not_send_them_or_is_over(provider, travel):
    study = provider.participation.study
    study.send_nudges = False
    study.save(update_fields=["send_nudges"])
    travel(WED, 17)
    assert services.nudges_send() == 0
    study.send_nudges = True
    study.save(update_fields=["send_nudges"])
    travel(date(2024, 12, 16), 17)
    assert services.nudges_send() == 0


def test_the_provider_switches_nudges_off_on_the_day_page(provider, travel):
    from django.urls import reverse

    from .conftest import login

    travel(WED)
    client = login(provider.user)
    response = client.post(reverse("registration:nudges"), {"day": "2024-10-16"})
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.nudges_enabled is False
    client.post(reverse("registration:nudges"), {"enabled": "on", "day": "2024-10-16"})
    provider.refresh_from_db()
    assert provider.nudges_enabled is True
