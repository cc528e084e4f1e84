"""The organiser's request: one signed form with additions, removals and changes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.authorisations import rules
from accounts.models import AuditEvent, AuthorisationRequest, DeclarationText, Role
from tests.accounts.conftest import addition, form_data, submit
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureaus(cast):  # noqa: ANN001, ANN201
    return cast.organisations["bureau_a"], cast.organisations["bureau_a2"]


def new_url(cast) -> str:  # noqa: ANN001
    return reverse(
        "accounts:authorisation_request_new", args=[cast.organisations["organiser_a"].pk]
    )


def test_an_organiser_submits_a_signed_request_with_additions_a_removal_and_a_change(
    cast, client, declaration, bureaus
):
    bureau_a, bureau_a2 = bureaus
    dora = member(Role.AUTHORISED_PERSON, bureau_a, first_name="Dora", last_name="Peeters")
    client.force_login(cast.alice)
    data = form_data(
        declaration,
        additions=[
            {
                "first_name": "Jan",
                "last_name": "Janssens",
                "email": "Jan@Example.org",
                "function": "arts",
                "bureaus": [bureau_a],
            },
            {
                "first_name": "Lies",
                "last_name": "Maes",
                "email": "lies@example.org",
                "function": "verpleegkundige",
                "bureaus": [bureau_a, bureau_a2],
            },
        ],
        removals=[cast.bob],
        changes=[{"person": dora, "bureaus": [bureau_a, bureau_a2], "function": ""}],
    )

    response = client.post(new_url(cast), data, REMOTE_ADDR="198.51.100.7")

    auth_request = AuthorisationRequest.objects.get()
    assert response.status_code == 302
    assert response.url.startswith(
        reverse("accounts:authorisation_request_detail", args=[auth_request.pk])
    )
    assert auth_request.status == AuthorisationRequest.Status.OPEN
    assert auth_request.signature_name == "Organiser Test"
    assert auth_request.declaration == declaration
    assert auth_request.declaration_text == declaration.text_nl
    assert "vertrouwelijk" in auth_request.declaration_text
    assert auth_request.signed_at is not None
    assert auth_request.signed_ip == "198.51.100.7"
    lines = list(auth_request.lines.order_by("position"))
    assert [(line.action, line.email) for line in lines] == [
        ("add", "jan@example.org"),
        ("add", "lies@example.org"),
        ("remove", cast.bob.email),
        ("change", dora.email),
    ]
    assert set(lines[1].bureaus.all()) == {bureau_a, bureau_a2}
    assert set(lines[2].bureaus.all()) == {bureau_a}  # what Bob loses
    event = AuditEvent.objects.get(action="authorisation_request.submit")
    assert event.actor == cast.alice
    assert event.details["additions"] == 2
    page = client.get(response.url).content.decode()
    assert "Wat gebeurt er nu?" in page
    assert "Wacht op beoordeling" in page


def test_without_the_declaration_on_honour_nothing_is_submitted(cast, client, declaration, bureaus):
    client.force_login(cast.alice)
    row = {
        "first_name": "Jan",
        "last_name": "Janssens",
        "email": "jan@example.org",
        "function": "arts",
        "bureaus": [bureaus[0]],
    }

    unticked = client.post(new_url(cast), form_data(declaration, additions=[row], confirmed=False))
    unsigned = client.post(new_url(cast), form_data(declaration, additions=[row], signature=""))
    wrong_name = client.post(
        new_url(cast), form_data(declaration, additions=[row], signature="Iemand Anders")
    )

    assert unticked.status_code == unsigned.status_code == wrong_name.status_code == 200
    assert "Vink de verklaring op erewoord aan" in unticked.content.decode()
    assert "Typ je volledige naam als handtekening" in unsigned.content.decode()
    assert "precies zoals in je account: Organiser Test" in wrong_name.content.decode()
    assert not AuthorisationRequest.objects.exists()
    assert "jan@example.org" in unticked.content.decode()  # what was typed stays


def test_a_request_without_signature_cannot_exist_in_the_database(cast):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AuthorisationRequest.objects.create(
            organiser=cast.organisations["organiser_a"], submitted_by=cast.alice
        )


def test_validation_errors_name_the_person_and_the_field(cast, client, declaration, bureaus):
    client.force_login(cast.alice)
    data = form_data(
        declaration,
        additions=[
            {
                "first_name": "Jan",
                "last_name": "Janssens",
                "email": "jan@example.org",
                "function": "arts",
                "bureaus": [bureaus[0]],
            },
            {
                "first_name": "Lies",
                "last_name": "Maes",
                "email": "lies-at-example",
                "function": "",
                "bureaus": [],
            },
            {
                "first_name": "Jan",
                "last_name": "Dubbel",
                "email": "JAN@example.org",
                "function": "arts",
                "bureaus": [bureaus[1]],
            },
        ],
    )

    page = client.post(new_url(cast), data).content.decode()

    assert "Er zijn 4 problemen" in page
    assert "Nieuwe persoon 2 (Lies Maes)" not in page  # the section label is used instead
    assert "Toevoegen, persoon 2 (Lies Maes) – E-mailadres: Vul een geldig e-mailadres in" in page
    assert "Toevoegen, persoon 2 (Lies Maes) – Functie: Vul de functie in." in page
    assert "Consultatiebureaus: Kies minstens één consultatiebureau." in page
    assert "Jan Dubbel (jan@example.org): dit e-mailadres staat al bij persoon 1." in page
    assert 'href="#id_additions-1-email"' in page
    assert not AuthorisationRequest.objects.exists()


def test_empty_rows_are_ignored_but_an_empty_request_is_refused(cast, client, declaration):
    client.force_login(cast.alice)
    page = client.post(new_url(cast), form_data(declaration)).content.decode()
    assert "Voeg minstens één persoon toe, schrap er een of wijzig er een." in page
    assert not AuthorisationRequest.objects.exists()


def test_a_tampered_bureau_of_another_organiser_is_refused_by_the_form(cast, client, declaration):
    client.force_login(cast.alice)
    foreign = cast.organisations["bureau_b"]
    data = form_data(
        declaration,
        additions=[
            {
                "first_name": "Jan",
                "last_name": "Janssens",
                "email": "jan@example.org",
                "function": "arts",
                "bureaus": [foreign],
            }
        ],
        removals=[cast.charlie],  # authorised at B, not at A
    )

    page = client.post(new_url(cast), data).content.decode()

    assert "Kies alleen je eigen consultatiebureaus." in page
    assert "Kies alleen mensen die nu gemachtigd zijn." in page
    assert not AuthorisationRequest.objects.exists()


def test_the_service_refuses_bureaus_and_organisers_the_actor_does_not_run(cast):
    with pytest.raises(PermissionDenied):
        submit(
            cast.alice,
            cast.organisations["organiser_a"],
            additions=[addition("Jan", "J", "jan@example.org", cast.organisations["bureau_b"])],
        )
    with pytest.raises(PermissionDenied):
        submit(
            cast.alice,
            cast.organisations["organiser_b"],
            additions=[addition("Jan", "J", "jan@example.org", cast.organisations["bureau_b"])],
        )
    assert not AuthorisationRequest.objects.exists()


def test_another_organiser_cannot_open_the_form_of_organiser_a(cast, client):
    organiser_b = member(Role.ORGANISER, cast.organisations["organiser_b"])
    client.force_login(organiser_b)
    assert client.get(new_url(cast)).status_code == 404


def test_charlie_is_refused_the_request_pages(cast, client):
    client.force_login(cast.charlie)
    organiser = cast.organisations["organiser_b"]
    assert (
        client.get(reverse("accounts:authorised_persons", args=[organiser.pk])).status_code == 403
    )
    assert (
        client.get(reverse("accounts:authorisation_request_new", args=[organiser.pk])).status_code
        == 403
    )


def test_submitting_the_same_form_twice_creates_one_request(cast, client, declaration, bureaus):
    client.force_login(cast.alice)
    data = form_data(
        declaration,
        additions=[
            {
                "first_name": "Jan",
                "last_name": "Janssens",
                "email": "jan@example.org",
                "function": "arts",
                "bureaus": [bureaus[0]],
            }
        ],
    )
    first = client.post(new_url(cast), data)
    second = client.post(new_url(cast), data, follow=True)

    auth_request = AuthorisationRequest.objects.get()
    assert first.status_code == 302
    assert second.redirect_chain[-1][0] == reverse(
        "accounts:authorisation_request_detail", args=[auth_request.pk]
    )
    assert "er is niets dubbel ingediend" in second.content.decode()


def test_adding_a_row_keeps_what_was_typed_and_shows_no_errors(cast, client, declaration, bureaus):
    client.force_login(cast.alice)
    data = form_data(
        declaration,
        additions=[
            {
                "first_name": "Jan",
                "last_name": "",
                "email": "jan@example.org",
                "function": "",
                "bureaus": [],
            }
        ],
        confirmed=False,
    )
    del data["submit"]
    data["add_addition"] = "1"

    page = client.post(new_url(cast), data).content.decode()

    assert 'name="additions-TOTAL_FORMS" value="2"' in page
    assert 'value="jan@example.org"' in page
    assert "Nieuwe persoon 2" in page
    assert "error-summary" not in page
    assert "autofocus" in page
    assert not AuthorisationRequest.objects.exists()


def test_a_new_version_of_the_declaration_asks_to_read_it_again(cast, client, declaration, bureaus):
    client.force_login(cast.alice)
    data = form_data(
        declaration,
        additions=[
            {
                "first_name": "Jan",
                "last_name": "Janssens",
                "email": "jan@example.org",
                "function": "arts",
                "bureaus": [bureaus[0]],
            }
        ],
    )
    DeclarationText.objects.create(version="2099-1", text_nl="Nieuwe tekst.", text_en="New text.")

    page = client.post(new_url(cast), data).content.decode()

    assert "De verklaring op erewoord is intussen gewijzigd" in page
    assert "Nieuwe tekst." in page
    assert not AuthorisationRequest.objects.exists()


def test_a_person_in_another_open_request_or_already_authorised_is_refused(cast, bureaus):
    organiser = cast.organisations["organiser_a"]
    submit(cast.alice, organiser, additions=[addition("Jan", "J", "jan@example.org", bureaus[0])])

    problems = rules.check_lines(
        organiser=organiser,
        lines=rules.Lines(
            additions=[
                addition("Jan", "J", "JAN@example.org", bureaus[1]),
                addition("Bob", "Test", cast.bob.email, bureaus[0]),
            ]
        ),
    )

    messages = [p.message for p in problems]
    assert any("loopt al een aanvraag" in m for m in messages)
    assert any("is al gemachtigd voor Bureau A" in m for m in messages)


def test_an_organiser_edits_an_open_request_and_signs_again(cast, client, declaration, bureaus):
    auth_request = submit(
        cast.alice,
        cast.organisations["organiser_a"],
        additions=[addition("Jan", "Janssens", "jan@exampel.org", bureaus[0])],
    )
    client.force_login(cast.alice)
    url = reverse("accounts:authorisation_request_edit", args=[auth_request.pk])
    page = client.get(url).content.decode()
    assert 'value="jan@exampel.org"' in page
    data = form_data(
        declaration,
        additions=[
            {
                "first_name": "Jan",
                "last_name": "Janssens",
                "email": "jan@example.org",
                "function": "arts",
                "bureaus": [bureaus[0]],
            }
        ],
    )
    data["declaration-revision"] = "1"

    response = client.post(url, data)

    assert response.status_code == 302
    auth_request.refresh_from_db()
    assert auth_request.revision == 2
    assert [line.email for line in auth_request.lines.all()] == ["jan@example.org"]
    assert AuditEvent.objects.filter(action="authorisation_request.update").exists()


def test_an_organiser_withdraws_an_open_request(cast, client, bureaus):
    auth_request = submit(
        cast.alice,
        cast.organisations["organiser_a"],
        additions=[addition("Jan", "Janssens", "jan@example.org", bureaus[0])],
    )
    client.force_login(cast.alice)
    url = reverse("accounts:authorisation_request_withdraw", args=[auth_request.pk])

    client.post(url)
    again = client.post(url, follow=True)

    auth_request.refresh_from_db()
    assert auth_request.status == AuthorisationRequest.Status.WITHDRAWN
    assert auth_request.withdrawn_by == cast.alice
    assert "is al ingetrokken" in again.content.decode()


def test_the_overview_shows_current_pending_and_removed_per_bureau(cast, client, bureaus):
    from accounts.models import Membership
    from accounts.services import membership_revoke

    gone = member(Role.AUTHORISED_PERSON, bureaus[0], first_name="Vera", last_name="Vertrokken")
    membership_revoke(actor=cast.alice, membership=Membership.objects.get(user=gone))
    submit(
        cast.alice,
        cast.organisations["organiser_a"],
        additions=[addition("Jan", "Janssens", "jan@example.org", bureaus[1])],
    )
    client.force_login(cast.alice)

    page = client.get(
        reverse("accounts:authorised_persons", args=[cast.organisations["organiser_a"].pk])
    ).content.decode()

    assert cast.bob.email in page
    assert "In behandeling bij het agentschap" in page
    assert "Jan Janssens" in page
    assert "Vera Vertrokken" in page
    assert "1 persoon niet meer gemachtigd" in page
    assert "1 aanvraag wacht op beoordeling" in page
