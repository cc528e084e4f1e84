"""The agency's review: a queue, a diff, approve (atomic, re-authenticated) or reject."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.usersessions.models import UserSession
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.authorisations import diff, review, selectors, services
from accounts.models import (
    AuditEvent,
    AuthorisationRequest,
    Invitation,
    Membership,
    Organisation,
    Role,
    User,
)
from tests.accounts.conftest import addition, submit
from tests.factories import TEST_PASSWORD, member
from tests.helpers import login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureaus(cast):  # noqa: ANN001, ANN201
    return cast.organisations["bureau_a"], cast.organisations["bureau_a2"]


@pytest.fixture
def marie(cast):  # noqa: ANN001, ANN201
    """A person who already works for organiser B: she must keep one account."""
    return member(
        Role.AUTHORISED_PERSON,
        cast.organisations["bureau_b"],
        email="marie@example.org",
        first_name="Marie",
        last_name="Claes",
    )


@pytest.fixture
def open_request(cast, bureaus, marie):  # noqa: ANN001, ANN201
    return submit(
        cast.alice,
        cast.organisations["organiser_a"],
        additions=[
            addition("Jan", "Janssens", "jan@example.org", bureaus[0]),
            addition("Marie", "Claes", "MARIE@Example.org", bureaus[0], bureaus[1]),
        ],
        removals=[cast.bob],
    )


def approve(cast, auth_request, **kwargs):  # noqa: ANN001, ANN201
    fingerprint = diff.request_diff(
        selectors.request_get_for_user(cast.admin, auth_request.pk)
    ).fingerprint
    return review.authorisation_request_approve(
        actor=cast.admin, auth_request=auth_request, fingerprint=fingerprint, **kwargs
    )


def test_the_queue_lists_open_requests_oldest_first_with_counts(cast, client, bureaus):
    organiser = cast.organisations["organiser_a"]
    newer = submit(cast.alice, organiser, additions=[addition("B", "B", "b@x.org", bureaus[0])])
    older = submit(cast.alice, organiser, additions=[addition("A", "A", "a@x.org", bureaus[0])])
    AuthorisationRequest.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - timedelta(days=3)
    )
    client.force_login(cast.admin)

    page = client.get(reverse("accounts:review_queue")).content.decode()
    home = client.get(reverse("home")).content.decode()

    assert page.index(f"Aanvraag {older.pk}<") < page.index(f"Aanvraag {newer.pk}<")
    assert "2 open aanvragen" in page
    assert "2 open aanvragen" in home
    assert "Aanvragen gemachtigde personen" in home


def test_the_review_shows_a_diff_against_the_current_authorisations(
    cast, client, open_request, marie
):
    client.force_login(cast.admin)
    page = client.get(reverse("accounts:review", args=[open_request.pk])).content.decode()

    assert "nieuw account, krijgt een uitnodiging" in page  # Jan
    assert "bestaand account" in page and "Bureau B" in page  # Marie works at B too
    assert "+ Bureau A2" in page
    assert "− Bureau A" in page  # Bob loses bureau A
    assert 'name="fingerprint"' in page
    assert "Ondertekend op erewoord door Organiser Test" in page


def test_approving_applies_every_line_and_sends_the_emails(
    cast, open_request, marie, mailoutbox, django_capture_on_commit_callbacks
):
    bob_client = Client()
    bob_client.force_login(cast.bob)

    with django_capture_on_commit_callbacks(execute=True):
        approve(cast, open_request)

    open_request.refresh_from_db()
    assert open_request.status == AuthorisationRequest.Status.APPROVED
    assert open_request.reviewed_by == cast.admin
    jan = User.objects.get(email="jan@example.org")
    assert not jan.has_usable_password()
    assert User.objects.filter(email__iexact="marie@example.org").count() == 1  # one person
    assert set(
        Membership.objects.active()
        .filter(role=Role.AUTHORISED_PERSON, organisation__parent=open_request.organiser)
        .values_list("user__email", "organisation__name")
    ) == {
        ("jan@example.org", "Bureau A"),
        ("marie@example.org", "Bureau A"),
        ("marie@example.org", "Bureau A2"),
    }
    assert Membership.objects.active().filter(user=marie, organisation__name="Bureau B").exists()
    # Bob is out, at once: his session ended and his next click is refused.
    assert not UserSession.objects.filter(user=cast.bob).exists()
    assert bob_client.get(reverse("home")).url.startswith(reverse("account_login"))

    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert set(by_recipient) == {"jan@example.org", "marie@example.org", cast.alice.email}
    assert "/account/uitnodiging/" in by_recipient["jan@example.org"].body
    assert "Organisator A" in by_recipient["jan@example.org"].body
    assert "/account/uitnodiging/" not in by_recipient["marie@example.org"].body
    confirmation = by_recipient[cast.alice.email]
    assert "goedgekeurd" in confirmation.subject
    assert "krijgt een uitnodiging per e-mail" in confirmation.body
    assert "geschrapt; heeft geen toegang meer" in confirmation.body
    assert "minstens 10 jaar" in confirmation.body
    assert Invitation.objects.get(user=jan).purpose == "authorised_person"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "authorisation_request.approve",
        "user.create",
        "membership.create",
        "membership.revoke",
        "invitation.create",
    } <= actions


def test_approving_twice_changes_nothing_the_second_time(cast, client, open_request, mailoutbox):
    approve(cast, open_request)
    memberships = Membership.objects.count()

    with pytest.raises(services.AlreadyDecided):
        approve(cast, open_request)

    client.force_login(cast.admin)
    response = client.post(
        reverse("accounts:review_approve", args=[open_request.pk]),
        {"fingerprint": "whatever"},
        follow=True,
    )
    assert "Deze aanvraag is al goedgekeurd door Agency Admin Test" in response.content.decode()
    assert Membership.objects.count() == memberships
    assert (
        AuditEvent.objects.filter(action="authorisation_request.approve", outcome="failure").count()
        == 2
    )


def test_a_stale_review_is_refused_and_changes_nothing(cast, client, open_request, bureaus):
    client.force_login(cast.admin)
    seen = diff.request_diff(open_request).fingerprint
    # Meanwhile the organiser strikes Bob off at once.
    services.authorised_person_remove_now(
        actor=cast.alice, organiser=open_request.organiser, person=cast.bob
    )

    response = client.post(
        reverse("accounts:review_approve", args=[open_request.pk]),
        {"fingerprint": seen},
        follow=True,
    )

    open_request.refresh_from_db()
    assert open_request.status == AuthorisationRequest.Status.OPEN
    assert not User.objects.filter(email="jan@example.org").exists()
    assert "intussen gewijzigd" in response.content.decode()
    assert "Er is niets toegepast" in response.content.decode()


def test_an_edit_by_the_organiser_makes_an_open_review_stale(cast, open_request, bureaus):
    seen = diff.request_diff(open_request).fingerprint
    services.authorisation_request_update(
        actor=cast.alice,
        auth_request=open_request,
        lines=services.Lines(additions=[addition("Jan", "J", "jan@example.org", bureaus[0])]),
        signature=services.Signature(
            declaration=open_request.declaration, name=cast.alice.full_name
        ),
        revision=open_request.revision,
    )
    with pytest.raises(services.StaleReview):
        review.authorisation_request_approve(
            actor=cast.admin, auth_request=open_request, fingerprint=seen
        )


def test_approval_is_all_or_nothing(cast, open_request, bureaus):
    # A bureau that is no longer a consultation bureau cannot hold an authorised person: the
    # second line fails, so the first line's account and membership must not exist either.
    Organisation.objects.filter(pk=bureaus[1].pk).update(kind=Organisation.Kind.GP_CIRCLE)
    fingerprint = diff.request_diff(open_request).fingerprint

    with pytest.raises(ValidationError):
        review.authorisation_request_approve(
            actor=cast.admin, auth_request=open_request, fingerprint=fingerprint
        )

    open_request.refresh_from_db()
    assert open_request.status == AuthorisationRequest.Status.OPEN
    assert not User.objects.filter(email="jan@example.org").exists()
    assert Membership.objects.active().filter(user=cast.bob).exists()


def test_approving_asks_the_admin_to_reauthenticate_after_five_minutes(
    cast, open_request, django_capture_on_commit_callbacks
):
    admin_client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login_with_mfa(admin_client, cast.admin.email)
        clock.shift(timedelta(minutes=6))
        fingerprint = diff.request_diff(open_request).fingerprint
        url = reverse("accounts:review_approve", args=[open_request.pk])

        response = admin_client.post(url, {"fingerprint": fingerprint})

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_reauthenticate"))
        open_request.refresh_from_db()
        assert open_request.status == AuthorisationRequest.Status.OPEN
        # After the password, allauth resumes the suspended POST: the approval goes through.
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(response.url, {"password": TEST_PASSWORD})
    open_request.refresh_from_db()
    assert open_request.status == AuthorisationRequest.Status.APPROVED


def test_rejecting_needs_a_reason_that_the_organiser_gets_by_email(
    cast, client, open_request, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.admin)
    url = reverse("accounts:review_reject", args=[open_request.pk])

    empty = client.post(url, {"reason": "  "})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Jan werkt niet bij jullie bureau."})

    assert empty.status_code == 400
    assert "Schrijf waarom je de aanvraag weigert" in empty.content.decode()
    open_request.refresh_from_db()
    assert open_request.status == AuthorisationRequest.Status.REJECTED
    assert not User.objects.filter(email="jan@example.org").exists()
    [mail] = mailoutbox
    assert mail.to == [cast.alice.email]
    assert "Jan werkt niet bij jullie bureau." in mail.body
    client.force_login(cast.alice)
    detail = client.get(reverse("accounts:authorisation_request_detail", args=[open_request.pk]))
    assert "Jan werkt niet bij jullie bureau." in detail.content.decode()


def test_a_failing_mail_server_does_not_undo_the_approval(
    cast, open_request, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1

    with django_capture_on_commit_callbacks(execute=True):
        approve(cast, open_request)

    open_request.refresh_from_db()
    assert open_request.status == AuthorisationRequest.Status.APPROVED
    assert AuditEvent.objects.filter(action="email.failed").count() == 3


def test_the_invited_person_activates_once_and_an_expired_link_can_be_renewed(
    cast, client, open_request, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(cast, open_request)
    [invitation_mail] = [m for m in mailoutbox if m.to == ["jan@example.org"]]
    path = re.search(r"http://[^/]+(/account/uitnodiging/[^\s/]+/)", invitation_mail.body)[1]

    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert "verlopen" in Client().get(path).content.decode()

    jan = User.objects.get(email="jan@example.org")
    client.force_login(cast.alice)
    organiser = open_request.organiser
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:authorised_person_invite_again", args=[organiser.pk, jan.pk]))
    new_path = re.search(r"http://[^/]+(/account/uitnodiging/[^\s/]+/)", mailoutbox[-1].body)[1]
    password = {
        "new_password1": "drie woorden en een zin",
        "new_password2": "drie woorden en een zin",
    }

    assert Client().get(path).status_code == 410  # the old link was replaced
    assert Client().post(new_path, password).status_code == 302
    assert Client().post(new_path, password).status_code == 410  # and works once
    jan.refresh_from_db()
    assert jan.has_usable_password()
    again = client.post(
        reverse("accounts:authorised_person_invite_again", args=[organiser.pk, jan.pk]),
        follow=True,
    )
    assert "heeft het account al geactiveerd" in again.content.decode()


def test_only_the_agency_reviews(cast, client, open_request):
    for user in (cast.alice, cast.charlie):
        client.force_login(user)
        assert client.get(reverse("accounts:review_queue")).status_code == 403
        assert client.get(reverse("accounts:review", args=[open_request.pk])).status_code == 403
        assert (
            client.post(reverse("accounts:review_approve", args=[open_request.pk])).status_code
            == 403
        )
    with pytest.raises(services.PermissionDenied):
        review.authorisation_request_approve(
            actor=cast.alice, auth_request=open_request, fingerprint=""
        )


def test_approving_reactivates_a_deactivated_account_instead_of_making_a_new_one(cast, bureaus):
    former = member(
        Role.CIRCLE_USER, cast.organisations["circle_c"], email="oud@example.org", first_name="Oud"
    )
    User.objects.filter(pk=former.pk).update(is_active=False)
    auth_request = submit(
        cast.alice,
        cast.organisations["organiser_a"],
        additions=[addition("Oud", "Test", "OUD@example.org", bureaus[0])],
    )

    approve(cast, auth_request)

    former.refresh_from_db()
    assert former.is_active
    assert User.objects.filter(email__iexact="oud@example.org").count() == 1
    assert Membership.objects.active().filter(user=former, organisation=bureaus[0]).exists()
    assert AuditEvent.objects.filter(action="user.reactivate", actor=cast.admin).exists()
