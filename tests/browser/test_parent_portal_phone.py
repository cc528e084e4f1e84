"""On a phone (375 px wide), in Dutch: a parent logs in, reads the growth chart, fills in a
questionnaire, moves an appointment and downloads it for the calendar; a nurse plans a session
and records a visit with measurements and milestones."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from parent_portal import services
from parent_portal.models import Appointment, Measurement, Session
from tests.browser.helpers import force_login, log_in, serious_accessibility_violations
from tests.parent_portal.factories import (
    book,
    give_parent,
    make_child,
    make_questionnaire,
    make_session,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_parent_reads_growth_fills_a_questionnaire_and_moves_an_appointment(
    live_server, page: Page, cast, screenshot
):
    page.set_viewport_size(PHONE)
    bureau = cast.organisations["bureau_a"]
    nurse = cast.users[Role.PRACTITIONER]
    child = make_child(bureau, age_days=400, first_name="Noor")
    give_parent(child, cast.pat)
    for age, weight, length in (
        (30, 4.2, 53.0),
        (120, 6.3, 62.0),
        (274, 8.2, 70.0),
        (365, 9.0, 74.0),
    ):
        services.measurement_record(
            actor=nurse,
            child=child,
            measured_on=child.birth_date + timedelta(days=age),
            weight_kg=weight,
            length_cm=length,
        )
    session = make_session(bureau, practitioner=nurse, on=timezone.localdate() + timedelta(days=3))
    appointment = book(session, child)
    later = make_session(bureau, practitioner=nurse, on=timezone.localdate() + timedelta(days=10))
    assignment = services.questionnaire_assign(
        actor=nurse, child=child, questionnaire=make_questionnaire(), appointment=appointment
    )

    log_in(page, live_server.url, cast.pat.email)
    expect(page.get_by_text("Vul de vragenlijst van Noor in.")).to_be_visible()
    page.get_by_role("link", name=re.compile("Ouderportaal")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Noor Test")
    expect(page.get_by_text("Wat gebeurt er bij dit bezoek?")).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot("child")

    # Growth chart: the plotly figure is drawn, the centile explanation and table are there.
    page.get_by_role("link", name="Groei").click()
    expect(page.locator("#chart-weight")).to_have_text(
        "Groeit het gewicht van je kind zoals verwacht?"
    )
    expect(page.locator("[data-figure='figure-weight'] .main-svg").first).to_be_attached()
    expect(page.get_by_text("De lijnen zijn percentielen")).to_be_visible()
    page.get_by_text("Gewicht naar leeftijd: de cijfers als tabel").click()
    expect(page.locator("details.chart-table table").first).to_be_visible()
    screenshot("growth")
    assert serious_accessibility_violations(page) == []

    # Questionnaire: answer part 1 (the follow-up appears), stop, come back, finish, submit.
    page.get_by_role("link", name="Overzicht").click()
    page.get_by_role("link", name="Invullen").click()
    expect(page.get_by_text("Deel 1 van 2")).to_be_visible()
    follow_up = page.get_by_label("Wat was er aan de hand?")
    expect(follow_up).to_be_hidden()
    page.get_by_label("Nee", exact=True).check()
    expect(follow_up).to_be_visible()
    follow_up.fill("Een oorontsteking in oktober")
    screenshot("questionnaire-part-1")
    page.get_by_role("button", name="Bewaar en ga later verder").click()
    expect(page.get_by_text("Je antwoorden zijn bewaard")).to_be_visible()
    page.get_by_role("link", name="Verder invullen").click()
    expect(page.get_by_label("Wat was er aan de hand?")).to_have_value(
        "Een oorontsteking in oktober"
    )
    page.get_by_role("button", name="Bewaar en ga verder").click()
    page.get_by_label("Hoeveel uur slaapt je kind?").fill("11")
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Bewaar en controleer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer je antwoorden")
    screenshot("questionnaire-review")
    page.get_by_role("button", name="Dien de vragenlijst in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bedankt, je vragenlijst is ingediend"
    )
    assignment.response.refresh_from_db()
    assert assignment.response.is_submitted

    # Move the appointment to a free slot of the same bureau, then download the .ics.
    page.get_by_role("link", name="Terug naar Noor").click()
    page.get_by_role("link", name="Afspraken", exact=True).click()
    page.get_by_role("link", name="Afspraak verzetten").click()
    new_day = later.date.strftime("%d/%m/%Y")
    page.get_by_label(f"{new_day} 09:40").check()
    screenshot("move")
    page.get_by_role("button", name="Verzet de afspraak").click()
    expect(page.get_by_text("Je afspraak is verzet naar")).to_be_visible()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.POSTPONED_VIA_PORTAL
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"Agenda-bestand \(\.ics\)")).click()
    download = download_info.value
    assert download.suggested_filename == f"afspraak-{later.date:%Y-%m-%d}.ics"
    assert "BEGIN:VEVENT" in download.path().read_text(encoding="utf-8")
    assert no_horizontal_scroll(page)
    screenshot("appointments")
    assert serious_accessibility_violations(page) == []


def test_a_nurse_plans_a_session_and_records_a_visit(live_server, page: Page, cast, screenshot):
    page.set_viewport_size(PHONE)
    bureau = cast.organisations["bureau_a"]
    nurse = cast.users[Role.PRACTITIONER]
    child = make_child(bureau, age_days=280, first_name="Mats", sex="male")
    day = timezone.localdate()  # the visit is recorded on the day itself

    force_login(page, live_server.url, nurse)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("Weekplanning")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Weekplanning Bureau A")
    screenshot("week-empty")
    page.get_by_role("link", name="Zitting plannen").click()
    page.get_by_role("radio", name="verpleegkundige").check()
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Begin").fill("09:00")
    page.get_by_label("Einde").fill("11:00")
    page.get_by_label("Duur van een afspraak (minuten)").fill("20")
    screenshot("session-form")
    page.get_by_role("button", name="Plan de zitting").click()
    expect(page.get_by_text("De zitting is gepland.")).to_be_visible()
    session = Session.objects.get(bureau=bureau, date=day)
    assert (session.part_of_day, session.capacity) == ("morning", 6)

    page.get_by_label("Kind", exact=True).select_option(
        label=f"Test, Mats ({child.birth_date:%d/%m/%Y})"
    )
    page.get_by_label("Uur").select_option("09:20")
    page.get_by_role("button", name="Plan in").click()
    expect(page.get_by_text("De afspraak is gemaakt.")).to_be_visible()
    screenshot("session")
    page.get_by_role("link", name="Mats Test").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Mats Test —")
    page.get_by_role("link", name="Meting toevoegen").click()
    expect(page).to_have_url(re.compile(r"afspraak=\d+"))
    expect(page.get_by_text("Bij de afspraak van")).to_be_visible()
    page.get_by_label("Datum van de meting").fill(timezone.localdate().isoformat())
    page.get_by_label("Lengte (cm)").fill("71,5".replace(",", "."))
    page.get_by_label("Gewicht (kg)").fill("8.6")
    page.get_by_label("Hoofdomtrek (cm)").fill("45.0")
    screenshot("measurement")
    page.get_by_role("button", name="Bewaar de meting").click()
    expect(page.get_by_text("De meting is bewaard.")).to_be_visible()
    assert Measurement.objects.get(child=child).weight_kg == Decimal("8.600")

    page.get_by_role("link", name="Van Wiechen scoren").click()
    page.get_by_label("7. Pakt blokje over").select_option("+")
    page.get_by_label("9. Speelt met beide voeten — links").select_option("M")
    page.get_by_label("9. Speelt met beide voeten — rechts").select_option("M")
    screenshot("milestones")
    page.get_by_role("button", name="Bewaar de scores").click()
    expect(page.get_by_text("2 kenmerken bewaard.")).to_be_visible()

    page.get_by_label("Uitgevoerd").check()
    page.get_by_label("Verslag").fill("Groeit mooi. Volgende keer vaccinaties.")
    page.get_by_role("button", name="Bewaar de uitkomst").click()
    expect(page.get_by_text("De uitkomst is bewaard.")).to_be_visible()
    appointment = Appointment.objects.get(child=child)
    assert appointment.status == "done"
    assert appointment.measurements.count() == 1 and appointment.milestone_observations.count() == 2
    assert no_horizontal_scroll(page)
    screenshot("session-after")
    assert serious_accessibility_violations(page) == []
    page.goto(f"{live_server.url}/ouderportaal/medewerker/kind/{child.pk}/")
    expect(page.locator("[data-figure='figure-weight'] .main-svg").first).to_be_attached()
    screenshot("record")
    assert serious_accessibility_violations(page) == []
