"""Shared steps of browser tests: log in through the real form, or put a session in the browser."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page

from tests.factories import TEST_PASSWORD, TOTP_SECRET
from tests.helpers import fresh_totp


def log_in(
    page: Page,
    base_url: str,
    email: str,
    secret: str | None = TOTP_SECRET,
    password: str = TEST_PASSWORD,
) -> None:
    """The real login form: e-mail, password, then the TOTP code (when the user has one)."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    if secret:
        page.get_by_label("Code").fill(fresh_totp(secret, account=email))
        page.get_by_role("button", name=re.compile("Aanmelden|Inloggen|Sign In", re.I)).click()


def force_login(page: Page, base_url: str, user) -> None:  # noqa: ANN001
    """Skip the login form (tested elsewhere): put a logged-in session cookie in the browser."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
    )


def serious_accessibility_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the current page."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
