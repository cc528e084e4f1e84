"""The API for a mobile app: the catalogue, and the caller's own entries under the same rules."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from registration.models import TimeEntry

from .conftest import activity, login

pytestmark = pytest.mark.django_db

WED = date(2024, 10, 16)


def test_the_catalogue_lists_clusters_and_activities_in_order(cast, provider):
    client = login(provider.user)
    data = client.get(reverse("registration_api:catalogue")).json()
    assert [c["code"] for c in data][:3] == ["intake", "diagnostics", "treatment"]
    treatment = data[2]
    assert treatment["name"] == "Gespecialiseerde behandeling"
    assert [a["code"] for a in treatment["activities"]] == [
        "direct_contact",
        "direct_contact_on_location",
        "team_meeting",
        "administration",
        "no_show",
    ]
    assert sum(len(c["activities"]) for c in data) == 58


def test_a_provider_creates_lists_changes_and_deletes_own_entries(cast, provider, travel):
    travel(WED)
    client = login(provider.user)
    team = activity("treatment", "team_meeting")
    url = reverse("registration_api:entries")
    created = client.post(
        url,
        {"day": "2024-10-16", "activity": team.pk, "minutes": 90},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["minutes"] == 90 and body["activity_code"] == "team_meeting"
    assert body["cluster_code"] == "treatment"
    again = client.post(
        url,
        {"day": "2024-10-16", "activity": team.pk, "minutes": 30},
        content_type="application/json",
    )
    assert again.status_code == 200 and again.json()["minutes"] == 120  # added to the same row

    listing = client.get(url, {"from": "2024-10-14", "to": "2024-10-20"}).json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == body["id"]

    detail = reverse("registration_api:entry", args=[body["id"]])
    changed = client.patch(detail, {"minutes": 45}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["minutes"] == 45
    assert client.delete(detail).status_code == 204
    assert not TimeEntry.objects.exists()


def test_the_api_enforces_the_same_rules(cast, provider, travel):
    travel(WED)
    client = login(provider.user)
    url = reverse("registration_api:entries")
    team = activity("treatment", "team_meeting")
    for payload, code in (
        ({"day": "2024-10-16", "activity": team.pk, "minutes": 20}, "quarter"),
        ({"day": "2024-10-17", "activity": team.pk, "minutes": 60}, "future"),
        ({"day": "2024-10-11", "activity": team.pk, "minutes": 60}, "outside"),
        ({"day": "2024-10-16", "activity": team.pk, "minutes": 13 * 60}, "long_day"),
    ):
        response = client.post(url, payload, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["code"] == code
    response = client.post(
        url,
        {"day": "2024-10-16", "activity": team.pk, "minutes": 13 * 60, "confirm_long_day": True},
        content_type="application/json",
    )
    assert response.status_code == 201
    response = client.post(
        url,
        {"day": "2024-10-16", "activity": 999999, "minutes": 60},
        content_type="application/json",
    )
    assert response.status_code == 400 and "activity" in response.json()
    assert client.get(url, {"from": "morgen"}).status_code == 400


def test_after_closing_the_api_refuses_changes(cast, provider, travel):
    travel(date(2024, 12, 13))
    client = login(provider.user)
    entry = TimeEntry.objects.create(
        provider=provider,
        day=date(2024, 12, 13),
        activity=activity("intake", "no_show"),
        minutes=30,
    )
    travel(date(2024, 12, 21))
    client = login(provider.user)
    response = client.delete(reverse("registration_api:entry", args=[entry.pk]))
    assert response.status_code == 400 and response.json()["code"] == "closed"


def test_another_persons_entry_is_not_found(cast, provider, colleague, provider_g, travel):
    travel(WED)
    client = login(provider.user)
    for other in (colleague, provider_g):
        entry = TimeEntry.objects.create(
            provider=other, day=WED, activity=activity("intake", "no_show"), minutes=30
        )
        url = reverse("registration_api:entry", args=[entry.pk])
        assert client.get(url).status_code == 404
        assert (
            client.patch(url, {"minutes": 60}, content_type="application/json").status_code == 404
        )
        assert client.delete(url).status_code == 404
    assert client.get(reverse("registration_api:entries")).json()["count"] == 0


def test_other_roles_and_charlie_are_refused(cast, provider):
    for user in (cast.users[Role.FACILITY_DIRECTOR], cast.users[Role.AGENCY_ADMIN], cast.charlie):
        client = login(user)
        assert client.get(reverse("registration_api:entries")).status_code == 403
    assert login(cast.charlie).get(reverse("registration_api:catalogue")).status_code == 403


def test_the_endpoints_are_in_the_openapi_schema(cast, provider):
    client = login(provider.user)
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert "/api/v1/tijdsregistratie/registraties/" in paths
    assert set(paths["/api/v1/tijdsregistratie/registraties/{id}/"]) >= {"get", "patch", "delete"}
    assert "/api/v1/tijdsregistratie/catalogus/" in paths
