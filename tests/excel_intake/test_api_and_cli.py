"""The API returns the same problems as the page; the command line prints them as JSON."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role
from excel_intake.models import Submission, ValidationRun

from .conftest import good_row, xlsx
from .helpers import client_for, upload_file

pytestmark = pytest.mark.django_db

BAD = [good_row(), good_row(riziv_number="1-01857-48-004", sex="Man")]
GOOD = [good_row()]


def api_upload(client, circle, data: bytes):  # noqa: ANN001, ANN201
    return client.post(
        reverse("excel_intake_api:validation_create", args=[circle.pk]),
        {"file": upload_file(data)},
        format="multipart",
    )


def test_the_api_checks_a_file_and_returns_every_problem(cast):
    client = client_for(cast.users[Role.CIRCLE_USER])
    response = api_upload(client, cast.organisations["circle_c"], xlsx(BAD))
    assert response.status_code == 201
    body = response.json()
    assert body["can_submit"] is False
    assert body["summary"]["errors"] == 1
    assert body["problems"] == [
        {
            "line": 3,
            "column": "Geslacht",
            "code": "choice",
            "severity": "error",
            "message": "“Man” kan niet in Geslacht. Kies uit: M, V, X.",
            "value": "Man",
        }
    ]


def test_the_api_submits_and_lists_versions(cast):
    client = client_for(cast.users[Role.ACCESS_MANAGER])
    circle = cast.organisations["circle_c"]
    run_id = api_upload(client, circle, xlsx(GOOD)).json()["id"]
    response = client.post(reverse("excel_intake_api:submit", args=[run_id]))
    assert response.status_code == 201
    assert response.json()["version"] == 1
    again = client.post(reverse("excel_intake_api:submit", args=[run_id]))
    assert again.status_code == 409
    versions = client.get(reverse("excel_intake_api:versions", args=[circle.pk])).json()
    assert [v["version"] for v in versions] == [1]


def test_the_api_refuses_charlie_and_another_circle(cast):
    client = client_for(cast.users[Role.ACCESS_MANAGER])
    run_id = api_upload(client, cast.organisations["circle_c"], xlsx(GOOD)).json()["id"]
    charlie = client_for(cast.charlie)
    assert api_upload(charlie, cast.organisations["circle_c"], xlsx(GOOD)).status_code == 403
    assert charlie.post(reverse("excel_intake_api:submit", args=[run_id])).status_code == 403
    from tests.factories import member

    other = client_for(member(Role.ACCESS_MANAGER, cast.organisations["circle_d"]))
    assert other.get(reverse("excel_intake_api:validation", args=[run_id])).status_code == 404
    assert other.post(reverse("excel_intake_api:submit", args=[run_id])).status_code == 404
    assert not Submission.objects.exists()


def test_the_schema_lists_the_gp_list_endpoints(cast):
    client = client_for(cast.users[Role.CIRCLE_USER])
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").content.decode()
    for path in ("/validations/", "/submit/", "/versions/"):
        assert path in schema


def run_cli(path, *args) -> tuple[int, str]:  # noqa: ANN001
    import io

    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("validate_gp_list", str(path), "--format", "json", *args, stdout=out)
    return exit_info.value.code, out.getvalue()


def test_the_command_line_prints_problems_as_json_and_stores_nothing(cast, tmp_path):
    bad = tmp_path / "fout.xlsx"
    bad.write_bytes(xlsx(BAD))
    code, output = run_cli(bad, "--circle", cast.organisations["circle_c"].code)
    data = json.loads(output)
    assert code == 1
    assert data["summary"]["rows_read"] == 2
    assert data["problems"][0] == {
        "line": 3,
        "column": "Geslacht",
        "code": "choice",
        "severity": "error",
        "message": "“Man” kan niet in Geslacht. Kies uit: M, V, X.",
        "value": "Man",
    }
    good = tmp_path / "goed.csv"
    good.write_bytes(xlsx(GOOD))
    assert run_cli(good)[0] == 0
    assert not ValidationRun.objects.exists()
    assert not Submission.objects.exists()
