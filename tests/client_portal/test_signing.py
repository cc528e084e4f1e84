"""Getting started: every parent with authority and the client from 12 sign the start
documents; the practitioner sees who signed; the trajectory cannot start before."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from client_portal import services
from client_portal.models import Signature
from parent_portal import services as parent_services
from tests.client_portal.conftest import client_for
from tests.factories import member

pytestmark = pytest.mark.django_db


def sign_url(trajectory, key="eigen") -> str:  # noqa: ANN001
    agreement = trajectory.documents.get(signature_required=True)
    return reverse("client_portal:sign", args=[key, agreement.pk])


def test_the_agreement_must_be_signed_by_everyone_before_the_start(world):
    jana = world.jana
    problems = services.start_blockers(jana)
    assert any(str(jana.client) in p for p in problems)
    assert any(str(world.youth_parent) in p for p in problems)
    with pytest.raises(services.StartBlockedError):
        services.trajectory_start(actor=world.lies, trajectory=jana)

    youth = client_for(world.youth)
    page = youth.get(sign_url(jana))
    assert "Overeenkomst tussen" in page.text
    wrong = youth.post(sign_url(jana), {"read": "on", "signature_name": "Iemand Anders"})
    assert "precies zoals in je account" in wrong.text
    youth.post(sign_url(jana), {"read": "on", "signature_name": world.youth.full_name})
    signature = Signature.objects.get(user=world.youth)
    assert signature.document_sha256 == jana.documents.get(signature_required=True).sha256
    assert signature.ip_address == "127.0.0.1"

    start = reverse("client_portal:staff_trajectory_start", args=[jana.pk])
    lies = client_for(world.lies)
    lies.post(start)
    jana.refresh_from_db()
    assert jana.started_at is None  # the parent has not signed yet

    client_for(world.youth_parent).post(
        sign_url(jana), {"read": "on", "signature_name": world.youth_parent.full_name}
    )
    overview = lies.get(reverse("client_portal:staff_trajectory", args=[jana.pk]))
    assert "Iedereen heeft ondertekend" in overview.text
    lies.post(start)
    jana.refresh_from_db()
    assert jana.started_at is not None


def test_a_second_guardian_without_an_account_blocks_the_start(world):
    other = member(Role.PARENT, world.organisations["bureau_a"], first_name="Tweede")
    parent_services.guardianship_create(actor=None, parent=other, child=world.daan.client)
    client_for(world.parent).post(
        sign_url(world.daan), {"read": "on", "signature_name": world.parent.full_name}
    )
    problems = services.start_blockers(world.daan)
    assert problems and "Tweede" in problems[0]
    services.participant_add(
        actor=world.lies,
        trajectory=world.daan,
        relation="parent",
        email=other.email,
        first_name=other.first_name,
        last_name=other.last_name,
    )
    client_for(other).post(sign_url(world.daan), {"read": "on", "signature_name": other.full_name})
    assert services.start_blockers(world.daan) == []


def test_a_parent_sees_what_is_left_to_sign_on_the_home_page(world):
    home = client_for(world.parent).get(reverse("home"))
    assert "onderteken de overeenkomst" in home.text.lower()
    portal = client_for(world.parent).get(reverse("client_portal:home", args=["eigen"]))
    assert "Eerst te doen" in portal.text
    steps = client_for(world.parent).get(reverse("client_portal:get_started", args=["eigen"]))
    assert "Wie moet ondertekenen?" in steps.text


def test_signing_twice_keeps_the_first_signature(world):
    document = world.daan.documents.get(signature_required=True)
    first = services.document_sign(actor=world.parent, document=document, signature_name="A B")
    again = services.document_sign(actor=world.parent, document=document, signature_name="C D")
    assert first.pk == again.pk
    assert Signature.objects.filter(document=document).count() == 1
