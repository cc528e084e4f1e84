"""The circle's pages in Dutch: upload, line-level problems, report, submit, diff; the agency."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from excel_intake import samples
from excel_intake.columns import MARKER_SHEET, TEMPLATE_VERSION
from excel_intake.models import Submission, SubmissionRow, ValidationRun
from excel_intake.tasks import notify_agency_of_submission

from .conftest import good_row, xlsx
from .helpers import client_for, upload

pytestmark = pytest.mark.django_db

BAD_ROWS = [
    good_row(),
    good_row(riziv_number="1-01857-48-004", sex="Man", hours_per_week=95),
    good_row(riziv_number="1-08290-58-004"),
]
NEW_GP = samples.formatted(samples.riziv_for(5))
GOOD_ROWS = [good_row(), good_row(riziv_number="1-01857-48-004", first_name="Bart", sex="M")]


def run_of(response) -> ValidationRun:  # noqa: ANN001
    assert response.status_code == 302, response.content[:300]
    return ValidationRun.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def test_the_access_manager_uploads_a_file_with_errors_and_sees_them_per_line(cast):
    manager = cast.users[Role.ACCESS_MANAGER]
    client = client_for(manager)
    circle = cast.organisations["circle_c"]
    run = run_of(upload(client, circle, xlsx(BAD_ROWS)))
    page = client.get(reverse("excel_intake:run", args=[run.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Je lijst heeft 3 fouten" in text
    assert "“Man” kan niet in Geslacht" in text
    assert "95 uur per week kan niet" in text
    assert "De controlecijfers van RIZIV-nummer" in text
    assert "Lijst indienen" not in text
    filtered = client.get(reverse("excel_intake:run", args=[run.pk]) + "?regel=choice")
    assert "“Man”" in filtered.content.decode()
    assert "95 uur" not in filtered.content.decode()


def test_the_annotated_report_highlights_and_comments_the_offending_cells(cast):
    client = client_for(cast.users[Role.CIRCLE_USER])
    run = run_of(upload(client, cast.organisations["circle_c"], xlsx(BAD_ROWS)))
    response = client.get(reverse("excel_intake:run_report", args=[run.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Huisartsen"]
    sex = sheet["D3"]
    assert sex.value == "Man"
    assert sex.fill.fgColor.rgb.endswith("FFC7CE")
    assert "Kies uit: M, V, X" in sex.comment.text
    assert sheet["D2"].comment is None
    assert workbook[MARKER_SHEET]["B1"].value == TEMPLATE_VERSION
    problems = workbook["Problemen"]
    assert problems.max_row == 1 + 3


def test_a_fixed_file_is_submitted_as_version_1_then_version_2_shows_the_diff(cast):
    manager = cast.users[Role.ACCESS_MANAGER]
    client = client_for(manager)
    circle = cast.organisations["circle_c"]
    run = run_of(upload(client, circle, xlsx(GOOD_ROWS)))
    page = client.get(reverse("excel_intake:run", args=[run.pk])).content.decode()
    assert "Je lijst heeft geen fouten" in page
    assert client.get(reverse("excel_intake:submit", args=[run.pk])).status_code == 200
    assert not mail.outbox
    response = client.post(reverse("excel_intake:submit", args=[run.pk]))
    assert response.status_code == 302
    first = Submission.objects.get(circle=circle)
    assert first.version == 1 and first.row_count == 2 and first.is_current
    assert SubmissionRow.objects.filter(submission=first).count() == 2

    changed = [good_row(hours_per_week=20), good_row(riziv_number=NEW_GP, last_name="Nieuw")]
    run2 = run_of(upload(client, circle, xlsx(changed)))
    client.post(reverse("excel_intake:submit", args=[run2.pk]))
    second = Submission.objects.get(circle=circle, version=2)
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert (second.added_count, second.removed_count, second.changed_count) == (1, 1, 1)
    page = client.get(reverse("excel_intake:version", args=[circle.pk, 2])).content.decode()
    assert "Wat veranderde sinds versie 1" in page
    assert "Nieuw" in page and "Uren patiëntcontact per week" in page


def test_the_agency_is_told_of_a_submission_without_personal_data(
    cast, django_capture_on_commit_callbacks
):
    client = client_for(cast.users[Role.ACCESS_MANAGER])
    run = run_of(upload(client, cast.organisations["circle_c"], xlsx(GOOD_ROWS)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("excel_intake:submit", args=[run.pk]))
    assert callbacks  # queued after the commit (with other apps' listeners); run here eagerly
    notify_agency_of_submission(Submission.objects.get().pk)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert cast.users[Role.AGENCY_ADMIN].email in message.to
    assert "Kring C" in message.subject
    for personal in ("Peeters", "08290", "an.peeters"):
        assert personal not in message.body
    overview = client_for(cast.admin).get(reverse("excel_intake:overview")).content.decode()
    assert "nieuw" in overview and "ingediend op" in overview


def test_a_circle_user_can_check_but_not_submit(cast):
    client = client_for(cast.users[Role.CIRCLE_USER])
    run = run_of(upload(client, cast.organisations["circle_c"], xlsx(GOOD_ROWS)))
    page = client.get(reverse("excel_intake:run", args=[run.pk])).content.decode()
    assert "Een toegangsbeheerder van je kring kan deze lijst nu indienen" in page
    assert client.post(reverse("excel_intake:submit", args=[run.pk])).status_code == 403
    assert not Submission.objects.exists()


def test_a_file_with_errors_cannot_be_submitted(cast):
    client = client_for(cast.users[Role.ACCESS_MANAGER])
    run = run_of(upload(client, cast.organisations["circle_c"], xlsx(BAD_ROWS)))
    response = client.post(reverse("excel_intake:submit", args=[run.pk]))
    assert response.status_code == 302
    assert not Submission.objects.exists()


def test_charlie_and_another_circle_are_refused(cast):
    run = run_of(
        upload(
            client_for(cast.users[Role.ACCESS_MANAGER]),
            cast.organisations["circle_c"],
            xlsx(GOOD_ROWS),
        )
    )
    charlie = client_for(cast.charlie)
    assert charlie.get(reverse("excel_intake:run", args=[run.pk])).status_code == 403
    assert upload(charlie, cast.organisations["circle_c"], xlsx(GOOD_ROWS)).status_code == 403
    other = client_for(_member_of_d(cast))
    assert other.get(reverse("excel_intake:run", args=[run.pk])).status_code == 404
    assert other.post(reverse("excel_intake:submit", args=[run.pk])).status_code == 404
    assert upload(other, cast.organisations["circle_c"], xlsx(GOOD_ROWS)).status_code == 404
    assert (
        other.get(
            reverse("excel_intake:circle", args=[cast.organisations["circle_c"].pk])
        ).status_code
        == 404
    )


def _member_of_d(cast):  # noqa: ANN001, ANN202
    from tests.factories import member

    return member(Role.ACCESS_MANAGER, cast.organisations["circle_d"])


def test_an_unsafe_file_is_refused_with_a_clear_message_and_no_rows_stored(cast):
    client = client_for(cast.users[Role.ACCESS_MANAGER])
    run = run_of(
        upload(client, cast.organisations["circle_c"], b"\x89PNG\r\n\x1a\n" + b"\x00" * 500)
    )
    page = client.get(reverse("excel_intake:run", args=[run.pk])).content.decode()
    assert "We konden dit bestand niet controleren" in page
    assert "geen Excel-werkmap" in page
    run.refresh_from_db()
    assert run.status == "refused" and run.rows is None


def test_the_template_has_the_marker_drop_downs_and_the_last_accepted_list(cast):
    circle = cast.organisations["circle_c"]
    client = client_for(cast.users[Role.ACCESS_MANAGER])
    run = run_of(upload(client, circle, xlsx(GOOD_ROWS)))
    client.post(reverse("excel_intake:submit", args=[run.pk]))
    response = client.get(reverse("excel_intake:template", args=[circle.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == ["Uitleg", "Huisartsen"]
    assert workbook[MARKER_SHEET].sheet_state == "veryHidden"
    data = workbook["Huisartsen"]
    assert data.freeze_panes == "A2"
    assert data["A2"].value == "1-08290-59-004"
    lists = [v.formula1 for v in data.data_validations.dataValidation if v.type == "list"]
    assert '"M,V,X"' in lists and '"ja,nee,beperkt"' in lists


def test_the_agency_edits_postal_codes_and_exports_the_consolidated_list(cast):
    circle = cast.organisations["circle_c"]
    manager = client_for(cast.users[Role.ACCESS_MANAGER])
    run = run_of(upload(manager, circle, xlsx(GOOD_ROWS)))
    manager.post(reverse("excel_intake:submit", args=[run.pk]))
    agency = client_for(cast.admin)
    response = agency.post(
        reverse("excel_intake:area", args=[circle.pk]),
        {"care_zone": "ELZ Gent", "postal_codes": "9000, 9050 1234"},
    )
    assert response.status_code == 200
    assert "Deze postcodes bestaan niet: 1234" in response.content.decode()
    agency.post(
        reverse("excel_intake:area", args=[circle.pk]),
        {"care_zone": "ELZ Gent", "postal_codes": "9000, 9050"},
    )
    assert circle.gp_area.postal_codes == ["9000", "9050"]
    csv_text = agency.get(reverse("excel_intake:export", args=["csv"])).content.decode("utf-8-sig")
    assert "Huisartsenkring;Versie;RIZIV-nummer" in csv_text
    assert "Kring C;1;1-08290-59-004" in csv_text
    xlsx_response = agency.get(reverse("excel_intake:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert sheet.max_row == 3
    assert manager.get(reverse("excel_intake:export", args=["csv"])).status_code == 403


def test_stored_rows_keep_text_exactly_also_on_postgresql_copy(cast):
    from excel_intake import services
    from excel_intake.columns import KEYS

    client = client_for(cast.users[Role.ACCESS_MANAGER])
    rows = [good_row(street="\\N", house_number='12 "bis"', email=None, end_date="31/12/2024")]
    run = run_of(upload(client, cast.organisations["circle_c"], xlsx(rows)))
    submission = services.submission_create(actor=cast.users[Role.ACCESS_MANAGER], run=run)
    stored = SubmissionRow.objects.get(submission=submission)
    assert stored.street == "\\N" and stored.house_number == '12 "bis"'
    assert stored.email == "" and stored.end_date.isoformat() == "2024-12-31"
    assert KEYS
