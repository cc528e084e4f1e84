"""The API: memberships of an organisation, approved authorisations with a token, requests."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.authorisations import diff, review, services
from accounts.models import AuthorisationRequest, DeclarationText, Role
from tests.accounts.conftest import addition, submit
from tests.factories import member

pytestmark = pytest.mark.django_db


def token_client(user) -> APIClient:  # noqa: ANN001
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def approve(cast, auth_request) -> None:  # noqa: ANN001
    fingerprint = diff.request_diff(auth_request).fingerprint
    review.authorisation_request_approve(
        actor=cast.admin, auth_request=auth_request, fingerprint=fingerprint
    )


def payload(cast, **overrides) -> dict:  # noqa: ANN001
    data = {
        "organiser": cast.organisations["organiser_a"].pk,
        "additions": [
            {
                "first_name": "Jan",
                "last_name": "Janssens",
                "email": "jan@example.org",
                "function": "arts",
                "bureaus": [cast.organisations["bureau_a"].pk],
            }
        ],
        "declaration": {
            "version": DeclarationText.objects.current().version,
            "confirmed": True,
            "signature_name": "Organiser Test",
        },
    }
    return data | overrides


def test_an_agency_system_reads_approved_authorisations_with_a_token(cast):
    organiser = cast.organisations["organiser_a"]
    auth_request = submit(
        cast.alice,
        organiser,
        additions=[addition("Jan", "Janssens", "jan@example.org", cast.organisations["bureau_a2"])],
    )
    approve(cast, auth_request)
    before = timezone.now()
    services.authorised_person_remove_now(actor=cast.alice, organiser=organiser, person=cast.bob)
    system = token_client(cast.admin)
    url = reverse("accounts_api:authorisations")

    current = system.get(url).json()
    changed = system.get(url, {"changed_since": before.isoformat()}).json()

    assert {(row["person"]["email"], row["bureau"]["name"]) for row in current["results"]} == {
        ("jan@example.org", "Bureau A2"),
        (cast.charlie.email, "Bureau B"),
    }
    jan = next(r for r in current["results"] if r["person"]["email"] == "jan@example.org")
    assert jan["function"] == "arts"
    assert jan["organiser"]["name"] == "Organisator A"
    assert jan["active"] is True
    assert [(r["person"]["email"], r["active"]) for r in changed["results"]] == [
        (cast.bob.email, False)
    ]
    assert system.get(url, {"changed_since": "gisteren"}).status_code == 400


def test_an_organiser_reads_only_their_own_bureaus(cast):
    alice = token_client(cast.alice)
    emails = {
        row["person"]["email"]
        for row in alice.get(reverse("accounts_api:authorisations")).json()["results"]
    }
    assert emails == {cast.bob.email}
    other = cast.organisations["organiser_b"].pk
    assert (
        alice.get(reverse("accounts_api:authorisations"), {"organiser": other}).json()["count"] == 0
    )


def test_charlie_is_refused_the_authorisation_api(cast):
    charlie = token_client(cast.charlie)
    assert charlie.get(reverse("accounts_api:authorisations")).status_code == 403
    assert charlie.get(reverse("accounts_api:authorisation_requests")).status_code == 403
    url = reverse("accounts_api:organisation_memberships", args=[cast.organisations["bureau_b"].pk])
    assert charlie.get(url).status_code == 403


def test_memberships_of_an_organisation_for_its_managers_only(cast):
    circle = cast.organisations["circle_c"]
    url = reverse("accounts_api:organisation_memberships", args=[circle.pk])
    manager = token_client(cast.users[Role.MAIN_ACCESS_MANAGER])

    rows = manager.get(url).json()["results"]

    assert {row["role"] for row in rows} == {
        Role.MAIN_ACCESS_MANAGER,
        Role.ACCESS_MANAGER,
        Role.CIRCLE_USER,
    }
    other = reverse(
        "accounts_api:organisation_memberships", args=[cast.organisations["circle_d"].pk]
    )
    assert manager.get(other).status_code == 404


def test_an_organiser_submits_a_request_through_the_api(cast):
    alice = token_client(cast.alice)
    key = str(uuid.uuid4())

    created = alice.post(
        reverse("accounts_api:authorisation_requests"),
        payload(cast, submission_key=key),
        format="json",
    )
    again = alice.post(
        reverse("accounts_api:authorisation_requests"),
        payload(cast, submission_key=key),
        format="json",
    )

    assert created.status_code == 201, created.json()
    assert again.status_code == 200, again.json()
    assert again.json()["id"] == created.json()["id"]
    auth_request = AuthorisationRequest.objects.get()
    assert auth_request.signature_name == "Organiser Test"
    assert [line["email"] for line in created.json()["lines"]] == ["jan@example.org"]
    detail = alice.get(reverse("accounts_api:authorisation_request", args=[auth_request.pk]))
    assert detail.json()["status"] == "open"


def test_the_api_refuses_foreign_bureaus_persons_and_organisers(cast):
    alice = token_client(cast.alice)
    url = reverse("accounts_api:authorisation_requests")
    foreign_bureau = payload(cast)
    foreign_bureau["additions"][0]["bureaus"] = [cast.organisations["bureau_b"].pk]

    responses = [
        alice.post(url, foreign_bureau, format="json"),
        alice.post(url, payload(cast, removals=[cast.charlie.pk]), format="json"),
        alice.post(
            url, payload(cast, organiser=cast.organisations["organiser_b"].pk), format="json"
        ),
    ]

    assert [r.status_code for r in responses] == [400, 400, 404]
    assert "geen consultatiebureau van deze organisator" in str(responses[0].json())
    assert "nu niet gemachtigd" in str(responses[1].json())
    assert not AuthorisationRequest.objects.exists()


def test_the_api_needs_the_current_signed_declaration(cast):
    alice = token_client(cast.alice)
    url = reverse("accounts_api:authorisation_requests")
    unsigned = payload(cast)
    unsigned["declaration"] = {**unsigned["declaration"], "confirmed": False}
    old = payload(cast)
    old["declaration"] = {**old["declaration"], "version": "1999-1"}

    assert alice.post(url, unsigned, format="json").status_code == 400
    assert alice.post(url, old, format="json").status_code == 400
    assert not AuthorisationRequest.objects.exists()


def test_another_organiser_does_not_see_organiser_as_requests(cast):
    auth_request = submit(
        cast.alice,
        cast.organisations["organiser_a"],
        additions=[addition("Jan", "J", "jan@example.org", cast.organisations["bureau_a"])],
    )
    other = token_client(member(Role.ORGANISER, cast.organisations["organiser_b"]))
    assert other.get(reverse("accounts_api:authorisation_requests")).json()["count"] == 0
    assert (
        other.get(reverse("accounts_api:authorisation_request", args=[auth_request.pk])).status_code
        == 404
    )


def test_the_schema_documents_the_endpoints(cast, client):
    client.force_login(cast.admin)
    schema = client.get(reverse("api:schema")).content.decode()
    for path in (
        "/api/v1/accounts/authorisations/",
        "/api/v1/accounts/authorisation-requests/",
        "/api/v1/accounts/organisations/{organisation_id}/memberships/",
    ):
        assert path in schema
    assert "changed_since" in schema
    assert client.get(reverse("api:docs")).status_code == 200
