"""Passkeys work end to end under our CSP: add one (virtual authenticator), then log in with it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from tests.browser.helpers import log_in
from tests.factories import TEST_PASSWORD, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_virtual_authenticator(page: Page) -> None:
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )


def test_a_parent_adds_a_passkey_and_logs_in_with_it(live_server, page: Page, cast, screenshot):
    parent = member(Role.PARENT, cast.organisations["bureau_a"], mfa=False, first_name="Petra")
    add_virtual_authenticator(page)
    log_in(page, live_server.url, parent.email, secret=None)
    page.get_by_role("link", name="Passkey toevoegen").click()
    page.get_by_role("button", name=re.compile("Toevoegen|Add", re.I)).click()
    # allauth shows the new recovery codes once the passkey is stored.
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Herstelcodes|Recovery"))
    screenshot("passkey-added")
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Petra")

    page.get_by_role("button", name="Afmelden").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail").fill(parent.email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role(
        "button", name=re.compile("beveiligingssleutel|security key|passkey", re.I)
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Petra")
    screenshot("logged-in-with-passkey")
