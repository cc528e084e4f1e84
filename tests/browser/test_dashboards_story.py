"""The dashboards in a real browser: Bob, authorised person at bureau A, opens the overview from
his home tile, opens the question about sessions and occupancy, asks for the figures per part of
day, reads the chart and its table, and downloads the table as .xlsx."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in, serious_accessibility_violations
from tests.dashboards.conftest import build_schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def schedule(cast):  # noqa: ANN001, ANN201
    """The hand-counted schedule of tests/dashboards/conftest.py."""
    return build_schedule(cast)


def test_an_authorised_person_reads_occupancy_per_part_of_day_and_downloads_it(
    live_server, page: Page, schedule, screenshot, tmp_path
):
    base = live_server.url
    log_in(page, base, schedule.bob.email)

    # 1. The home tile leads to the overview with a tile per question.
    page.get_by_role("link", name=re.compile("Dashboards consultatiebureaus")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboards consultatiebureaus")
    expect(page.locator(".dashboard-tiles .tile")).to_have_count(9)
    screenshot("overview")
    assert serious_accessibility_violations(page) == []

    # 2. The question about sessions, occupancy and no-shows.
    page.get_by_role("link", name=re.compile("3. Zittingen, bezetting")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "3. Zittingen, bezetting en vruchteloze contacten"
    )

    # 3. March and April 2025, per part of day.
    page.get_by_label("Periode").select_option(label="Zelf kiezen")
    page.get_by_label("Van").fill("2025-03-01")
    page.get_by_label("Tot en met").fill("2025-04-30")
    page.get_by_label("Indeling").select_option(label="Per dagdeel")
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_text("Organisator A, 1 bureau, van 1 maart 2025 tot en met 30 april 2025."))

    # 4. The chart is drawn and the table beside it holds the hand-counted figures.
    expect(page.locator(".chart-figure.chart-drawn")).to_have_count(1)
    expect(page.locator(".chart-figure .main-svg").first).to_be_visible()
    table = page.get_by_role("table", name=re.compile("Zittingen, bezetting en vruchteloze"))
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(3)
    # Morning: 2 sessions, 8 places, 7 taken = 87,5 %; 6 done, 1 no-show = 14,3 %.
    expect(rows.nth(0)).to_have_text(
        re.compile(r"voormiddag\s*2\s*8\s*7\s*87,5 %\s*6\s*1\s*14,3 %")
    )
    expect(rows.nth(1)).to_contain_text("66,7 %")  # afternoon: 2 of 3 places
    expect(rows.nth(2)).to_contain_text("50,0 %")  # evening: 2 of 4 places
    expect(table.locator("tfoot tr")).to_have_text(
        re.compile(r"Totaal\s*4\s*15\s*11\s*73,3 %\s*9\s*2\s*18,2 %")
    )
    expect(page.get_by_text("Hoe berekenen we dit?")).to_be_visible()
    expect(page.get_by_text("samenvattingstabellen (dagcijfers")).to_be_visible()
    screenshot("sessions-per-part-of-day")
    assert serious_accessibility_violations(page) == []

    # 5. The same table as .xlsx.
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Download als Excel \(\.xlsx")).click()
    path = tmp_path / "zittingen.xlsx"
    download.value.save_as(path)
    assert download.value.suggested_filename.startswith("dashboard-sessions-")
    sheet = load_workbook(path).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert values[0] == ["voormiddag", 2, 8, 7, 87.5, 6, 1, 14.3]
    assert values[1] == ["namiddag", 1, 3, 2, 66.7, 1, 1, 50.0]
    assert values[2] == ["avond", 1, 4, 2, 50.0, 2, 0, 0.0]
    assert values[3] == ["Totaal", 4, 15, 11, 73.3, 9, 2, 18.2]

    # 6. On a phone the table still fits (it scrolls within its own region).
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    expect(page.locator(".chart-figure.chart-drawn")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot("phone")
