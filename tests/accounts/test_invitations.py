from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import invitations
from accounts.models import AuditEvent, Invitation, Role
from accounts.services import membership_create, user_get_or_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(cast):  # noqa: ANN001, ANN201
    user, _ = user_get_or_create(email="nieuw@example.org", first_name="Nina", actor=cast.admin)
    membership_create(
        actor=cast.admin,
        user=user,
        organisation=cast.organisations["bureau_a"],
        role=Role.AUTHORISED_PERSON,
    )
    return user


def invite(cast, user, mailoutbox, purpose="authorised_person"):  # noqa: ANN001, ANN201
    invitation, link = invitations.invitation_create(
        actor=cast.admin, user=user, purpose=purpose, organisation=cast.organisations["bureau_a"]
    )
    invitations.invitation_send(
        invitation=invitation, link=link, subject="Uitnodiging", intro="Welkom bij Bureau A."
    )
    path = re.search(r"http://[^/]+(/account/uitnodiging/[^\s/]+/)", mailoutbox[-1].body).group(1)
    return invitation, path


def test_a_newcomer_chooses_a_password_and_is_sent_to_mfa_set_up(cast, newcomer, mailoutbox):
    invitation, path = invite(cast, newcomer, mailoutbox)
    assert "wachtwoord" in mailoutbox[-1].body.lower()
    assert invitation.token_hash not in mailoutbox[-1].body  # only the raw token travels
    client = Client()
    assert client.get(path).status_code == 200

    response = client.post(
        path,
        {"new_password1": "drie woorden en een zin", "new_password2": "drie woorden en een zin"},
    )

    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse("mfa_index")  # MFA before anything else
    assert client.get(reverse("mfa_activate_totp")).status_code == 200  # no second password
    newcomer.refresh_from_db()
    assert newcomer.check_password("drie woorden en een zin")
    assert AuditEvent.objects.filter(action="invitation.accept", actor=newcomer).exists()


def test_a_link_works_once(cast, newcomer, mailoutbox):
    _, path = invite(cast, newcomer, mailoutbox)
    data = {"new_password1": "drie woorden en een zin", "new_password2": "drie woorden en een zin"}
    Client().post(path, data)
    again = Client().post(
        path,
        {**data, "new_password1": "een andere lange zin", "new_password2": "een andere lange zin"},
    )
    assert again.status_code == 410
    newcomer.refresh_from_db()
    assert newcomer.check_password("drie woorden en een zin")


def test_an_expired_link_is_refused_with_a_clear_message(cast, newcomer, mailoutbox):
    _, path = invite(cast, newcomer, mailoutbox)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = Client().get(path)
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()


def test_a_new_invitation_replaces_the_old_link(cast, newcomer, mailoutbox):
    _, old = invite(cast, newcomer, mailoutbox)
    _, new = invite(cast, newcomer, mailoutbox)
    assert Client().get(old).status_code == 410
    assert Client().get(new).status_code == 200


def test_the_password_rules_apply(cast, newcomer, mailoutbox):
    _, path = invite(cast, newcomer, mailoutbox)
    response = Client().post(path, {"new_password1": "kort-ww", "new_password2": "kort-ww"})
    assert response.status_code == 200
    assert "minstens 12" in response.content.decode() or "too short" in response.content.decode()
    assert not Invitation.objects.get(user=newcomer).used_at


def test_an_unknown_link_is_not_found(db):
    assert Client().get(reverse("accounts:invitation_accept", args=["onbekend"])).status_code == 404


class BirthDateForm(forms.Form):
    birth_date = forms.DateField(label="Geboortedatum van je kind")


def test_a_purpose_can_ask_an_extra_proof_and_five_wrong_answers_revoke(cast, newcomer, mailoutbox):
    invitations.register_check(
        "test_parent",
        invitations.InvitationCheck(
            form_class=BirthDateForm,
            passes=lambda invitation, data: data["birth_date"].isoformat() == "2024-05-01",
            explanation="Vul de geboortedatum van je kind in.",
        ),
    )
    _, path = invite(cast, newcomer, mailoutbox, purpose="test_parent")
    client = Client()
    assert "Geboortedatum" in client.get(path).content.decode()
    assert client.post(path, {"birth_date": "2024-05-02"}).status_code == 200
    assert client.post(path, {"birth_date": "2024-05-01"}).status_code == 302
    assert "new_password1" in client.get(path).content.decode()

    _, path = invite(cast, newcomer, mailoutbox, purpose="test_parent")
    other = Client()
    for _ in range(4):
        assert other.post(path, {"birth_date": "2020-01-01"}).status_code == 200
    assert other.post(path, {"birth_date": "2020-01-01"}).status_code == 410
    assert other.post(path, {"birth_date": "2024-05-01"}).status_code == 410


def test_a_logged_in_person_cannot_use_someone_elses_link(cast, newcomer, mailoutbox, client):
    _, path = invite(cast, newcomer, mailoutbox)
    client.force_login(cast.bob)
    assert client.get(path).status_code == 409
