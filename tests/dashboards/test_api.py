"""The JSON series: the same figures, filters, suppression, scoping and audit as the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from tests.dashboards.conftest import MARCH_APRIL, client_for

pytestmark = pytest.mark.django_db


def series(slug: str) -> str:
    return reverse("dashboards_api:series", args=[slug])


def test_the_api_returns_the_series_of_a_question(schedule):
    a = schedule.organisations["bureau_a"].pk
    response = client_for(schedule.bob).get(
        series("sessions"), {**MARCH_APRIL, "bureau": a, "granularity": "part_of_day"}
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["slug"], data["number"], data["source"]) == (
        "sessions",
        3,
        "samenvattingstabellen (dagcijfers per bureau, dagdeel en soort zitting)",
    )
    assert data["filter"] == {
        "organiser": schedule.organisations["organiser_a"].pk,
        "bureaus": [a],
        "period": "custom",
        "start": "2025-03-01",
        "end": "2025-04-30",
        "granularity": "part_of_day",
        "kind": None,
        "doctor": None,
    }
    (table,) = data["tables"]
    assert [c["key"] for c in table["columns"]][:4] == [
        "sessions",
        "capacity",
        "slots_taken",
        "occupancy",
    ]
    morning = table["rows"][0]
    # Morning at A: S1 + S4, 8 places, 7 taken = 87.5 %, 1 no-show of 7 = 14.3 %.
    assert (morning["key"], morning["label"]) == ("morning", "voormiddag")
    assert (morning["capacity"], morning["slots_taken"], morning["occupancy"]) == (8, 7, 87.5)
    assert morning["no_show_rate"] == 14.3
    assert table["total"]["occupancy"] == 73.3
    assert data["headline"] == 73.3
    assert data["refreshed_at"] is not None
    event = AuditEvent.objects.filter(action="dashboards.api_read").latest("occurred_at")
    assert (event.category, event.details["slug"], event.details["bureaus"]) == (
        "read",
        "sessions",
        [a],
    )


def test_the_api_suppresses_doctors_below_five_contacts(schedule):
    data = (
        client_for(schedule.alice)
        .get(series("contacts-per-doctor"), {**MARCH_APRIL, "granularity": "month"})
        .json()
    )
    doctors = {row["label"]: row for row in data["tables"][0]["rows"]}
    # An: 10 contacts in 3 sessions = 3.33; Bert: 1 contact, suppressed.
    assert (doctors["An Arts"]["done"], doctors["An Arts"]["per_session"]) == (10, 3.33)
    assert doctors["Bert Bos"]["done"] is None
    assert doctors["Bert Bos"]["per_session"] is None
    assert doctors["Bert Bos"]["suppressed"] is True
    months = {row["key"]: row for row in data["tables"][1]["rows"]}
    # April: S4 only, 2 contacts < 5.
    assert months["2025-04-01"]["per_session"] is None
    assert months["2025-03-01"]["per_session"] == 3.0
    assert any("minder dan 5" in note for note in data["notes"])


def test_the_api_explains_bad_dates(schedule):
    response = client_for(schedule.alice).get(
        series("sessions"), {"period": "custom", "start": "2025-05-01", "end": "2025-04-01"}
    )
    assert response.status_code == 400
    assert response.json()["errors"]["end"][0]["message"] == (
        "De einddatum moet op of na de begindatum liggen."
    )


def test_the_api_answers_404_for_another_organisers_bureau(schedule):
    b = schedule.organisations["bureau_b"].pk
    a = schedule.organisations["bureau_a"].pk
    assert client_for(schedule.bob).get(series("sessions"), {"bureau": b}).status_code == 404
    assert client_for(schedule.charlie).get(series("sessions"), {"bureau": a}).status_code == 404
    assert client_for(schedule.alice).get(series("no-such-question")).status_code == 404


def test_the_api_refuses_people_without_dashboards(schedule):
    from accounts.models import Role

    assert client_for(schedule.users[Role.PARENT]).get(series("sessions")).status_code == 403


def test_the_openapi_schema_describes_the_dashboard_series(schedule):
    schema = client_for(schedule.alice).get(reverse("api:schema")).content.decode()
    assert "/api/v1/dashboards/{slug}/" in schema
    assert "SeriesOut" in schema or "Series" in schema
    assert "granularity" in schema
