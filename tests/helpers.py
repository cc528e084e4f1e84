"""Small helpers shared by tests: log in through allauth with a TOTP code."""

from __future__ import annotations

import time

import pyotp
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD, TOTP_SECRET

PERIOD = 30
SAFETY_MARGIN = 8  # seconds a code must stay valid: browser steps on a loaded machine are slow
_handed_out: set[tuple[str, int]] = set()


def fresh_totp(secret: str = TOTP_SECRET, *, account: str = "") -> str:
    """A TOTP code that stays valid for a while, and is new for `account`.

    The portal accepts each code once per account, so a test that logs the same person in twice
    within one 30-second window (a login, then a re-authentication) waits for the next window.
    Under time_machine with a frozen clock the window never changes: then the code is returned
    after one wait rather than looping.
    """
    for _ in range(3):
        now = time.time()
        counter = int(now // PERIOD)
        remaining = PERIOD - now % PERIOD
        if remaining >= SAFETY_MARGIN and (account, counter) not in _handed_out:
            break
        time.sleep(remaining + 0.2)
    if account:
        _handed_out.add((account, int(time.time() // PERIOD)))
    return pyotp.TOTP(secret).now()


def login_with_mfa(
    client: Client, email: str, *, secret: str = TOTP_SECRET, password: str = TEST_PASSWORD
):  # noqa: ANN201
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302, response.content[:500]
    assert response.url == reverse("mfa_authenticate"), response.url
    return client.post(reverse("mfa_authenticate"), {"code": fresh_totp(secret, account=email)})
