"""Urgent removal ("remove now") and the history of a person's authorisation."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.authorisations import diff, history, review, services
from accounts.models import AuditEvent, AuthorisationRequest, Membership, Role
from tests.accounts.conftest import addition, submit
from tests.factories import member

pytestmark = pytest.mark.django_db


def remove_url(cast, person) -> str:  # noqa: ANN001
    return reverse(
        "accounts:authorised_person_remove_now",
        args=[cast.organisations["organiser_a"].pk, person.pk],
    )


def test_remove_now_asks_confirmation_then_ends_access_at_once(cast, client):
    bob_browser = Client()
    bob_browser.force_login(cast.bob)
    assert bob_browser.get(reverse("home")).status_code == 200
    client.force_login(cast.alice)

    confirm = client.get(remove_url(cast, cast.bob)).content.decode()
    assert "verliest meteen de toegang" in confirm
    assert "Bureau A" in confirm
    response = client.post(
        remove_url(cast, cast.bob), {"reason": "left", "detail": ""}, follow=True
    )

    assert "heeft vanaf nu geen toegang meer" in response.content.decode()
    membership = Membership.objects.get(user=cast.bob)
    assert membership.revoked_by == cast.alice
    assert membership.revocation_reason == "Meteen geschrapt door de organisator"
    assert bob_browser.get(reverse("home")).url.startswith(reverse("account_login"))
    urgent = AuthorisationRequest.objects.get()
    assert urgent.kind == AuthorisationRequest.Kind.URGENT_REMOVAL
    assert urgent.status == AuthorisationRequest.Status.APPLIED
    assert urgent.note == "Verlaat de organisatie"
    assert AuditEvent.objects.filter(action="authorisation.remove_now", actor=cast.alice).exists()


def test_removing_twice_says_so_and_changes_nothing(cast, client):
    client.force_login(cast.alice)
    client.post(remove_url(cast, cast.bob), {"reason": "left"})
    again = client.post(remove_url(cast, cast.bob), {"reason": "left"}, follow=True)

    assert "was al geschrapt" in again.content.decode()
    assert AuthorisationRequest.objects.count() == 1


def test_remove_now_needs_a_reason(cast, client):
    client.force_login(cast.alice)
    response = client.post(remove_url(cast, cast.bob), {})
    assert "Kies waarom je deze persoon schrapt." in response.content.decode()
    assert Membership.objects.active().filter(user=cast.bob).exists()


def test_another_organiser_cannot_remove_bob(cast, client):
    organiser_b = member(Role.ORGANISER, cast.organisations["organiser_b"])
    client.force_login(organiser_b)
    assert client.post(remove_url(cast, cast.bob), {"reason": "left"}).status_code == 404
    # Nor through their own organiser id: Bob never worked at B.
    url = reverse(
        "accounts:authorised_person_remove_now",
        args=[cast.organisations["organiser_b"].pk, cast.bob.pk],
    )
    assert client.post(url, {"reason": "left"}).status_code == 404
    with pytest.raises(services.PermissionDenied):
        services.authorised_person_remove_now(
            actor=organiser_b, organiser=cast.organisations["organiser_a"], person=cast.bob
        )
    assert Membership.objects.active().filter(user=cast.bob).exists()


def test_the_agency_sees_an_urgent_removal_afterwards_and_acknowledges_it(cast, client):
    urgent = services.authorised_person_remove_now(
        actor=cast.alice, organiser=cast.organisations["organiser_a"], person=cast.bob
    )
    client.force_login(cast.admin)
    home = client.get(reverse("home")).content.decode()
    queue = client.get(reverse("accounts:review_queue")).content.decode()
    assert "1 schrapping om na te kijken" in home
    assert f"Schrapping {urgent.pk} door Organisator A" in queue

    client.post(reverse("accounts:review_acknowledge", args=[urgent.pk]))
    again = client.post(reverse("accounts:review_acknowledge", args=[urgent.pk]), follow=True)

    urgent.refresh_from_db()
    assert urgent.reviewed_by == cast.admin
    assert "was al als gezien gemarkeerd" in again.content.decode()
    assert (
        "Geen onmiddellijke schrappingen"
        in client.get(reverse("accounts:review_queue")).content.decode()
    )


def test_the_history_tells_who_did_what_and_when(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    from accounts.models import User

    organiser = cast.organisations["organiser_a"]
    auth_request = submit(
        cast.alice,
        organiser,
        additions=[addition("Jan", "Janssens", "jan@example.org", cast.organisations["bureau_a"])],
    )
    fingerprint = diff.request_diff(auth_request).fingerprint
    with django_capture_on_commit_callbacks(execute=True):
        review.authorisation_request_approve(
            actor=cast.admin, auth_request=auth_request, fingerprint=fingerprint
        )
    jan = User.objects.get(email="jan@example.org")
    invitation = jan.invitations.get()
    from accounts import invitations

    invitations.invitation_accept(
        invitation=invitation, password="drie woorden en een zin", request=None
    )
    services.authorised_person_remove_now(actor=cast.alice, organiser=organiser, person=jan)

    events = [entry.event for entry in history.person_history(cast.alice, jan)]
    assert events == [
        "requested",
        "decided",
        "granted",
        "invited",
        "activated",
        "requested",
        "removed",
    ]
    for viewer in (cast.alice, cast.admin):
        client.force_login(viewer)
        page = client.get(
            reverse("accounts:authorised_person_history", args=[jan.pk])
        ).content.decode()
        for text in (
            "Toevoeging aangevraagd",
            "Aanvraag goedgekeurd",
            "Uitnodiging verstuurd",
            "Account geactiveerd",
            "Meteen geschrapt door de organisator",
            "Toegang beëindigd",
            "Organiser Test",
            "Agency Admin Test",
        ):
            assert text in page, text
    assert AuditEvent.objects.filter(
        action="authorisation.history_read", subject_ref=f"accounts.user:{jan.pk}"
    ).exists()


def test_another_organiser_and_charlie_cannot_see_bobs_history(cast, client):
    url = reverse("accounts:authorised_person_history", args=[cast.bob.pk])
    client.force_login(member(Role.ORGANISER, cast.organisations["organiser_b"]))
    assert client.get(url).status_code == 404
    client.force_login(cast.charlie)
    assert client.get(url).status_code == 403
