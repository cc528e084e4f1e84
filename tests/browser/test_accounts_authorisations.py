"""The whole story of an authorised person, in real browsers (one per person):

organiser submits a request with two additions and one removal -> the agency admin approves,
re-authenticating after a break -> the invited person sets a password and TOTP and lands on
their home -> the organiser removes them urgently -> their open session is refused on the next
click. Screenshots of each step land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.models import AuthorisationRequest, Membership, Role, User
from tests.browser.helpers import log_in, serious_accessibility_violations
from tests.conftest import SCREENSHOTS
from tests.factories import TEST_PASSWORD, member
from tests.helpers import fresh_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "zonnige dinsdag met veel koffie"


def snap(page: Page, step: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"authorisation-story-{step}.png"), full_page=True)


def new_person(browser: Browser, browser_context_args: dict) -> Page:
    """Another person at another computer: a fresh browser context with its own cookies."""
    return browser.new_context(**browser_context_args).new_page()


def test_authorisation_story_from_request_to_urgent_removal(
    live_server, page: Page, browser: Browser, browser_context_args, cast, screenshot
):
    base = live_server.url
    bureau_a = cast.organisations["bureau_a"]
    bureau_a2 = cast.organisations["bureau_a2"]
    # A second person already authorised at A, so the removal is of someone else than Bob.
    dora = member(
        Role.AUTHORISED_PERSON,
        bureau_a,
        email="dora@example.org",
        first_name="Dora",
        last_name="Vertrekt",
    )

    # 1. The organiser submits one signed request: two additions and one removal.
    alice = page
    log_in(alice, base, cast.alice.email)
    alice.get_by_role("link", name=re.compile("Gemachtigde personen")).click()
    expect(alice.get_by_role("heading", level=1)).to_contain_text("Gemachtigde personen")
    alice.get_by_role("link", name="Personen toevoegen, schrappen of wijzigen").click()
    expect(alice.locator("#declaration-text")).to_contain_text("vertrouwelijk")

    alice.locator("#id_additions-0-first_name").fill("Jan")
    alice.locator("#id_additions-0-last_name").fill("Janssens")
    alice.locator("#id_additions-0-email").fill("Jan.Janssens@Example.org")
    alice.locator("#id_additions-0-function").fill("arts")
    alice.locator("#id_additions-0-bureaus").get_by_label("Bureau A", exact=True).check()
    alice.get_by_role("button", name="Nog een persoon toevoegen").click()
    expect(alice.locator("#id_additions-1-first_name")).to_be_focused()
    expect(alice.locator("#id_additions-0-email")).to_have_value("Jan.Janssens@Example.org")
    alice.locator("#id_additions-1-first_name").fill("Lies")
    alice.locator("#id_additions-1-last_name").fill("Maes")
    alice.locator("#id_additions-1-email").fill("lies@example.org")
    alice.locator("#id_additions-1-function").fill("verpleegkundige")
    alice.locator("#id_additions-1-bureaus").get_by_label("Bureau A", exact=True).check()
    alice.locator("#id_additions-1-bureaus").get_by_label("Bureau A2", exact=True).check()
    alice.locator("#id_removals-persons").get_by_label(re.compile("dora@example.org")).check()

    # Forgetting the declaration submits nothing and says what to do.
    alice.get_by_role("button", name="Ondertekenen en indienen").click()
    expect(alice.locator(".error-summary")).to_contain_text("Vink de verklaring op erewoord aan")
    assert not AuthorisationRequest.objects.exists()
    assert serious_accessibility_violations(alice) == []
    snap(alice, "01-request-form-errors")

    alice.get_by_label("Ik verklaar dit op erewoord.").check()
    alice.get_by_label("Handtekening: je volledige naam").fill("Organiser Test")
    alice.get_by_role("button", name="Ondertekenen en indienen").click()
    expect(alice.get_by_text("Je aanvraag is ingediend.")).to_be_visible()
    expect(alice.get_by_role("heading", name="Wat gebeurt er nu?")).to_be_visible()
    snap(alice, "02-request-submitted")
    auth_request = AuthorisationRequest.objects.get()
    assert auth_request.signature_name == "Organiser Test"
    assert auth_request.lines.count() == 3

    # 2. The agency admin, logged in since before a coffee break, reviews the diff and
    #    approves: the password is asked again because the last login is over 5 minutes old.
    admin = new_person(browser, browser_context_args)
    with time_machine.travel(timezone.now() - timedelta(minutes=6), tick=True):
        log_in(admin, base, cast.admin.email)
    admin.reload()
    admin.get_by_role("link", name=re.compile("Aanvragen gemachtigde personen")).click()
    expect(admin.get_by_role("heading", name="1 open aanvraag")).to_be_visible()
    admin.get_by_role("link", name=f"Aanvraag {auth_request.pk}").click()
    diff = admin.locator("table.diff")
    expect(diff).to_contain_text("nieuw account, krijgt een uitnodiging")
    expect(diff).to_contain_text("+ Bureau A2")
    expect(diff).to_contain_text("− Bureau A")
    assert serious_accessibility_violations(admin) == []
    snap(admin, "03-review-diff")
    admin.get_by_role("button", name="Goedkeuren en toepassen").click()
    expect(admin).to_have_url(re.compile("/accounts/reauthenticate/"))
    snap(admin, "04-reauthenticate")
    admin.locator("input[name=password]").fill(TEST_PASSWORD)
    admin.get_by_role("button", name="Bevestigen").click()
    expect(
        admin.get_by_text(re.compile("Aanvraag goedgekeurd: 3 lijnen toegepast"))
    ).to_be_visible()
    snap(admin, "05-approved")
    auth_request.refresh_from_db()
    assert auth_request.status == AuthorisationRequest.Status.APPROVED
    assert not Membership.objects.active().filter(user=dora).exists()
    recipients = {m.to[0] for m in mail.outbox}
    assert {"jan.janssens@example.org", "lies@example.org", cast.alice.email} <= recipients

    # 3. Jan opens the invitation, chooses a password, sets up TOTP and lands on his home.
    invitation = next(m for m in mail.outbox if m.to == ["jan.janssens@example.org"])
    link = re.search(r"https?://\S+/account/uitnodiging/[^\s/]+/", invitation.body)[0]
    jan = new_person(browser, browser_context_args)
    jan.goto(base + link[link.index("/account/") :])
    expect(jan.get_by_role("heading", name="Je account activeren")).to_be_visible()
    jan.locator("#id_new_password1").fill(NEW_PASSWORD)
    jan.locator("#id_new_password2").fill(NEW_PASSWORD)
    jan.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(jan.get_by_text("Stel eerst tweestapsverificatie in")).to_be_visible()
    jan.get_by_role("link", name="Authenticator-app instellen").click()
    secret = jan.locator("#authenticator_secret").input_value()
    jan.get_by_label(re.compile("Authenticatorcode|Authenticator code", re.I)).fill(
        fresh_totp(secret)
    )
    jan.get_by_role("button", name=re.compile("Activeren|Activate", re.I)).click()
    jan.goto(base + "/")
    expect(jan.get_by_role("heading", level=1)).to_have_text("Welkom, Jan")
    bureau_group = jan.locator(
        "section.tile-group", has=jan.get_by_role("heading", name="Bureau A")
    )
    expect(bureau_group).to_contain_text("Je rol: Gemachtigde persoon")
    snap(jan, "06-invited-person-home")
    # The reused link is refused with a clear message.
    other = new_person(browser, browser_context_args)
    other.goto(base + link[link.index("/account/") :])
    expect(other.get_by_text("Deze uitnodiging is al gebruikt.")).to_be_visible()

    # 4. Jan leaves: the organiser removes him at once, before any review.
    jan_user = User.objects.get(email="jan.janssens@example.org")
    alice.goto(f"{base}/account/gemachtigden/{cast.organisations['organiser_a'].pk}/")
    alice.get_by_role("link", name=re.compile(r"Nu schrappen \(Jan Janssens\)")).first.click()
    expect(alice.get_by_text("verliest meteen de toegang")).to_be_visible()
    alice.get_by_label("Verlaat de organisatie").check()
    snap(alice, "07-remove-now-confirm")
    alice.get_by_role("button", name="Ja, nu schrappen").click()
    expect(alice.get_by_text("heeft vanaf nu geen toegang meer")).to_be_visible()
    snap(alice, "08-removed")
    assert not Membership.objects.active().filter(user=jan_user).exists()

    # 5. Jan's open session is refused on his very next click.
    jan.get_by_role("link", name="Wie bekeek mijn gegevens").first.click()
    expect(jan).to_have_url(re.compile("/accounts/login/"))
    snap(jan, "09-session-refused")

    # The history tells the whole story, with who and when.
    alice.goto(f"{base}/account/gemachtigden/personen/{jan_user.pk}/")
    history = alice.locator("table.history")
    for step in (
        "Toevoeging aangevraagd",
        "Aanvraag goedgekeurd",
        "Uitnodiging verstuurd",
        "Account geactiveerd",
        "Meteen geschrapt door de organisator",
        "Toegang beëindigd",
    ):
        expect(history).to_contain_text(step)
    screenshot("10-history")
    assert bureau_a2  # Lies got both bureaus
    assert (
        Membership.objects.active()
        .filter(user__email="lies@example.org", organisation=bureau_a2)
        .exists()
    )


def test_the_new_pages_are_accessible_and_fit_a_phone(live_server, page: Page, cast, screenshot):
    from accounts.access_management import services as access
    from tests.browser.helpers import force_login

    organiser = cast.organisations["organiser_a"]
    circle = cast.organisations["circle_c"]
    access.contact_person_create(
        actor=cast.admin, organisation=circle, name="Sara", role="secretariaat", email="s@k.be"
    )
    pages = {
        cast.alice: [
            f"/account/gemachtigden/{organiser.pk}/",
            f"/account/gemachtigden/{organiser.pk}/aanvraag/",
            f"/account/gemachtigden/{organiser.pk}/personen/{cast.bob.pk}/schrappen/",
            f"/account/gemachtigden/personen/{cast.bob.pk}/",
        ],
        cast.admin: ["/account/beoordeling/", "/account/toegangsbeheer/"],
        cast.users[Role.MAIN_ACCESS_MANAGER]: [
            f"/account/organisaties/{circle.pk}/toegangsbeheer/",
            f"/account/organisaties/{circle.pk}/contactpersonen/",
        ],
    }
    page.set_viewport_size({"width": 360, "height": 740})
    found = {}
    for user, paths in pages.items():
        page.context.clear_cookies()
        force_login(page, live_server.url, user)
        for path in paths:
            page.goto(live_server.url + path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            # Nothing wider than the phone: tables scroll inside their own box.
            overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
            violations = serious_accessibility_violations(page)
            if violations or overflow:
                found[path] = violations + (["page wider than 360 px"] if overflow else [])
    page.goto(f"{live_server.url}/account/organisaties/{circle.pk}/contactpersonen/")
    screenshot("contact-persons-phone")
    assert found == {}, found
