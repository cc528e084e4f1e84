"""GP circles and care facilities: who appoints whom, and only in their own organisation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import policies
from accounts.access_management import services
from accounts.models import AuditEvent, Invitation, Membership, Role
from tests.factories import TEST_PASSWORD, UserFactory, member
from tests.helpers import login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle(cast):  # noqa: ANN001, ANN201
    return cast.organisations["circle_c"]


def team_url(organisation) -> str:  # noqa: ANN001
    return reverse("accounts:team", args=[organisation.pk])


def add(actor, organisation, role, email, **names):  # noqa: ANN001, ANN003, ANN201
    return services.team_member_add(
        actor=actor, organisation=organisation, role=role, email=email, **names
    )


def test_the_database_holds_one_main_access_manager_per_circle(cast, circle):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=UserFactory(), organisation=circle, role=Role.MAIN_ACCESS_MANAGER
        )


def test_who_manages_which_role(cast, circle):
    users = cast.users
    assert policies.roles_manageable_by(users[Role.MAIN_ACCESS_MANAGER], circle) == {
        Role.ACCESS_MANAGER,
        Role.CIRCLE_USER,
    }
    assert policies.roles_manageable_by(users[Role.ACCESS_MANAGER], circle) == {Role.CIRCLE_USER}
    assert policies.roles_manageable_by(users[Role.CIRCLE_USER], circle) == set()
    assert policies.roles_manageable_by(users[Role.AGENCY_ADMIN], circle) == {
        Role.MAIN_ACCESS_MANAGER,
        Role.ACCESS_MANAGER,
        Role.CIRCLE_USER,
    }
    assert policies.roles_manageable_by(
        users[Role.FACILITY_DIRECTOR], cast.organisations["facility_f"]
    ) == {Role.CARE_PROVIDER}
    # Nobody manages another organisation's members.
    assert (
        policies.roles_manageable_by(
            users[Role.MAIN_ACCESS_MANAGER], cast.organisations["circle_d"]
        )
        == set()
    )


def test_a_circle_user_sees_only_their_own_circle(cast, circle):
    assert list(policies.circles_visible_to(cast.users[Role.CIRCLE_USER])) == [circle]
    assert list(policies.circles_visible_to(cast.users[Role.ACCESS_MANAGER])) == [circle]
    assert list(policies.circles_visible_to(cast.bob)) == []
    assert set(policies.circles_visible_to(cast.admin)) == {
        circle,
        cast.organisations["circle_d"],
    }


def test_the_main_access_manager_appoints_an_access_manager_who_is_invited(
    cast, client, circle, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.users[Role.MAIN_ACCESS_MANAGER])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            team_url(circle),
            {
                "role": Role.ACCESS_MANAGER,
                "first_name": "Greet",
                "last_name": "Goossens",
                "email": "Greet@Example.org",
            },
            follow=True,
        )

    assert "Greet Goossens is toegevoegd als toegangsbeheerder" in response.content.decode()
    membership = Membership.objects.get(user__email="greet@example.org")
    assert (membership.organisation, membership.role) == (circle, Role.ACCESS_MANAGER)
    assert Invitation.objects.get(user=membership.user).purpose == Role.ACCESS_MANAGER
    [mail] = mailoutbox
    assert mail.to == ["greet@example.org"]
    assert "toegangsbeheerder van Kring C" in mail.body
    assert re.search(r"/account/uitnodiging/[^\s/]+/", mail.body)


def test_an_access_manager_adds_and_removes_circle_users_only(cast, client, circle):
    manager = cast.users[Role.ACCESS_MANAGER]
    client.force_login(manager)
    tampered = client.post(
        team_url(circle),
        {"role": Role.ACCESS_MANAGER, "first_name": "A", "last_name": "B", "email": "a@b.org"},
    )
    assert tampered.status_code == 400
    assert "Die rol kan je hier niet toekennen." in tampered.content.decode()
    with pytest.raises(PermissionDenied):
        add(manager, circle, Role.ACCESS_MANAGER, "a@b.org")

    client.post(
        team_url(circle),
        {"role": Role.CIRCLE_USER, "first_name": "Karl", "last_name": "K", "email": "k@b.org"},
    )
    new_user = Membership.objects.get(user__email="k@b.org")
    circle_user = Membership.objects.get(user=cast.users[Role.CIRCLE_USER])
    removal = reverse("accounts:team_member_remove", args=[circle.pk, circle_user.pk])
    assert "Ja, verwijderen" in client.get(removal).content.decode()
    client.post(removal)

    circle_user.refresh_from_db()
    assert circle_user.revoked_by == manager
    assert new_user.revoked_at is None
    other_manager = Membership.objects.get(
        user=cast.users[Role.MAIN_ACCESS_MANAGER], organisation=circle
    )
    forbidden = reverse("accounts:team_member_remove", args=[circle.pk, other_manager.pk])
    assert client.post(forbidden).status_code == 403


def test_a_removed_user_is_refused_on_the_next_click(cast, client, circle):
    circle_user = cast.users[Role.CIRCLE_USER]
    their_browser = Client()
    their_browser.force_login(circle_user)
    assert their_browser.get(reverse("home")).status_code == 200
    membership = Membership.objects.get(user=circle_user)

    services.team_member_remove(actor=cast.users[Role.ACCESS_MANAGER], membership=membership)

    assert their_browser.get(reverse("home")).url.startswith(reverse("account_login"))
    assert AuditEvent.objects.filter(action="membership.revoke").exists()


def test_nobody_manages_another_circle(cast, client):
    other = cast.organisations["circle_d"]
    for role in (Role.MAIN_ACCESS_MANAGER, Role.ACCESS_MANAGER, Role.FACILITY_DIRECTOR):
        client.force_login(cast.users[role])
        assert client.get(team_url(other)).status_code == 404
        assert (
            client.post(
                team_url(other),
                {"role": Role.CIRCLE_USER, "first_name": "X", "last_name": "Y", "email": "x@y.org"},
            ).status_code
            == 404
        )
    foreign_user = member(Role.CIRCLE_USER, other)
    foreign = Membership.objects.get(user=foreign_user)
    client.force_login(cast.users[Role.ACCESS_MANAGER])
    own_circle = cast.organisations["circle_c"]
    # The membership id of circle D under circle C's URL is not found either.
    url = reverse("accounts:team_member_remove", args=[own_circle.pk, foreign.pk])
    assert client.post(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.team_member_remove(actor=cast.users[Role.ACCESS_MANAGER], membership=foreign)
    assert Membership.objects.get(pk=foreign.pk).revoked_at is None


def test_charlie_is_refused_access_management(cast, client, circle):
    client.force_login(cast.charlie)
    assert client.get(team_url(circle)).status_code == 403
    assert client.get(reverse("accounts:organisations_overview")).status_code == 403
    client.force_login(cast.users[Role.CIRCLE_USER])
    assert client.get(team_url(circle)).status_code == 403


def test_adding_someone_twice_changes_nothing(cast, circle):
    manager = cast.users[Role.ACCESS_MANAGER]
    add(manager, circle, Role.CIRCLE_USER, "twee@example.org")
    with pytest.raises(services.AlreadyMember):
        add(manager, circle, Role.CIRCLE_USER, "TWEE@example.org")
    assert Membership.objects.filter(user__email="twee@example.org").count() == 1


def test_managers_cannot_remove_themselves_or_the_main_access_manager(cast, circle):
    main = cast.users[Role.MAIN_ACCESS_MANAGER]
    own = Membership.objects.get(user=main)
    with pytest.raises(services.NotRemovable):
        services.team_member_remove(actor=cast.admin, membership=own)
    manager = cast.users[Role.ACCESS_MANAGER]
    with pytest.raises(PermissionDenied):  # an access manager manages circle users only
        services.team_member_remove(actor=manager, membership=Membership.objects.get(user=manager))


def test_the_agency_replaces_the_main_access_manager_after_reauthenticating(
    cast, circle, mailoutbox, django_capture_on_commit_callbacks
):
    old = cast.users[Role.MAIN_ACCESS_MANAGER]
    successor = member(Role.CIRCLE_USER, cast.organisations["circle_d"], email="opvolger@x.org")
    admin = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login_with_mfa(admin, cast.admin.email)
        clock.shift(timedelta(minutes=6))
        data = {
            "role": Role.MAIN_ACCESS_MANAGER,
            "first_name": "Olivia",
            "last_name": "Opvolger",
            "email": "opvolger@x.org",
        }
        response = admin.post(team_url(circle), data)
        assert response.url.startswith(reverse("account_reauthenticate"))
        assert Membership.objects.get(user=old, organisation=circle).revoked_at is None
        with django_capture_on_commit_callbacks(execute=True):
            admin.post(response.url, {"password": TEST_PASSWORD})

        current = Membership.objects.active().get(
            organisation=circle, role=Role.MAIN_ACCESS_MANAGER
        )
    assert current.user == successor  # an existing account, linked rather than duplicated
    replaced = Membership.objects.get(user=old, organisation=circle)
    assert replaced.revoked_at is not None
    assert "Vervangen door" in replaced.revocation_reason
    assert [m.to for m in mailoutbox] == [["opvolger@x.org"]]
    assert "hoofdtoegangsbeheerder van Kring C" in mailoutbox[0].body


def test_a_facility_director_manages_care_providers(
    cast, client, django_capture_on_commit_callbacks
):
    facility = cast.organisations["facility_f"]
    director = cast.users[Role.FACILITY_DIRECTOR]
    client.force_login(director)
    page = client.get(team_url(facility)).content.decode()
    assert "Zorgverlener" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            team_url(facility),
            {"role": Role.CARE_PROVIDER, "first_name": "Els", "last_name": "E", "email": "e@f.org"},
        )
    assert (
        Membership.objects.active()
        .filter(user__email="e@f.org", organisation=facility, role=Role.CARE_PROVIDER)
        .exists()
    )
    with pytest.raises(PermissionDenied):
        add(director, facility, Role.FACILITY_DIRECTOR, "d2@f.org")
    with pytest.raises(PermissionDenied):
        add(director, cast.organisations["facility_g"], Role.CARE_PROVIDER, "g@f.org")
    home = client.get(reverse("home")).content.decode()
    assert "Zorgverleners" in home and "2 zorgverleners" in home


def test_the_agency_overview_lists_leaders_and_gaps(cast, client):
    client.force_login(cast.admin)
    page = client.get(reverse("accounts:organisations_overview")).content.decode()
    assert "Kring C" in page and "Kring D" in page
    assert "Main Access Manager Test" in page
    assert "nog niet aangesteld" in page  # circle D and facility G have no leader
