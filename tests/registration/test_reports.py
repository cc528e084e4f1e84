"""Report pages and downloads: stored results, scoped per role, pseudonymised outside research."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import Role
from registration import services
from registration.models import AnalysisRun, TimeEntry

from .conftest import activity, add_provider, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysed(cast, study, travel):  # noqa: ANN001, ANN201
    """The hand-computed study of test_analysis, analysed."""
    f, g = (
        study.participations.get(facility=cast.organisations[k])
        for k in ("facility_f", "facility_g")
    )
    p1 = add_provider(f, email="p1@example.org", hours="30", monthly_cost="3900")
    p2 = add_provider(
        f, email="p2@example.org", hours="30", monthly_cost="2600", care_function="social_worker"
    )
    p3 = add_provider(g, email="p3@example.org", hours="30", monthly_cost="5200")
    rows = [
        (p1, date(2024, 10, 14), ("treatment", "direct_contact"), 360),
        (p1, date(2024, 10, 15), ("treatment", "team_meeting"), 120),
        (p2, date(2024, 10, 22), ("intake", "direct_contact"), 240),
        (p2, date(2024, 10, 23), ("treatment", "team_meeting"), 240),
        (p3, date(2024, 10, 16), ("treatment", "direct_contact"), 180),
        (p3, date(2024, 10, 16), ("diagnostics", "direct_contact"), 60),
    ]
    TimeEntry.objects.bulk_create(
        TimeEntry(provider=p, day=d, activity=activity(*a), minutes=m) for p, d, a, m in rows
    )
    travel(date(2024, 12, 16))
    run = AnalysisRun.objects.create(study=study)
    services.analysis_execute(run_id=run.pk)
    return study


def report_url(study, cast, key="facility_f", name="facility_report"):  # noqa: ANN001, ANN201
    return reverse(f"registration:{name}", args=[study.pk, cast.organisations[key].pk])


def test_the_director_reads_the_facility_report_with_costs(cast, analysed):
    client = login(cast.users[Role.FACILITY_DIRECTOR])
    text = client.get(report_url(analysed, cast)).content.decode()
    assert "Analyserapport: Voorziening F" in text
    assert "75,0 %" in text and "80,0 %" in text  # treatment: time and cost share
    assert "56,2 %" in text or "56,3 %" in text  # direct contact's cost within treatment
    assert "ZV-" in text and "Kost per uur" in text and "€ 30,00" in text
    assert "Hoe berekenen we dit?" in text
    assert 'data-figure="fig-clusters"' in text and 'id="fig-clusters"' in text
    assert "vendor/plotly/plotly.min.js" in text
    # Benchmark beside the sector: intake 25 % here, sector mean 12,5 %.
    assert "12,5 %" in text


def test_another_facilitys_report_is_not_found_for_the_director(cast, analysed):
    client = login(cast.users[Role.FACILITY_DIRECTOR])
    assert client.get(report_url(analysed, cast, "facility_g")).status_code == 404
    assert client.get(reverse("registration:sector_report", args=[analysed.pk])).status_code == 403


def test_the_agency_admin_sees_pseudonyms_and_no_provider_costs(cast, analysed):
    client = login(cast.users[Role.AGENCY_ADMIN])
    text = client.get(report_url(analysed, cast)).content.decode()
    assert "Analyserapport: VZ-" in text
    assert "Voorziening F" not in text.split("<main")[1]
    assert "Kost per uur" not in text
    sector = client.get(reverse("registration:sector_report", args=[analysed.pk])).content.decode()
    assert "Sectorrapport" in sector and "VZ-" in sector
    assert "Voorziening G" not in sector.split("<main")[1]
    assert "(gepseudonimiseerd)" in sector


def test_researchers_see_facility_names_in_the_sector_report(cast, analysed):
    client = login(cast.users[Role.RESEARCHER])
    sector = client.get(reverse("registration:sector_report", args=[analysed.pk])).content.decode()
    assert "Voorziening F" in sector and "Voorziening G" in sector
    assert "78,6 %" in sector  # pooled cost share of treatment: 440 / 560


def test_the_xlsx_download_holds_the_same_tables(cast, analysed):
    client = login(cast.users[Role.FACILITY_DIRECTOR])
    page = client.get(report_url(analysed, cast)).content.decode()
    assert "Download als Excel (.xlsx," in page
    response = client.get(report_url(analysed, cast, name="facility_report_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:3] == ["Clusters", "Activiteiten", "Zorgprofielen"]
    clusters = {row[0]: row for row in book["Clusters"].iter_rows(min_row=2, values_only=True)}
    assert clusters["Gespecialiseerde behandeling"][1:] == (12.0, 0.75, 320.0, 0.8)
    assert "Kost per uur" in [c.value for c in book["Zorgverleners"][1]]


def test_the_agency_xlsx_has_no_provider_costs(cast, analysed):
    client = login(cast.users[Role.AGENCY_ADMIN])
    response = client.get(report_url(analysed, cast, name="facility_report_xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "Kost per uur" not in [c.value for c in book["Zorgverleners"][1]]
    sector = client.get(reverse("registration:sector_report_xlsx", args=[analysed.pk]))
    assert "Voorzieningen" in openpyxl.load_workbook(io.BytesIO(sector.content)).sheetnames


def test_the_sensitivity_page_recomputes_totals(cast, analysed):
    client = login(cast.users[Role.AGENCY_ADMIN])
    url = reverse("registration:sensitivity", args=[analysed.pk])
    page = client.get(url).content.decode()
    assert 'value="activity:treatment:team_meeting" selected' in page  # the seed's example first
    # Treatment: direct contact 9 h (€ 300), team meeting 6 h (€ 140) = 40 % of the time.
    # To 50 %: +1,5 h → 110 %; team meeting's cost × 1,25 = € 175 → € 475 / € 440 = 108,0 %.
    text = client.get(
        url, {"basis": "all", "item": "activity:treatment:team_meeting", "share": "50"}
    ).content.decode()
    assert "110,0 %" in text and "108,0 %" in text
    assert "+8,0 %" in text  # cost change of the total
    text = client.get(
        url, {"basis": "all", "item": "activity:treatment:team_meeting", "share": "-3"}
    ).content.decode()
    assert "Een aandeel kan niet negatief zijn." in text
    text = client.get(
        url, {"basis": "all", "item": "cluster:intake", "share": "17,5"}
    ).content.decode()
    assert "Intake" in text or "Aanmelding en intake" in text


def test_starting_an_analysis_queues_it_and_shows_progress(
    cast, study, django_capture_on_commit_callbacks
):
    client = login(cast.users[Role.AGENCY_ADMIN])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("registration:analysis_run", args=[study.pk]))
    assert response.status_code == 302 and len(callbacks) == 1
    run = AnalysisRun.objects.get()
    assert run.status == "queued"
    page = client.get(reverse("registration:study_detail", args=[study.pk])).content.decode()
    assert "De analyse loopt" in page and "<progress" in page
    status = client.get(reverse("registration:analysis_status", args=[study.pk])).json()
    assert status["status"] == "queued" and status["percent"] == 0


def test_only_the_agency_starts_analyses_and_charlie_is_refused(cast, study):
    for user in (cast.users[Role.FACILITY_DIRECTOR], cast.users[Role.CARE_PROVIDER], cast.charlie):
        assert (
            login(user).post(reverse("registration:analysis_run", args=[study.pk])).status_code
            == 403
        )
    assert not AnalysisRun.objects.exists()


def test_the_director_is_told_when_there_is_no_report_yet(cast, study):
    text = login(cast.users[Role.FACILITY_DIRECTOR]).get(report_url(study, cast)).content.decode()
    assert "Het rapport is er nog niet" in text


def test_plotly_is_served_from_the_installed_package_with_its_stylesheet(client):
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/plotly/plotly.min.js").endswith("plotly.min.js")
    css = finders.find("vendor/plotly/plotly.css")
    text = open(css, encoding="utf-8").read()  # noqa: PTH123, SIM115
    assert ".js-plotly-plot .plotly .main-svg{position:absolute" in text
    assert "outline:none" not in text  # focus stays visible on the chart's buttons
    assert client.get("/static/vendor/plotly/plotly.min.js").status_code == 200
