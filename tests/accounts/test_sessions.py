from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from tests.factories import TEST_PASSWORD
from tests.helpers import login_with_mfa

pytestmark = pytest.mark.django_db


def test_a_new_session_key_is_issued_at_login(cast, client):
    client.get(reverse("account_login"))
    client.post(reverse("account_login"), {"login": cast.bob.email, "password": TEST_PASSWORD})
    before = client.session.session_key
    from tests.helpers import fresh_totp

    client.post(reverse("mfa_authenticate"), {"code": fresh_totp()})
    assert client.session.session_key != before
    assert client.get(reverse("home")).status_code == 200


def test_thirty_minutes_without_activity_end_the_session(cast):
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        login_with_mfa(client, cast.bob.email)
        clock.shift(timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=29))  # activity above reset the idle clock
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert AuditEvent.objects.filter(action="auth.session_expired", details__reason="idle").exists()


def test_twelve_hours_after_login_the_session_ends_even_when_active(cast):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login_with_mfa(client, cast.bob.email)
        for _ in range(24):  # every 29 minutes, for 11.6 hours
            clock.shift(timedelta(minutes=29))
            assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=25))
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        action="auth.session_expired", details__reason="absolute"
    ).exists()


def test_logout_ends_the_server_session(cast, client):
    from django.contrib.sessions.models import Session

    login_with_mfa(client, cast.bob.email)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_users_see_and_end_their_own_sessions(cast):
    phone, laptop = Client(), Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login_with_mfa(phone, cast.bob.email)
        clock.shift(timedelta(seconds=31))  # a TOTP code is accepted once: wait for the next
        login_with_mfa(laptop, cast.bob.email)
        page = laptop.get(reverse("usersessions_list"))
        assert page.status_code == 200

        laptop.post(reverse("usersessions_list"), {"action": "end"})  # ends the *other* ones

        assert phone.get(reverse("home")).status_code == 302
        assert laptop.get(reverse("home")).status_code == 200


def test_sensitive_actions_ask_to_reauthenticate_after_five_minutes(cast):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login_with_mfa(client, cast.bob.email)
        clock.shift(timedelta(minutes=4))
        assert client.get(reverse("accounts:access_log_export")).status_code == 200
        clock.shift(timedelta(minutes=2))
        response = client.get(reverse("accounts:access_log_export"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_reauthenticate"))

        client.post(response.url, {"password": TEST_PASSWORD})
        assert client.get(reverse("accounts:access_log_export")).status_code == 200


def test_the_sixth_failed_login_within_five_minutes_is_refused_even_from_another_ip(cast):
    client = Client()
    bob = cast.bob
    for attempt in range(5):
        response = client.post(
            reverse("account_login"),
            {"login": bob.email, "password": "verkeerd-wachtwoord"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )
        assert response.status_code == 200
    other = Client()
    refused = other.post(
        reverse("account_login"),
        {"login": bob.email, "password": TEST_PASSWORD},  # even the right password
        HTTP_X_FORWARDED_FOR="198.51.100.77",
    )
    assert refused.status_code == 200
    assert "Te veel inlogpogingen" in refused.content.decode()
    assert "mfa_authenticate" not in str(refused.get("Location"))
    assert other.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 5


def test_failed_logins_of_other_accounts_do_not_lock_bob_out(cast):
    client = Client()
    for attempt in range(5):
        client.post(reverse("account_login"), {"login": f"x{attempt}@example.org", "password": "x"})
    response = client.post(
        reverse("account_login"), {"login": cast.bob.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")


def test_the_session_list_records_activity_once_a_minute(cast):
    from allauth.usersessions.models import UserSession

    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        login_with_mfa(client, cast.bob.email)
        client.get(reverse("home"))
        seen = UserSession.objects.get(user=cast.bob).last_seen_at
        clock.shift(timedelta(seconds=30))
        client.get(reverse("home"))
        assert UserSession.objects.get(user=cast.bob).last_seen_at == seen
        clock.shift(timedelta(seconds=40))
        client.get(reverse("home"))
    assert UserSession.objects.get(user=cast.bob).last_seen_at > seen
