"""Recovery codes replace the 'secret question': each logs in once when the phone is lost."""

from __future__ import annotations

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_a_recovery_code_logs_in_once(cast):
    codes = RecoveryCodes.activate(cast.bob).generate_codes()
    assert len(codes) == 10

    first = Client()
    first.post(reverse("account_login"), {"login": cast.bob.email, "password": TEST_PASSWORD})
    response = first.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302 and response.url == reverse("home")

    second = Client()
    second.post(reverse("account_login"), {"login": cast.bob.email, "password": TEST_PASSWORD})
    assert second.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 200
    assert second.get(reverse("home")).status_code == 302
    assert second.post(reverse("mfa_authenticate"), {"code": codes[1]}).status_code == 302
