"""The Excel for 100 % single-activity staff: template, line-level errors, nothing half-saved."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from registration import fulltime, services
from registration.models import AnalysisResult, AnalysisRun, FullTimeTotal, RegistrationStatus

from .conftest import add_provider, login

pytestmark = pytest.mark.django_db
ACTIVITIES = {"buddy": "Buddywerking", "rth": "RTH-activiteiten"}


def workbook(rows, header=True) -> bytes:  # noqa: ANN001
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = fulltime.SHEET
    if header:
        sheet.append(fulltime.headers())
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def expected():  # noqa: ANN201
    return [
        fulltime.Expected("an@example.org", "An Maes", Decimal("400")),
        fulltime.Expected("bo@example.org", "Bo Claes", Decimal("200")),
    ]


def test_a_correct_file_gives_clean_lines():
    content = workbook(
        [
            ["an@example.org", "An Maes", "Buddywerking", 342.5],
            [None, None, None, None],  # empty rows are skipped
            ["BO@example.org", "Bo Claes", "rth", "120,25"],
        ]
    )
    result = fulltime.parse(content, "lijst.xlsx", expected=expected(), activities=ACTIVITIES)
    assert result.ok
    assert [(line.line, line.email, line.activity_code, line.minutes) for line in result.lines] == [
        (2, "an@example.org", "buddy", 20550),
        (4, "bo@example.org", "rth", 7215),
    ]


def test_every_problem_is_reported_with_line_and_column_and_nothing_is_returned():
    content = workbook(
        [
            ["an@example.org", "An Maes", "Teamoverleg", 10],
            ["an@example.org", "An Maes", "Buddywerking", 10],
            ["onbekend@example.org", "X", "Buddywerking", 10.1],
            ["geen-adres", "X", "", None],
            ["bo@example.org", "Bo Claes", "RTH-activiteiten", 250],
        ]
    )
    result = fulltime.parse(content, "lijst.xlsx", expected=expected(), activities=ACTIVITIES)
    assert not result.ok and result.lines == []
    found = {(e.line, e.column) for e in result.errors}
    assert (2, "C") in found  # not an activity outside the framework
    assert (3, "A") in found  # the same person twice
    assert (4, "A") in found and (4, "D") in found  # not on the list; not a quarter hour
    assert {(5, "A"), (5, "C"), (5, "D")} <= found
    assert (6, "D") in found  # more than Bo can have worked
    messages = " ".join(e.message for e in result.errors)
    assert "staat al op regel 2" in messages
    assert "Vul uren in per kwartier" in messages
    assert "hoogstens 200 uur" in messages
    assert result.errors_per_line()[5] == 3


def test_a_missing_person_is_reported():
    content = workbook([["an@example.org", "An Maes", "Buddywerking", 10]])
    result = fulltime.parse(content, "lijst.xlsx", expected=expected(), activities=ACTIVITIES)
    assert [e.message for e in result.errors] == [
        "Bo Claes (bo@example.org) ontbreekt. Voeg een regel toe met de activiteit en de uren."
    ]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"a;b;c", "lijst.csv", "Kies een Excel-bestand (.xlsx)"),
        (b"not a zip file", "lijst.xlsx", "Dit is geen geldig .xlsx-bestand"),
        (b"PK\x03\x04 broken", "lijst.xlsx", "We kunnen dit bestand niet lezen"),
        (b"PK\x03\x04" + b"0" * (fulltime.MAX_BYTES + 1), "lijst.xlsx", "groter dan 2 MB"),
    ],
)
def test_unsafe_or_unreadable_files_are_refused_before_reading(content, name, message):
    result = fulltime.parse(content, name, expected=expected(), activities=ACTIVITIES)
    assert result.errors[0].line is None
    assert message in result.errors[0].message


def test_the_template_lists_the_people_and_offers_the_activities():
    content = fulltime.template_bytes(expected(), ACTIVITIES)
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book[fulltime.SHEET]
    assert [c.value for c in sheet[1]] == fulltime.headers()
    assert sheet["A2"].value == "an@example.org" and sheet["B3"].value == "Bo Claes"
    assert [row[0].value for row in book[fulltime.LIST_SHEET].iter_rows()] == list(
        ACTIVITIES.values()
    )
    assert sheet.data_validations.dataValidation[0].formula1.startswith("'Activiteiten'!")


@pytest.fixture
def full_timers(participation_f):  # noqa: ANN001, ANN201
    return [
        add_provider(
            participation_f,
            email="an@example.org",
            status=RegistrationStatus.SINGLE_ACTIVITY,
            hours="38",
        ),
        add_provider(
            participation_f,
            email="bo@example.org",
            status=RegistrationStatus.SINGLE_ACTIVITY,
            hours="19",
        ),
    ]


def test_the_director_uploads_the_file_and_the_totals_count_in_the_analysis(
    cast, participation_f, full_timers, provider, travel
):
    travel(date(2024, 12, 16))
    client = login(cast.users[Role.FACILITY_DIRECTOR])
    url = reverse(
        "registration:full_time_upload",
        args=[participation_f.study_id, participation_f.facility_id],
    )
    page = client.get(url).content.decode()
    assert "Sjabloon downloaden (.xlsx" in page
    template = client.get(
        reverse(
            "registration:full_time_template",
            args=[participation_f.study_id, participation_f.facility_id],
        )
    )
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book[fulltime.SHEET]
    sheet["C2"], sheet["D2"] = "Buddywerking", 300
    sheet["C3"], sheet["D3"] = "Psychiatrische thuiszorg", 150.75
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(url, {"file": SimpleUploadedFile("voltijds.xlsx", buffer.getvalue())})
    assert response.status_code == 302
    totals = {
        t.provider.email: (t.activity.code, t.minutes)
        for t in FullTimeTotal.objects.select_related("provider", "activity")
    }
    assert totals == {
        "an@example.org": ("buddy", 18000),
        "bo@example.org": ("psychiatric_home_care", 9045),
    }
    page = client.get(url).content.decode()
    assert "Aanvaarde totalen" in page and "300,0" in page

    run = AnalysisRun.objects.create(study=participation_f.study)
    services.analysis_execute(run_id=run.pk)
    data = AnalysisResult.objects.get(run=run, facility=participation_f.facility).data
    outside = next(c for c in data["clusters"] if c["cluster"] == "outside_framework")
    assert outside["hours"] == pytest.approx(300 + 150.75)
    assert data["weeks"] == []  # totals have no week


def test_a_file_with_errors_stores_nothing_and_shows_the_lines(
    cast, participation_f, full_timers, travel
):
    travel(date(2024, 12, 16))
    client = login(cast.users[Role.FACILITY_DIRECTOR])
    url = reverse(
        "registration:full_time_upload",
        args=[participation_f.study_id, participation_f.facility_id],
    )
    content = workbook(
        [
            ["an@example.org", "An", "Buddywerking", 300],
            ["bo@example.org", "Bo", "Teamoverleg", 7.3],
        ]
    )
    response = client.post(url, {"file": SimpleUploadedFile("voltijds.xlsx", content)})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Er zijn 2 problemen in je bestand; er is niets bewaard" in text
    assert "Vul uren in per kwartier" in text
    assert not FullTimeTotal.objects.exists()
    response = client.post(url, {})
    assert "Kies het ingevulde Excel-bestand." in response.content.decode()


def test_another_facility_and_other_roles_are_refused(cast, study, full_timers):
    g = cast.organisations["facility_g"]
    url = reverse("registration:full_time_upload", args=[study.pk, g.pk])
    assert login(cast.users[Role.FACILITY_DIRECTOR]).get(url).status_code == 404
    own = reverse(
        "registration:full_time_upload", args=[study.pk, cast.organisations["facility_f"].pk]
    )
    for user in (cast.users[Role.CARE_PROVIDER], cast.users[Role.AGENCY_ADMIN], cast.charlie):
        assert login(user).get(own).status_code == 403
