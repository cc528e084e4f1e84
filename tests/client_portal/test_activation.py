"""Activation: the practitioner's invitation, the client's birth date, a password of the
facility's rules, MFA straight after; links expire, work once, and re-activation resets."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import policies
from accounts.models import AuditEvent, Invitation, Organisation, Role
from client_portal import services
from client_portal.models import Participant
from tests.client_portal.conftest import client_for
from tests.client_portal.factories import is_member, make_trajectory

pytestmark = pytest.mark.django_db

PASSWORD = "Een-lange-zin-voor-het-portaal!"


def link_path(message) -> str:  # noqa: ANN001
    return re.search(r"https?://[^/\s]+(/account/uitnodiging/[^\s/]+/)", message.body).group(1)


@pytest.fixture
def invited(world, django_capture_on_commit_callbacks):  # noqa: ANN001, ANN201
    """A new trajectory for Noor (13): her mother and Noor herself are invited."""
    Organisation.objects.filter(pk=world.facility.pk).update(require_special_character=True)
    with django_capture_on_commit_callbacks(execute=True):
        trajectory = make_trajectory(
            world.facility,
            world.lies,
            age=13,
            first_name="Noor",
            parents=[services.NewPerson("Moeder.Noor@Example.org", "Mia", "Test")],
            client_account=services.NewPerson("noor@example.org", "Noor", "Test"),
        )
    world.named["noor"] = trajectory
    return world


def message_to(address: str):  # noqa: ANN201
    return next(m for m in mail.outbox if m.to == [address])


def test_every_participant_gets_an_activation_link_without_a_password(invited):
    mother = message_to("moeder.noor@example.org")
    noor = message_to("noor@example.org")
    for message in (mother, noor):
        assert "/account/uitnodiging/" in message.body
        assert "wachtwoord:" not in message.body.lower()
        assert "geboortedatum" in message.body
    trajectory = invited.noor
    mother_user = trajectory.participants.get(relation=Participant.Relation.PARENT).user
    noor_user = trajectory.participants.get(relation=Participant.Relation.CLIENT).user
    assert is_member(mother_user, invited.facility, Role.PARENT)
    assert is_member(noor_user, invited.facility, Role.YOUTH)
    assert not mother_user.has_usable_password()
    assert (
        Invitation.objects.filter(user=noor_user, purpose=services.ACTIVATION_PURPOSE).count() == 1
    )


def test_activation_asks_the_clients_birth_date_then_a_password_with_a_special_character(invited):
    path = link_path(message_to("moeder.noor@example.org"))
    browser = Client()
    page = browser.get(path)
    assert "Geboortedatum van de cliënt" in page.text

    wrong = browser.post(path, {"birth_date": "2001-01-01"})
    assert "klopt niet" in wrong.text
    right = browser.post(path, {"birth_date": invited.noor.client.birth_date.isoformat()})
    assert right.status_code == 302

    password_page = browser.get(path)
    assert "speciaal teken" in password_page.text  # the facility's rule is on the page
    plain = "een lange zin zonder tekens"
    refused = browser.post(path, {"new_password1": plain, "new_password2": plain})
    assert refused.status_code == 200
    assert "speciaal teken" in refused.text
    short = browser.post(path, {"new_password1": "Kort!1", "new_password2": "Kort!1"})
    assert short.status_code == 200

    done = browser.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302
    # Logged in, and the second factor comes before anything else (also the portal).
    assert browser.get(reverse("client_portal:index")).url == reverse("mfa_index")
    assert AuditEvent.objects.filter(action="invitation.accept").exists()


def test_five_wrong_birth_dates_revoke_the_link(invited):
    path = link_path(message_to("noor@example.org"))
    browser = Client()
    for _ in range(4):
        assert browser.post(path, {"birth_date": "2000-02-02"}).status_code == 200
    assert browser.post(path, {"birth_date": "2000-02-02"}).status_code == 410
    right = invited.noor.client.birth_date.isoformat()
    assert browser.post(path, {"birth_date": right}).status_code == 410


def test_an_expired_link_and_a_used_link_are_refused(invited):
    expired = link_path(message_to("noor@example.org"))
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert "verlopen" in Client().get(expired).text

    path = link_path(message_to("moeder.noor@example.org"))
    browser = Client()
    browser.post(path, {"birth_date": invited.noor.client.birth_date.isoformat()})
    browser.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    again = Client()
    assert again.get(path).status_code == 410


def test_a_new_link_revokes_the_older_one(invited, django_capture_on_commit_callbacks):
    old = link_path(message_to("noor@example.org"))
    participant = invited.noor.participants.get(relation=Participant.Relation.CLIENT)
    lies = client_for(invited.lies)
    with django_capture_on_commit_callbacks(execute=True):
        response = lies.post(
            reverse("client_portal:staff_participant_activation", args=[participant.pk])
        )
    assert response.status_code == 302
    new = link_path(mail.outbox[-1])
    assert Client().get(old).status_code == 410
    assert Client().get(new).status_code == 200


def test_reactivation_removes_the_lost_factors_and_ends_the_sessions(
    world, django_capture_on_commit_callbacks
):
    parent = world.parent
    assert Authenticator.objects.filter(user=parent).exists()
    session = client_for(parent)
    assert session.get(reverse("client_portal:home", args=["eigen"])).status_code == 200
    participant = world.daan.participants.get(user=parent)

    page = client_for(world.lies).get(
        reverse("client_portal:staff_participant_activation", args=[participant.pk])
    )
    assert "herstelcodes van dit account worden verwijderd" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.lies).post(
            reverse("client_portal:staff_participant_activation", args=[participant.pk])
        )

    parent.refresh_from_db()
    assert not parent.has_usable_password()
    assert not Authenticator.objects.filter(user=parent).exists()
    assert session.get(reverse("client_portal:home", args=["eigen"])).status_code == 302
    path = link_path(mail.outbox[-1])
    browser = Client()
    browser.post(path, {"birth_date": world.daan.client.birth_date.isoformat()})
    done = browser.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302
    assert browser.get(reverse("client_portal:index")).url == reverse("mfa_index")
    assert AuditEvent.objects.filter(action="trajectory_participant.reset_login").exists()


def test_a_staff_account_is_never_reset_or_reused(world):
    participant = world.daan.participants.get(user=world.parent)
    from accounts.services import membership_create

    membership_create(
        actor=None, user=world.parent, organisation=world.facility, role=Role.CARE_PROVIDER
    )
    policies.forget_memberships(world.parent)
    with pytest.raises(services.NotAParticipantAccountError):
        services.participant_send_activation(
            actor=world.lies, participant=participant, reset_login=True
        )
    assert world.parent.has_usable_password()
    with pytest.raises(services.NotAParticipantAccountError):
        services.participant_add(
            actor=world.lies,
            trajectory=world.jana,
            relation="parent",
            email=world.greta.email,
            first_name="Greta",
            last_name="Collega",
        )


def test_someone_with_an_account_gets_a_notice_instead_of_a_link(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_add(
            actor=world.lies,
            trajectory=world.daan,
            relation="parent",
            email=world.youth_parent.email.upper(),
            first_name="Jan",
            last_name="Ouder",
        )
    message = mail.outbox[-1]
    assert message.to == [world.youth_parent.email]
    assert "/account/uitnodiging/" not in message.body
    assert "bestaande account" in message.body
    assert world.daan.participants.filter(user=world.youth_parent).count() == 1


def test_a_client_under_twelve_gets_no_account_of_their_own(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.participant_add(
            actor=world.lies,
            trajectory=world.daan,
            relation="client",
            email="daan@example.org",
            first_name="Daan",
            last_name="Test",
        )
