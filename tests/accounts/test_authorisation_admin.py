"""Django admin: requests (read-only, filters), contact persons, declaration versions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.access_management import services as access
from accounts.models import DeclarationText
from tests.accounts.conftest import addition, submit

pytestmark = pytest.mark.django_db


def test_the_agency_filters_requests_but_decides_in_the_portal(cast, client):
    auth_request = submit(
        cast.alice,
        cast.organisations["organiser_a"],
        additions=[addition("Jan", "J", "jan@example.org", cast.organisations["bureau_a"])],
    )
    client.force_login(cast.admin)
    changelist = reverse("admin:accounts_authorisationrequest_changelist")

    open_page = client.get(changelist, {"status__exact": "open"}).content.decode()
    rejected_page = client.get(changelist, {"status__exact": "rejected"}).content.decode()
    detail = client.get(
        reverse("admin:accounts_authorisationrequest_change", args=[auth_request.pk])
    ).content.decode()

    assert "Organisator A" in open_page
    assert "Organisator A" not in rejected_page.split("<tbody>")[-1]
    assert "jan@example.org" in detail
    assert reverse("accounts:review", args=[auth_request.pk]) in detail
    assert 'name="_save"' not in detail  # read-only
    assert client.get(reverse("admin:accounts_authorisationrequest_add")).status_code == 403


def test_a_signed_declaration_version_can_no_longer_be_edited(cast, client):
    declaration = DeclarationText.objects.current()
    client.force_login(cast.admin)
    change = reverse("admin:accounts_declarationtext_change", args=[declaration.pk])
    assert 'name="_save"' in client.get(change).content.decode()

    submit(
        cast.alice,
        cast.organisations["organiser_a"],
        additions=[addition("Jan", "J", "jan@example.org", cast.organisations["bureau_a"])],
    )

    assert 'name="_save"' not in client.get(change).content.decode()
    delete = reverse("admin:accounts_declarationtext_delete", args=[declaration.pk])
    assert client.get(delete).status_code == 403


def test_contact_persons_and_memberships_have_filters(cast, client):
    access.contact_person_create(
        actor=cast.admin,
        organisation=cast.organisations["circle_c"],
        name="Sara",
        role="secretariaat",
        email="sara@kring.be",
    )
    client.force_login(cast.admin)
    contacts = client.get(
        reverse("admin:accounts_contactperson_changelist"),
        {"organisation__kind__exact": "gp_circle"},
    ).content.decode()
    memberships = client.get(
        reverse("admin:accounts_membership_changelist"), {"role__exact": "circle_user"}
    ).content.decode()
    assert "sara@kring.be" in contacts
    assert "Circle User Test" in memberships
