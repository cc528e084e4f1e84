"""The client portal in real browsers, in Dutch: a parent on a phone (375 px) and the
practitioner on a desktop (1280 px).

The parent activates with the child's birth date and a password with a special character, sets
up TOTP, signs the agreement, switches to the child's portal (and makes it the preferred one),
downloads and approves a report and sends a message with an attachment; the practitioner answers
and starts the trajectory; after it ends, the parent's next click is refused and their next
login shows the closed-access page. Screenshots land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from accounts.models import Organisation, Role
from client_portal import services
from client_portal.models import Approval, Signature, Trajectory
from messaging.models import Thread
from messaging.tasks import notify_new_message
from tests.browser.helpers import force_login, serious_accessibility_violations
from tests.client_portal.factories import make_trajectory, pdf_upload
from tests.conftest import SCREENSHOTS
from tests.factories import member
from tests.helpers import fresh_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "Drie vrolijke olifanten dansen!"


def snap(page: Page, step: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"client-portal-{step}.png"), full_page=True)


def fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # noqa: ANN001, ANN202
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_parent_activates_signs_approves_and_writes_then_loses_access_when_it_ends(
    live_server, page: Page, browser: Browser, browser_context_args, cast, tmp_path
):
    base = live_server.url
    facility = cast.organisations["facility_f"]
    Organisation.objects.filter(pk=facility.pk).update(require_special_character=True)
    lies = member(Role.PRACTITIONER, facility, first_name="Lies", last_name="Behandelaar")
    trajectory = make_trajectory(
        facility,
        lies,
        age=9,
        first_name="Daan",
        parents=[services.NewPerson("mia@example.org", "Mia", "Peeters")],
    )
    services.document_share(
        actor=lies,
        trajectory=trajectory,
        kind="report",
        title="Intakeverslag",
        description="Wat we bespraken in het eerste gesprek.",
        file=pdf_upload("intakeverslag.pdf", "Intakeverslag"),
        approval_requested=True,
    )

    # 1. Mia opens the activation link on her phone: birth date, password, then TOTP.
    page.set_viewport_size(PHONE)
    invitation = next(m for m in mail.outbox if m.to == ["mia@example.org"])
    assert "wachtwoord:" not in invitation.body.lower()
    link = re.search(r"https?://\S+(/account/uitnodiging/[^\s/]+/)", invitation.body)[1]
    page.goto(base + link)
    expect(page.get_by_role("heading", name="Je account activeren")).to_be_visible()
    page.get_by_label("Geboortedatum van de cliënt").fill("2001-01-01")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_text("Dat klopt niet")).to_be_visible()
    page.get_by_label("Geboortedatum van de cliënt").fill(trajectory.client.birth_date.isoformat())
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_text("minstens één speciaal teken")).to_be_visible()
    snap(page, "01-activation-password")
    page.locator("#id_new_password1").fill("een lange zin zonder teken")
    page.locator("#id_new_password2").fill("een lange zin zonder teken")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.locator(".error-summary")).to_contain_text("speciaal teken")
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_text("Stel eerst tweestapsverificatie in")).to_be_visible()
    expect(page.get_by_text("Zorgportaal gebruikt geen geheime vraag")).to_be_visible()
    snap(page, "02-mfa-required")
    page.get_by_role("link", name="Authenticator-app instellen").click()
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label(re.compile("Authenticatorcode|Authenticator code", re.I)).fill(
        fresh_totp(secret, account="mia@example.org")
    )
    page.get_by_role("button", name=re.compile("Activeren|Activate", re.I)).click()

    # 2. Her own portal: the first thing to do is signing the agreement.
    page.goto(base + "/clientportaal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom terug, Mia")
    expect(page.get_by_text("Eerst te doen:")).to_be_visible()
    expect(page.get_by_text("geheime vraag")).to_be_visible()
    assert fits(page)
    snap(page, "03-own-portal-phone")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name="Naar Aan de slag").click()
    page.get_by_role("link", name=re.compile("Lees en onderteken")).first.click()
    expect(page.get_by_text("Overeenkomst tussen")).to_be_visible()
    page.get_by_label("Ik heb het document helemaal gelezen en ga akkoord").check()
    page.get_by_label("Handtekening: je volledige naam").fill("Mia Peeters")
    snap(page, "04-sign-agreement")
    page.get_by_role("button", name="Onderteken").click()
    expect(page.get_by_text("Je hebt 'Overeenkomst' ondertekend")).to_be_visible()
    assert Signature.objects.filter(user__email="mia@example.org").exists()

    # 3. Switch to Daan's portal and make it the one that opens first.
    page.get_by_role("link", name="Portaal wisselen").click()
    expect(page.get_by_role("heading", name="Kies een portaal")).to_be_visible()
    expect(page.get_by_role("cell", name="(zoon)")).to_be_visible()
    page.get_by_label("Daan Test").check()
    page.get_by_role("button", name="Bewaar mijn voorkeur").click()
    expect(page.get_by_text("Na het aanmelden opent voortaan Daan Test.")).to_be_visible()
    snap(page, "05-switch-portal")
    page.get_by_role("link", name=re.compile("Open het portaal van Daan Test")).click()
    expect(page.locator(".portal-name")).to_contain_text("Portaal van Daan")

    # 4. Download the report and agree with it.
    page.get_by_role("link", name="Verslagen", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verslagen")
    assert fits(page)
    snap(page, "06-reports-phone")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download.*Intakeverslag")).click()
    download = download_info.value
    assert download.suggested_filename == "intakeverslag.pdf"
    assert download.path().read_bytes().startswith(b"%PDF-")
    page.get_by_role("link", name="Intakeverslag", exact=True).click()
    page.get_by_label("Ik heb dit gelezen en ga akkoord").check()
    page.get_by_role("button", name="Ik ga akkoord").click()
    expect(page.get_by_text("Je gaf je akkoord. Je behandelaar ziet het meteen.")).to_be_visible()
    assert Approval.objects.filter(user__email="mia@example.org").exists()
    snap(page, "07-report-approved")

    # 5. A message with an attachment; the acute-help notice is on the page.
    page.get_by_role("link", name="Berichten").first.click()
    page.get_by_role("link", name="Nieuw bericht").click()
    expect(page.get_by_text("Dringend? Gebruik dan geen bericht.")).to_be_visible()
    page.get_by_label("Onderwerp").fill("Slaapproblemen")
    page.get_by_label("Je bericht").fill("Daan slaapt slecht sinds de vakantie. Zie bijlage.")
    diary = tmp_path / "slaapdagboek.txt"
    diary.write_text("maandag: om 3 uur wakker\ndinsdag: om 4 uur wakker\n")
    page.get_by_label("Bijlagen").set_input_files(str(diary))
    snap(page, "08-new-message")
    page.get_by_role("button", name="Bericht versturen").click()
    expect(page.get_by_text("Je bericht is verstuurd")).to_be_visible()
    expect(page.get_by_role("link", name="slaapdagboek.txt")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    thread = Thread.objects.get(subject="Slaapproblemen")
    notify_new_message(thread.messages.get().pk)  # the queued e-mail task, run here
    notice = next(m for m in mail.outbox if m.to == [lies.email])
    assert "slaapt slecht" not in notice.body

    # 6. Lies, on a desktop, answers and starts the trajectory (everyone signed).
    desk = browser.new_context(**browser_context_args).new_page()
    desk.set_viewport_size(DESKTOP)
    force_login(desk, base, lies)
    desk.goto(base + "/")
    desk.get_by_role("link", name=re.compile("Mijn trajecten")).click()
    desk.get_by_role("link", name="Daan Test").click()
    expect(desk.get_by_text("Iedereen heeft ondertekend")).to_be_visible()
    expect(desk.locator("#documents-title + div")).to_contain_text("Mia Peeters")
    snap(desk, "09-practitioner-trajectory")
    assert serious_accessibility_violations(desk) == []
    desk.get_by_role("link", name="Slaapproblemen").click()
    with desk.expect_download():
        desk.get_by_role("link", name="slaapdagboek.txt").click()
    desk.get_by_label("Je bericht").fill("Dank je. Laten we het volgende week bespreken.")
    desk.get_by_role("button", name="Bericht versturen").click()
    expect(desk.get_by_text("Je bericht is verstuurd.")).to_be_visible()
    desk.goto(base + f"/clientportaal/behandelaar/traject/{trajectory.pk}/")
    desk.get_by_role("link", name="Traject starten").click()
    desk.get_by_role("button", name="Start het traject").click()
    expect(desk.get_by_text("Het traject is gestart.")).to_be_visible()

    # Mia reads the answer (the unread count shows in her navigation bar).
    page.goto(base + "/clientportaal/")
    expect(page.locator(".portal-name")).to_contain_text("Portaal van Daan")  # preferred
    expect(page.locator(".nav-count").first).to_have_text(re.compile("1"))
    page.get_by_role("link", name=re.compile("Berichten")).first.click()
    page.get_by_role("link", name="Slaapproblemen").click()
    expect(page.get_by_text("Laten we het volgende week bespreken.")).to_be_visible()
    snap(page, "10-answer-read")
    assert thread.messages.count() == 2

    # 7. The trajectory ends: Mia's next click is refused; logging in shows why.
    desk.goto(base + f"/clientportaal/behandelaar/traject/{trajectory.pk}/")
    desk.get_by_role("link", name="Traject beëindigen").click()
    desk.get_by_label(re.compile("Ik begrijp dat de deelnemers")).check()
    snap(desk, "11-end-trajectory")
    desk.get_by_role("button", name="Beëindig het traject").click()
    expect(desk.get_by_text("de toegang tot het portaal is gesloten")).to_be_visible()
    assert Trajectory.objects.get(pk=trajectory.pk).access_closed_at is not None

    page.get_by_role("link", name="Dagboek", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("E-mail").fill("mia@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_label("Code").fill(fresh_totp(secret, account="mia@example.org"))
    page.get_by_role("button", name=re.compile("Aanmelden|Inloggen|Sign In", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Je toegang tot het cliëntportaal is afgesloten"
    )
    expect(page.get_by_text("Er is niets gewist.")).to_be_visible()
    assert fits(page)
    snap(page, "12-closed-phone")
    with page.expect_download() as export:
        page.get_by_role("link", name="Download je documenten (.zip)").click()
    assert export.value.suggested_filename.endswith(".zip")


def test_a_youth_uses_their_own_portal_on_a_desktop(live_server, page: Page, cast):
    """Jana (14): consents, a diary note shared with her practitioner, her appointments."""
    from datetime import timedelta

    from django.utils import timezone

    base = live_server.url
    facility = cast.organisations["facility_f"]
    lies = member(Role.PRACTITIONER, facility, first_name="Lies", last_name="Behandelaar")
    youth = cast.users[Role.YOUTH]
    jana = make_trajectory(facility, lies, age=14, first_name="Jana")
    services.participant_add(
        actor=lies,
        trajectory=jana,
        relation="client",
        email=youth.email,
        first_name=youth.first_name,
        last_name=youth.last_name,
    )
    start = timezone.now() + timedelta(days=2)
    services.appointment_create(
        actor=lies,
        trajectory=jana,
        starts_at=start,
        ends_at=start + timedelta(minutes=50),
        practitioner=lies,
        mode="video",
        note="Breng je dagboek mee.",
    )
    page.set_viewport_size(DESKTOP)
    force_login(page, base, youth)
    page.goto(base + "/")
    page.get_by_role("link", name=re.compile("Cliëntportaal")).first.click()
    expect(page.locator(".portal-name")).to_contain_text("Je portaal")
    expect(page.get_by_text("videogesprek")).to_be_visible()
    snap(page, "20-youth-home-desktop")
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name="Dossier").click()
    page.get_by_role("link", name=re.compile("Toestemming")).first.click()
    first = page.locator("fieldset").first
    first.get_by_label("Ja").check()
    page.get_by_role("button", name="Bewaar mijn toestemmingen").click()
    expect(page.get_by_text("Je toestemmingen zijn bewaard")).to_be_visible()
    expect(page.get_by_text(re.compile("Versie 1, door"))).to_be_visible()
    snap(page, "21-youth-consents")
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name="Dagboek", exact=True).click()
    page.get_by_label("Je notitie").fill("Vandaag ging de toets beter dan ik dacht.")
    page.get_by_label("Ik en mijn behandelaars").check()
    page.get_by_role("button", name="Bewaar notitie").click()
    expect(page.get_by_text("gedeeld met je behandelaars")).to_be_visible()
    snap(page, "22-youth-diary")
    assert serious_accessibility_violations(page) == []
