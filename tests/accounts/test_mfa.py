from __future__ import annotations

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.adapters import MFAAdapter
from accounts.models import Role
from tests.conftest import ROLE_HOME
from tests.factories import TEST_PASSWORD, TOTP_SECRET, member
from tests.helpers import fresh_totp, login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(ROLE_HOME))
def test_every_role_without_a_second_factor_can_only_set_one_up(cast, client, role):
    organisation = cast.organisations[ROLE_HOME[role]]
    if role == Role.MAIN_ACCESS_MANAGER:
        organisation = cast.organisations["circle_d"]  # one main access manager per circle
    user = member(role, organisation, mfa=False)
    client.force_login(user)

    for url in (reverse("home"), reverse("accounts:access_log"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("mfa_index")
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("api:me")).status_code == 403


@pytest.mark.parametrize("role", list(ROLE_HOME))
def test_every_role_logs_in_with_password_and_totp(cast, client, role):
    user = cast.users[role]
    response = login_with_mfa(client, user.email)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_the_password_alone_does_not_log_in(cast, client):
    client.post(reverse("account_login"), {"login": cast.bob.email, "password": TEST_PASSWORD})
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_totp_code_is_accepted_only_once(cast):
    from django.test import Client

    code = fresh_totp()
    first, second = Client(), Client()
    for c in (first, second):
        c.post(reverse("account_login"), {"login": cast.bob.email, "password": TEST_PASSWORD})
    ok = first.post(reverse("mfa_authenticate"), {"code": code})
    assert ok.status_code == 302 and ok.url == reverse("home")

    replay = second.post(reverse("mfa_authenticate"), {"code": code})

    assert replay.status_code == 200
    assert second.get(reverse("home")).status_code == 302


def test_the_totp_secret_is_stored_encrypted(cast, client):
    user = member(Role.PARENT, cast.organisations["bureau_a"], mfa=False)
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": fresh_totp(secret)})
    assert response.status_code == 302, response.content[:400]

    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    assert secret not in stored
    assert MFAAdapter().decrypt(stored) == secret


def test_password_reset_never_logs_in_and_never_skips_mfa(cast, client, mailoutbox):
    import re

    bob = cast.bob
    client.post(reverse("account_reset_password"), {"email": bob.email})
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^\s]+/password/reset/key/[^\s]+", mailoutbox[0].body).group(0)
    path = link.split("testserver", 1)[-1]
    form_page = client.get(path, follow=True)
    new_password = "een-nieuwe-lange-zin-voor-bob"
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302  # not logged in

    login = client.post(reverse("account_login"), {"login": bob.email, "password": new_password})
    assert login.url == reverse("mfa_authenticate")  # the second factor is still asked


def test_a_wrong_totp_code_is_refused_and_logged(cast, client):
    from accounts.models import AuditEvent

    client.post(reverse("account_login"), {"login": cast.bob.email, "password": TEST_PASSWORD})
    wrong = str((int(pyotp.TOTP(TOTP_SECRET).now()) + 1) % 1_000_000).zfill(6)
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="mfa.failed").exists()


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_unknown_and_known_e_mails_get_the_same_answer_on_reset(cast, client, mailoutbox):
    known = client.post(reverse("account_reset_password"), {"email": cast.bob.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
