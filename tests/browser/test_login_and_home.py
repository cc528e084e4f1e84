"""A person in a real browser: log in with password and TOTP, land on the role home, switch
language; the login page and every role's home pass an axe accessibility scan."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from tests.browser.helpers import force_login, log_in, serious_accessibility_violations
from tests.conftest import ROLE_HOME
from tests.factories import member
from tests.helpers import fresh_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_member_sets_up_totp_lands_home_and_switches_language(
    live_server, page: Page, cast, screenshot
):
    nurse = member(
        Role.PRACTITIONER,
        cast.organisations["bureau_a"],
        mfa=False,
        email="nora@example.org",
        first_name="Nora",
    )
    log_in(page, live_server.url, nurse.email, secret=None)

    expect(page.get_by_text("Stel eerst tweestapsverificatie in")).to_be_visible()
    screenshot("mfa-required")
    page.get_by_role("link", name="Authenticator-app instellen").click()
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label(re.compile("Authenticatorcode|Authenticator code", re.I)).fill(
        fresh_totp(secret)
    )
    screenshot("totp-form")
    page.get_by_role("button", name=re.compile("Activeren|Activate", re.I)).click()

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Nora")
    expect(page.get_by_role("heading", name="Bureau A")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Tweestapsverificatie"))).to_be_visible()
    screenshot("home-nl")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Nora")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshot("home-en")


def test_a_parent_sees_only_parent_tiles(live_server, page: Page, cast, screenshot):
    log_in(page, live_server.url, cast.pat.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    tiles = page.locator(".tile-title").all_inner_texts()
    assert "Wie bekeek mijn gegevens" in tiles
    for staff_only in ("Beheer", "Auditlog", "Leden van de organisatie"):
        assert staff_only not in tiles
    screenshot("parent-home")


def test_the_login_page_has_no_serious_accessibility_violations(live_server, page: Page):
    page.goto(f"{live_server.url}/accounts/login/")
    assert serious_accessibility_violations(page) == []


def test_every_role_home_has_no_serious_accessibility_violations(
    live_server, page: Page, cast, screenshot
):
    found = {}
    for role in ROLE_HOME:
        page.context.clear_cookies()
        user = cast.users[role]
        force_login(page, live_server.url, user)
        page.goto(live_server.url + "/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
        violations = serious_accessibility_violations(page)
        if violations:
            found[role] = violations
    screenshot("last-home")
    assert found == {}
