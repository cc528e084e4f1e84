"""The demo seed shows the authorisation flow and a circle's contact person, and is idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import AuthorisationRequest, ContactPerson, Membership, User

pytestmark = pytest.mark.django_db


def test_the_demo_seed_is_idempotent_and_tells_the_story(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    statuses = sorted(AuthorisationRequest.objects.values_list("kind", "status"))
    assert statuses == [
        ("change", "approved"),
        ("change", "open"),
        ("urgent_removal", "applied"),
    ]
    assert ContactPerson.objects.count() == 1
    active = Membership.objects.active()
    assert active.filter(user__email="wim.willems@demo.example.org").exists()
    assert not active.filter(user__email="sofie.snel@demo.example.org").exists()

    client = Client()
    client.force_login(User.objects.get(email="beheerder@demo.example.org"))
    home = client.get(reverse("home")).content.decode()
    assert "1 open aanvraag" in home and "1 schrapping om na te kijken" in home
    client.force_login(User.objects.get(email="hoofdbeheerder@demo.example.org"))
    assert "Kloppen je contactpersonen nog?" in client.get(reverse("home")).content.decode()
