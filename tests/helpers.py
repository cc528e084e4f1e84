"""Small helpers shared by tests: log in through allauth with a TOTP code."""

from __future__ import annotations

import time

import pyotp
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD, TOTP_SECRET


def fresh_totp(secret: str = TOTP_SECRET) -> str:
    """A code that stays valid for a few more seconds (waits out the end of a 30 s window)."""
    remaining = 30 - (time.time() % 30)
    if remaining < 3:
        time.sleep(remaining + 0.2)
    return pyotp.TOTP(secret).now()


def login_with_mfa(
    client: Client, email: str, *, secret: str = TOTP_SECRET, password: str = TEST_PASSWORD
):  # noqa: ANN201
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302, response.content[:500]
    assert response.url == reverse("mfa_authenticate"), response.url
    return client.post(reverse("mfa_authenticate"), {"code": fresh_totp(secret)})
