"""The accessibility story in a real browser: the agency opens a round for every GP circle, a
circle user fills in half, the access manager completes and submits it, the agency closes the
round, and the circle reads its results beside Flanders (with the answers of all circles)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from accounts.models import Organisation, Role
from excel_intake import services as intake
from gp_accessibility import services
from gp_accessibility.models import ResultSet
from questionnaires import services as q_services
from questionnaires.models import RoundEntry
from tests.browser.helpers import force_login, serious_accessibility_violations
from tests.factories import OrganisationFactory, member
from tests.gp_accessibility.conftest import (
    AREAS,
    INDICATORS_2024,
    accept_list,
    gp_list_row,
    save_indicators,
)
from tests.questionnaires.factories import make_round_questionnaire, question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OTHER_ANSWERS = {"circle_d": "ja", "circle_e": "ja", "circle_f": "nee", "circle_g": "ja"}


def five_circles(cast) -> None:  # noqa: ANN001
    """Circles C-G with a care zone, an accepted GP list and indicators (see the conftest)."""
    o = cast.organisations
    for key in ("circle_e", "circle_f", "circle_g"):
        o[key] = OrganisationFactory(
            name=f"Kring {key[-1].upper()}", kind=Organisation.Kind.GP_CIRCLE
        )
    for key, codes in AREAS.items():
        intake.circle_area_set(
            actor=cast.admin, circle=o[key], postal_codes=codes, care_zone="Zone"
        )
    places = {"circle_c": "9000", "circle_d": "8000", "circle_e": "3000", "circle_f": "9300",
              "circle_g": "8500"}  # fmt: skip
    for number, (key, postal_code) in enumerate(places.items()):
        rows = [
            gp_list_row(10 * number + 1, postal_code, 38, "ja"),
            gp_list_row(10 * number + 2, postal_code, 19, "nee"),
        ]
        accept_list(o[key], cast.admin, rows)
    save_indicators(cast.admin, INDICATORS_2024)


def others_submit(cast, questionnaire) -> None:  # noqa: ANN001
    for key, accepts in OTHER_ANSWERS.items():
        entry = RoundEntry.objects.get(organisation=cast.organisations[key])
        manager = member(Role.ACCESS_MANAGER, cast.organisations[key])
        values = {
            question(questionnaire, "nieuwe_patienten").pk: accepts,
            question(questionnaire, "wachttijd_dagen").pk: 3,
        }
        if accepts != "ja":
            values[question(questionnaire, "stop_reden").pk] = ["tekort"]
        q_services.round_answers_save(actor=manager, entry=entry, values=values)
        q_services.round_entry_submit(actor=manager, entry=entry)


def test_a_round_from_opening_to_the_circles_results_beside_flanders(
    live_server, page: Page, cast, screenshot
):
    five_circles(cast)
    questionnaire = make_round_questionnaire(code=settings.GP_ACCESSIBILITY_QUESTIONNAIRE)
    base = live_server.url

    # 1. The agency opens a round for every GP circle.
    force_login(page, base, cast.admin)
    page.goto(base + "/")
    page.get_by_role("link", name=re.compile("Vragenlijstrondes")).click()
    page.get_by_role("link", name="Nieuwe ronde openen").click()
    page.get_by_label("Vragenlijst").select_option(label=questionnaire.title)
    page.get_by_label("Naam van de ronde").fill("Toegankelijkheid huisartsenzorg 2026")
    page.get_by_label("Alle huisartsenkringen").check()
    screenshot("agency-opens-round")
    page.get_by_role("button", name="Ronde openen").click()
    expect(page.get_by_text("De ronde is geopend voor 5 organisaties.")).to_be_visible()
    expect(page.get_by_text("0 van 5 organisaties hebben ingediend")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    others_submit(cast, questionnaire)

    # 2. A circle user fills in the first part and stops.
    page.context.clear_cookies()
    force_login(page, base, cast.users[Role.CIRCLE_USER])
    page.goto(base + "/")
    expect(page.get_by_text("1 vragenlijst in te dienen")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Vragenlijsten")).click()
    page.get_by_role("link", name=re.compile("Invullen: Toegankelijkheid")).click()
    page.get_by_role("link", name="Begin met invullen").click()
    expect(page.get_by_text("Waarom niet (altijd)?")).to_be_hidden()
    page.get_by_label("Beperkt").check()
    expect(page.get_by_text("Waarom niet (altijd)?")).to_be_visible()  # the show-if condition
    page.get_by_label("Werkdruk").check()
    expect(page.get_by_text("Je antwoorden zijn bewaard.")).to_be_visible()  # saved as you go
    screenshot("circle-user-first-part")
    page.get_by_role("button", name="Bewaar en ga later verder").click()
    expect(page.get_by_text("Voortgang: nog 1 verplichte vraag open")).to_be_visible()
    expect(page.get_by_text("Indienen doet een (hoofd)toegangsbeheerder")).to_be_visible()
    screenshot("circle-user-progress")

    # 3. The access manager completes it and submits once.
    page.context.clear_cookies()
    force_login(page, base, cast.users[Role.ACCESS_MANAGER])
    page.goto(base + "/")
    page.get_by_role("link", name="Vragenlijst openen").click()
    page.get_by_role("link", name="Verder invullen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachttijd")
    page.get_by_label("Hoeveel dagen wacht een patiënt op een niet-dringende afspraak?").fill("6")
    page.get_by_role("button", name="Bewaar en controleer").click()
    expect(page.get_by_text("Beperkt", exact=True)).to_be_visible()
    expect(page.get_by_text("Werkdruk", exact=True)).to_be_visible()
    screenshot("access-manager-review")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Dien de vragenlijst in").click()
    expect(page.get_by_role("heading", name="Bedankt, de vragenlijst is ingediend")).to_be_visible()
    page.get_by_role("link", name="Afdrukbare kopie").click()
    expect(page.get_by_text(re.compile("Ingediend op .* door"))).to_be_visible()
    screenshot("printable-copy")

    # 4. The agency sees every circle submitted and closes the round.
    page.context.clear_cookies()
    force_login(page, base, cast.admin)
    page.goto(base + "/vragenlijsten/rondes/")
    page.get_by_role("link", name="Toegankelijkheid huisartsenzorg 2026").click()
    expect(page.get_by_text("5 van 5 organisaties hebben ingediend")).to_be_visible()
    screenshot("agency-status")
    page.get_by_role("link", name="Ronde afsluiten").click()
    page.get_by_role("button", name="Ja, ronde afsluiten").click()
    expect(page.get_by_text("De ronde is afgesloten.")).to_be_visible()
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        # With a broker the closing queued the job for a worker (tested in
        # test_celery_worker-style tests); run the same job here.
        services.results_compute(reason=ResultSet.Reason.ROUND_CLOSED)
    assert ResultSet.objects.filter(reason="round_closed").exists()

    # 5. The circle reads its results beside Flanders.
    page.context.clear_cookies()
    force_login(page, base, cast.users[Role.CIRCLE_USER])
    page.goto(base + "/")
    page.get_by_role("link", name=re.compile("Toegankelijkheid huisartsenzorg")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Toegankelijkheid van de huisartsenzorg in Kring C"
    )
    supply = page.get_by_role("table", name="Zorgaanbod van je kring naast Vlaanderen")
    expect(
        supply.get_by_role("row", name=re.compile("^Huisartsen per 1.000 inwoners"))
    ).to_contain_text("0,20")
    expect(page.locator("#supply-title ~ .chart-and-table .chart-figure svg").first).to_be_visible()
    answers = page.get_by_role("table", name=re.compile("Antwoorden in"))
    expect(answers).to_contain_text("Beperkt (jouw antwoord)")
    expect(answers).to_contain_text("60%")  # three of the five circles answered "Ja"
    for other in ("Kring D", "Kring E", "Kring F", "Kring G"):
        expect(page.get_by_text(other)).to_have_count(0)
    screenshot("circle-results")
    assert serious_accessibility_violations(page) == []
