"""`manage.py import_allocated_hours` and the agency's admin for allocated hours."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent, Organisation, Role
from dashboards import importing
from dashboards.importing import load_hours, validate_hours
from dashboards.models import AllocatedHours
from tests.dashboards.importing_helpers import (
    HOURS_HEADERS,
    HOURS_KEYS,
    as_csv,
    as_xlsx,
    problem_keys,
    run_command,
    write,
)
from tests.factories import OrganisationFactory, member

SAMPLES = Path(importing.__file__).parent / "samples"


def hours_csv(rows: list[dict], **kwargs) -> bytes:  # noqa: ANN003
    return as_csv(rows, headers=HOURS_HEADERS, keys=HOURS_KEYS, **kwargs)


def hours_xlsx(rows: list[dict]) -> bytes:
    return as_xlsx(rows, headers=HOURS_HEADERS, keys=HOURS_KEYS)


def row(code: str, year: str = "2026", doctor: str = "1250", nurse: str = "2400", **extra) -> dict:  # noqa: ANN003
    return {"bureau_code": code, "year": year, "doctor_hours": doctor, "nurse_hours": nurse,
            **extra}  # fmt: skip


def allocations() -> dict[tuple[str, int], tuple[Decimal, Decimal, str]]:
    return {
        (a.bureau.code, a.year): (a.doctor_hours, a.nurse_hours, a.note)
        for a in AllocatedHours.objects.select_related("bureau")
    }


@pytest.fixture
def codes(cast) -> tuple[str, str]:  # noqa: ANN001
    return cast.organisations["bureau_a"].code, cast.organisations["bureau_b"].code


def load(data: bytes) -> importing.HoursReport:
    result = validate_hours(io.BytesIO(data))
    assert result.all_problems() == [], [p.message() for p in result.all_problems()]
    return load_hours(result, file_name="uren.csv")


def test_a_good_file_creates_the_allocations_and_is_audited(cast, codes):
    a, b = codes
    report = load(hours_csv([
        row(a, "2026", "1250", "2400", note="Met extra avondzitting"),
        row(a, "2027", "1.300", "2450,5"),
        row(b, "2026", "640,25", "0"),
    ]))  # fmt: skip
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert allocations() == {
        (a, 2026): (Decimal("1250.00"), Decimal("2400.00"), "Met extra avondzitting"),
        (a, 2027): (Decimal("1300.00"), Decimal("2450.50"), ""),
        (b, 2026): (Decimal("640.25"), Decimal("0.00"), ""),
    }
    event = AuditEvent.objects.get(action="allocated_hours.import")
    assert event.details["created"] == 3 and event.details["years"] == "2026, 2027"


def test_an_xlsx_with_numbers_loads(cast, codes):
    a, b = codes
    rows = [row(a, "2026", "1250", "2400"), row(b, "2026", "640.5", "12")]
    report = load(hours_xlsx(rows))
    assert report.created == 2
    assert allocations()[(b, 2026)][:2] == (Decimal("640.50"), Decimal("12.00"))


def test_loading_again_updates_changed_rows_and_keeps_notes_without_a_note_column(cast, codes):
    a, b = codes
    load(hours_csv([row(a, note="Zomerstop"), row(b)]))
    headers, keys = HOURS_HEADERS[:4], HOURS_KEYS[:4]
    data = as_csv([row(a, doctor="1300"), row(b)], headers=headers, keys=keys, sep=",", bom=True)
    report = load(data)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert allocations()[(a, 2026)] == (Decimal("1300.00"), Decimal("2400.00"), "Zomerstop")
    assert AllocatedHours.objects.count() == 2


def test_the_sample_loads_through_the_command(db):
    organiser = OrganisationFactory(kind=Organisation.Kind.BUREAU_ORGANISER)
    for code in ("cb-gent-centrum", "cb-ledeberg"):
        OrganisationFactory(code=code, parent=organiser)
    code, output = run_command("import_allocated_hours", SAMPLES / "allocated_hours.csv")
    assert code == 0, output
    assert "4 nieuw, 0 gewijzigd, 0 ongewijzigd, voor 2 bureaus (2025, 2026)" in output
    assert AllocatedHours.objects.count() == 4


def test_every_problem_is_reported_with_its_line_and_column_and_nothing_is_stored(cast, codes):
    a = codes[0]
    circle = cast.organisations["circle_c"].code
    rows = [
        row(a),  # 2: fine
        row("bestaat-niet"),  # 3
        row(circle),  # 4
        row(a, year="26"),  # 5
        row(a, year="1999"),  # 6
        row(a, "2027", doctor="veel"),  # 7
        row(a, "2028", nurse="-5"),  # 8
        row(a, "2029", doctor="12,345"),  # 9
        row(a, "2026"),  # 10: twice for 2026
        row(a, "2030", nurse=""),  # 11
        row(a, "2031", note="x" * 201),  # 12
    ]
    for data in (hours_csv(rows), hours_xlsx(rows)):
        result = validate_hours(io.BytesIO(data))
        assert problem_keys(result) == [
            (3, "Bureaucode", "bureau_unknown"),
            (4, "Bureaucode", "bureau_not_consultation"),
            (5, "Jaar", "year_invalid"),
            (6, "Jaar", "year_range"),
            (7, "Artsenuren", "hours_invalid"),
            (8, "Uren verpleegkundige", "hours_range"),
            (9, "Artsenuren", "hours_precision"),
            (10, "Jaar", "duplicate_allocation"),
            (11, "Uren verpleegkundige", "required"),
            (12, "Opmerking", "too_long"),
        ]
        assert not result.can_load
    assert result.problems[7].message() == (
        f"Bureau {a} staat voor 2026 al op rij 2. Geef elk bureau één rij per jaar."
    )
    with pytest.raises(importing.NotLoadableError):
        load_hours(result)
    assert not AllocatedHours.objects.exists()


def test_the_command_prints_problems_per_line_and_exits_1(cast, codes, tmp_path):
    path = write(tmp_path, "uren.csv", hours_csv([row(codes[0], year="26", doctor="x")]))
    code, output = run_command("import_allocated_hours", path)
    assert code == 1
    assert output.splitlines()[0] == "Regel 2: 2 problemen"
    assert "1 rijen gelezen, 2 fouten op 1 rijen. Er is niets opgeslagen." in output
    assert not AllocatedHours.objects.exists()


def test_a_failure_midway_rolls_everything_back(cast, codes, monkeypatch):
    a, b = codes
    load(hours_csv([row(a)]))
    result = validate_hours(io.BytesIO(hours_csv([row(a, doctor="999"), row(b)])))

    def fail(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise IntegrityError("the database refused a row")

    monkeypatch.setattr(AllocatedHours.objects, "bulk_update", fail)
    with pytest.raises(IntegrityError):
        load_hours(result)
    assert allocations() == {(a, 2026): (Decimal("1250.00"), Decimal("2400.00"), "")}
    assert AuditEvent.objects.filter(action="allocated_hours.import").count() == 1


# --- The admin ------------------------------------------------------------------------------------


def admin_client(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def test_the_agency_lists_filters_and_adds_allocations_of_consultation_bureaus_only(cast):
    bureau = cast.organisations["bureau_a"]
    client = admin_client(cast.admin)
    url = reverse("admin:dashboards_allocatedhours_add")
    form = client.get(url).content.decode()
    assert f'value="{bureau.pk}"' in form
    assert f'value="{cast.organisations["circle_c"].pk}"' not in form
    response = client.post(
        url, {"bureau": bureau.pk, "year": 2027, "doctor_hours": "1200", "nurse_hours": "800"}
    )
    assert response.status_code == 302
    allocation = AllocatedHours.objects.get(bureau=bureau, year=2027)
    assert AuditEvent.objects.get(action="allocated_hours.create").object_id == str(allocation.pk)
    listing = client.get(reverse("admin:dashboards_allocatedhours_changelist") + "?year=2027")
    assert bureau.name in listing.content.decode()
    changelist = reverse("admin:dashboards_allocatedhours_changelist")
    assert bureau.name in client.get(changelist, {"q": bureau.code}).content.decode()
    other = cast.organisations["bureau_b"].code
    assert bureau.name not in client.get(changelist, {"q": other}).content.decode()


def test_the_admin_refuses_staff_who_are_not_agency_administrators(cast):
    from django.contrib.auth.models import Permission

    organiser = member(Role.ORGANISER, cast.organisations["organiser_a"])
    organiser.is_staff = True
    organiser.save(update_fields=["is_staff"])
    organiser.user_permissions.set(Permission.objects.filter(content_type__app_label="dashboards"))
    client = admin_client(organiser)
    assert client.get(reverse("admin:dashboards_allocatedhours_changelist")).status_code == 403
    assert client.get(reverse("admin:dashboards_bureaudayfact_changelist")).status_code == 403


def test_the_fact_tables_are_read_only_for_the_agency(cast):
    client = admin_client(cast.admin)
    assert client.get(reverse("admin:dashboards_bureaudayfact_changelist")).status_code == 200
    assert client.get(reverse("admin:dashboards_dirtyday_changelist")).status_code == 200
    assert client.get(reverse("admin:dashboards_importedsession_changelist")).status_code == 200
    assert client.get(reverse("admin:dashboards_bureaudayfact_add")).status_code == 403
