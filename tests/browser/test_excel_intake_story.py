"""The GP-list story in a real browser: an access manager downloads the template, uploads a
file with errors, reads the line-level errors, downloads the annotated report, fixes it, uploads
again, submits and sees the diff; the agency admin sees the submission and answers a help thread.
"""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from accounts.models import Role
from excel_intake import samples, services
from excel_intake.models import Submission, ValidationRun
from messaging import services as messaging
from tests.browser.helpers import force_login, log_in, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_GP = samples.formatted(samples.riziv_for(777))


def accepted_version_1(cast) -> Submission:  # noqa: ANN001
    buffer = io.BytesIO()
    samples.write_xlsx(samples.gp_rows(3, error_share=0, seed=11), buffer)
    run = ValidationRun.objects.create(
        circle=cast.organisations["circle_c"],
        uploaded_by=cast.users[Role.ACCESS_MANAGER],
        file_name="lijst-2024.xlsx",
        file_size=len(buffer.getvalue()),
        file_sha256="0" * 64,
        status=ValidationRun.Status.QUEUED,
    )
    run = services.validation_execute(run=run, data=buffer.getvalue())
    return services.submission_create(actor=cast.users[Role.ACCESS_MANAGER], run=run)


def test_access_manager_fixes_and_submits_the_list_and_the_agency_answers(
    live_server, page: Page, cast, screenshot, tmp_path
):
    accepted_version_1(cast)
    messaging.thread_start(
        actor=cast.users[Role.CIRCLE_USER],
        organisation=cast.organisations["circle_c"],
        subject="Hoe vul ik een duopraktijk in?",
        body="Kies ik duo of groep bij drie huisartsen?",
        topic="gp_list",
        handler=cast.organisations["agency"],
    )
    manager = cast.users[Role.ACCESS_MANAGER]
    log_in(page, live_server.url, manager.email)
    page.get_by_role("link", name=re.compile("Huisartsenlijst")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huisartsenlijst van Kring C")
    expect(page.get_by_text("Versie 1 is ingediend op")).to_be_visible()
    screenshot("circle-page")

    # 1. The template, prefilled with the accepted list.
    with page.expect_download() as download:
        page.get_by_role("link", name="Template downloaden (.xlsx)").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    workbook = load_workbook(template)
    sheet = workbook["Huisartsen"]
    assert sheet.max_row == 4  # header + the three GPs of version 1
    # The person edits the file in Excel: one GP changes hours, a new GP joins with mistakes.
    sheet["L2"] = 12.25
    sheet.append(
        [NEW_GP, "Nieuwe", "Nora", "Man", 1985, "Praktijk Zuid", "Zuidstraat", "3", "9000",
         "Gent", "solo", 95, "ja", "01/02/2025", None, None]
    )  # fmt: skip
    with_errors = tmp_path / "lijst-met-fouten.xlsx"
    workbook.save(with_errors)

    # 2. Upload: the errors per line.
    page.get_by_label("Je ingevulde lijst").set_input_files(with_errors)
    page.get_by_role("button", name="Opladen en controleren").click()
    expect(page.get_by_role("heading", name="Je lijst heeft 2 fouten")).to_be_visible()
    problems = page.locator("table.problems tbody tr")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("5")
    expect(problems.nth(0)).to_contain_text("“Man” kan niet in Geslacht")
    expect(problems.nth(1)).to_contain_text("95 uur per week kan niet")
    expect(page.get_by_role("link", name="Lijst indienen")).to_have_count(0)
    screenshot("errors")
    assert serious_accessibility_violations(page) == []

    # 3. The annotated report, fixed in "Excel" and uploaded again.
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download het rapport")).click()
    report = tmp_path / "rapport.xlsx"
    download.value.save_as(report)
    workbook = load_workbook(report)
    sheet = workbook["Huisartsen"]
    assert sheet["D5"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "Kies uit: M, V, X" in sheet["D5"].comment.text
    sheet["D5"] = "V"
    sheet["L5"] = 36.5
    fixed = tmp_path / "lijst-verbeterd.xlsx"
    workbook.save(fixed)
    page.get_by_role("link", name="Kring C").click()
    page.get_by_label("Je ingevulde lijst").set_input_files(fixed)
    page.get_by_role("button", name="Opladen en controleren").click()
    expect(page.get_by_role("heading", name="Je lijst heeft geen fouten")).to_be_visible()
    screenshot("no-errors")

    # 4. Submit and see what changed.
    page.get_by_role("link", name="Lijst indienen").click()
    expect(page.get_by_text("Deze lijst vervangt versie 1.")).to_be_visible()
    page.get_by_role("button", name="Ja, lijst indienen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kring C, versie 2")
    expect(page.get_by_text("Versie 2 is ingediend.")).to_be_visible()
    expect(page.get_by_role("heading", name="Wat veranderde sinds versie 1")).to_be_visible()
    expect(page.locator(".diff-added")).to_contain_text("Nieuwe Nora")
    expect(page.get_by_role("cell", name="Uren patiëntcontact per week")).to_be_visible()
    screenshot("diff")
    assert (
        Submission.objects.get(circle=cast.organisations["circle_c"], is_current=True).version == 2
    )

    # 5. The agency sees the submission and answers the help thread.
    page.context.clear_cookies()
    force_login(page, live_server.url, cast.admin)
    page.goto(live_server.url + "/")
    expect(page.get_by_text("1 nieuwe indiening")).to_be_visible()
    page.get_by_role("link", name=re.compile("Huisartsenlijsten")).click()
    row = page.get_by_role("row", name=re.compile("Kring C"))
    expect(row).to_contain_text("nieuw")
    expect(row).to_contain_text("versie 2")
    screenshot("agency-overview")
    assert serious_accessibility_violations(page) == []
    row.get_by_role("link", name="versie 2").click()
    expect(page.locator(".diff-added")).to_contain_text("Nieuwe Nora")

    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("Berichten")).click()
    page.get_by_role("link", name="Hoe vul ik een duopraktijk in?").click()
    expect(page.get_by_text("Kies ik duo of groep bij drie huisartsen?")).to_be_visible()
    page.get_by_label("Je bericht").fill("Kies groep: drie huisartsen zien samen patiënten.")
    page.get_by_role("button", name="Bericht versturen").click()
    expect(page.get_by_text("Je bericht is verstuurd.")).to_be_visible()
    expect(page.locator(".message-handler")).to_contain_text("Kies groep")
    screenshot("agency-reply")
    assert serious_accessibility_violations(page) == []
