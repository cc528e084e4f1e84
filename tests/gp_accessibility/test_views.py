"""The result pages, downloads and the indicator upload, as the circle and the agency see them.
A circle sees its own figures beside Flanders, never another circle's."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from gp_accessibility import services
from gp_accessibility.models import IndicatorUpload, IndicatorValue
from tests.factories import member
from tests.gp_accessibility.helpers import indicator_row, xlsx

MAM, AM, CU = Role.MAIN_ACCESS_MANAGER, Role.ACCESS_MANAGER, Role.CIRCLE_USER


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def circle_url(circle) -> str:  # noqa: ANN001
    return reverse("gp_accessibility:circle", args=[circle.pk])


def test_a_circle_sees_its_figures_beside_flanders_and_never_another_circle(computed):
    w = computed.world
    page = client_for(w.users[CU]).get(circle_url(w.organisations["circle_c"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Toegankelijkheid van de huisartsenzorg in Kring C" in text
    # Own figures: 3 GPs, 0,30 per 1,000, 30 per 100,000 (below the agency's criterion).
    assert '<td class="number own">0,30' in text
    assert "minder dan 90 huisartsen per 100.000 inwoners" in text
    # Flanders: the median of residents over five circles is 10.000, the middle half 9.000-10.000.
    assert '<td class="number">10.000</td>' in text and "9.000 – 10.000" in text
    # The questionnaire: own answer and the share over the five circles.
    assert "Beperkt <strong>(jouw antwoord)</strong>" in text
    assert 'value="0.6"' in text  # 60% of the circles answered "ja"
    assert "Opmerking van circle_c" in text
    for other in ("Kring D", "Kring E", "Kring F", "Kring G", "Opmerking van circle_d"):
        assert other not in text
    assert 'data-figure="supply-figure"' in text and 'id="supply-figure"' in text
    assert "vendor/plotly/plotly.min.js" in text


def test_another_circles_page_and_download_are_not_found(computed):
    w = computed.world
    user = client_for(w.users[CU])
    other = w.organisations["circle_d"]
    assert user.get(circle_url(other)).status_code == 404
    url = reverse("gp_accessibility:circle_download", args=[other.pk])
    assert user.get(url).status_code == 404
    charlie = client_for(w.charlie)
    assert charlie.get(circle_url(w.organisations["circle_c"])).status_code == 403
    assert charlie.get(reverse("gp_accessibility:overview")).status_code == 403


def test_aggregates_over_fewer_than_five_circles_are_not_shown(gp_world):
    from excel_intake.models import CircleArea

    two = [gp_world.organisations[k] for k in ("circle_f", "circle_g")]
    CircleArea.objects.filter(circle__in=two).update(postal_codes=[])
    services.results_compute(reason="manual")
    text = client_for(gp_world.users[CU]).get(circle_url(gp_world.organisations["circle_c"]))
    text = text.content.decode()
    assert "niet getoond: minder dan 5 kringen" in text
    assert "9.000 – 10.000" not in text


def test_the_circle_download_has_the_same_figures(computed):
    w = computed.world
    response = client_for(w.users[AM]).get(
        reverse("gp_accessibility:circle_download", args=[w.organisations["circle_c"].pk])
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    supply = {row[0]: row for row in workbook["Zorgaanbod"].values}
    assert supply["Huisartsen per 1.000 inwoners"][2] == pytest.approx(0.3)
    assert supply["Huisartsen per 1.000 inwoners"][3] == pytest.approx(0.125)  # Flemish median
    need = {row[0]: row for row in workbook["Zorgnood"].values}
    assert need["Inwoners"][2:7] == (10_000, 10_000, 9_000, 10_000, 5)
    questions = list(workbook["Vragenlijst"].values)
    assert questions[1][1] == "Beperkt"
    assert "Ja: 60%" in questions[1][2]
    names = {cell for sheet in workbook for row in sheet.values for cell in row}
    assert not names & {"Kring D", "Kring E", "Kring F", "Kring G"}


def test_the_agency_sorts_and_filters_every_circle(computed):
    w = computed.world
    agency = client_for(w.admin)
    page = agency.get(reverse("gp_accessibility:overview"), {"sorteer": "naam"})
    text = page.content.decode()
    order = [text.index(f">Kring {x}</a>") for x in "CDEFG"]
    assert order == sorted(order)
    assert 'aria-sort="ascending"' in text
    assert "samengestelde score" in text and "standaardafwijking over de kringen" in text
    assert 'data-figure="composite-figure"' in text and 'data-figure="distribution-figure"' in text
    filtered = agency.get(reverse("gp_accessibility:overview"), {"tekort": "on"}).content.decode()
    assert "5 van 5 kringen." in filtered  # all five are below 90 per 100,000 here
    zone = agency.get(reverse("gp_accessibility:overview"), {"zoek": "zone d"}).content.decode()
    assert "1 van 5 kringen." in zone and ">Kring D</a>" in zone


def test_the_agency_download_lists_every_circle(computed):
    w = computed.world
    response = client_for(w.admin).get(reverse("gp_accessibility:overview_download"))
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Kringen"].values)
    assert [r[0] for r in rows[1:]] == ["Kring C", "Kring D", "Kring E", "Kring F", "Kring G"]
    assert rows[0][-4:] == ("Samengestelde score", "Rang", "Laag aanbod én hoge nood",
                            "Tekort volgens de criteria")  # fmt: skip


def test_the_agency_uploads_indicators_fixes_them_and_saves(gp_world):
    agency = client_for(gp_world.admin)
    bad = xlsx([indicator_row("44021", "Gent", 2025), indicator_row("99999", "", 2025, "+1+1")])
    response = agency.post(
        reverse("gp_accessibility:indicator_upload"),
        {"file": SimpleUploadedFile("cijfers.xlsx", bad)},
    )
    upload = IndicatorUpload.objects.latest("uploaded_at")
    assert response.url == reverse("gp_accessibility:indicator_check", args=[upload.pk])
    page = agency.get(response.url).content.decode()
    assert "Het bestand heeft 2 fouten" in page
    assert "NIS-code 99999 is geen Belgische gemeente" in page
    assert "Cijfers opslaan" not in page
    report = agency.get(reverse("gp_accessibility:indicator_report", args=[upload.pk]))
    sheet = load_workbook(io.BytesIO(report.content))["Indicatoren"]
    assert sheet["D3"].value == "'+1+1"  # text a spreadsheet would run as a formula
    refused = agency.post(reverse("gp_accessibility:indicator_save", args=[upload.pk]))
    assert refused.status_code == 302
    assert not IndicatorValue.objects.filter(year=2025).exists()

    good = xlsx([indicator_row("44021", "Gent", 2025, 11_000, 50)])
    response = agency.post(
        reverse("gp_accessibility:indicator_upload"),
        {"file": SimpleUploadedFile("cijfers.xlsx", good)},
    )
    page = agency.get(response.url).content.decode()
    assert "Het bestand heeft geen fouten" in page
    assert "Opslaan vervangt alle opgeslagen cijfers van 2025" in page
    upload = IndicatorUpload.objects.latest("uploaded_at")
    agency.post(reverse("gp_accessibility:indicator_save", args=[upload.pk]))
    assert IndicatorValue.objects.get(year=2025).population == 11_000
    overview = agency.get(reverse("gp_accessibility:indicators")).content.decode()
    assert "2025" in overview and "1 van 304" in overview


def test_a_circle_cannot_reach_the_indicators(gp_world):
    user = client_for(gp_world.users[MAM])
    assert user.get(reverse("gp_accessibility:indicators")).status_code == 403
    response = user.post(
        reverse("gp_accessibility:indicator_upload"),
        {"file": SimpleUploadedFile("x.xlsx", xlsx([indicator_row("44021")]))},
    )
    assert response.status_code == 403
    assert not IndicatorUpload.objects.filter(uploaded_by=gp_world.users[MAM]).exists()


def test_a_member_of_two_circles_chooses_one(gp_world):
    both = member(CU, gp_world.organisations["circle_c"])
    from accounts.models import Membership

    Membership.objects.create(user=both, organisation=gp_world.organisations["circle_d"], role=CU)
    page = client_for(both).get(reverse("gp_accessibility:index"))
    assert page.status_code == 200
    assert "Kring C" in page.content.decode() and "Kring D" in page.content.decode()


def test_the_template_has_the_columns_and_instructions(gp_world):
    response = client_for(gp_world.admin).get(reverse("gp_accessibility:indicator_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    header = next(workbook["Indicatoren"].values)
    assert header[:5] == ("NIS-code", "Naam", "Jaar", "Inwoners", "Oppervlakte (km²)")
    assert workbook["zorgportaal"].sheet_state == "veryHidden"
    assert "NIS-codes van 1 januari 2025" in " ".join(
        str(row[0]) for row in workbook["Uitleg"].values
    )


def test_the_api_gives_a_circle_its_own_results_and_refuses_another(computed):
    w = computed.world
    user = client_for(w.users[CU])
    own = user.get(reverse("gp_accessibility_api:circle", args=[w.organisations["circle_c"].pk]))
    data = own.json()
    assert data["circle"]["circle"] == "Kring C"
    assert data["circle"]["figures"]["gps_per_1000"] == pytest.approx(0.3)
    assert data["flanders"]["population"] == {
        "n": 5, "suppressed": False, "median": 10_000, "p25": 9_000, "p75": 10_000,
    }  # fmt: skip
    assert "min" not in data["flanders"]["population"]  # never an individual circle's value
    assert data["answers"]["nieuwe_patienten"] == "beperkt"
    assert "Kring D" not in own.content.decode()
    other = reverse("gp_accessibility_api:circle", args=[w.organisations["circle_d"].pk])
    assert user.get(other).status_code == 404
    assert user.get(reverse("gp_accessibility_api:results")).status_code == 403
    agency = client_for(w.admin).get(reverse("gp_accessibility_api:results")).json()
    assert [c["circle"] for c in agency["circles"]] == [f"Kring {x}" for x in "CDEFG"]
    assert client_for(w.charlie).get(other).status_code == 403
