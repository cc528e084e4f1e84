from __future__ import annotations

import pytest
from allauth.usersessions.models import UserSession
from django.urls import reverse
from django.utils import timezone

from accounts import policies
from accounts.models import AuditEvent, Membership, Role
from accounts.services import membership_create, membership_revoke
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_membership_grants_access_only_within_its_period(cast):
    bob = cast.bob
    membership = Membership.objects.get(user=bob)
    assert policies.has_access(bob)

    membership.valid_until = timezone.localdate() - timezone.timedelta(days=1)
    membership.valid_from = membership.valid_until - timezone.timedelta(days=30)
    membership.save(update_fields=["valid_until", "valid_from"])
    policies.forget_memberships(bob)

    assert not policies.has_access(bob)


def test_it_refuses_a_role_that_does_not_exist_at_that_kind_of_organisation(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        membership_create(
            actor=cast.admin,
            user=UserFactory(),
            organisation=cast.organisations["circle_c"],
            role=Role.ORGANISER,
        )
    assert "role" in error.value.message_dict


def test_revoking_refuses_the_very_next_request_and_ends_every_session(cast, client):
    bob = cast.bob
    client.force_login(bob)
    other_device = type(client)()
    other_device.force_login(bob)
    assert client.get(reverse("home")).status_code == 200
    assert other_device.get(reverse("home")).status_code == 200
    assert UserSession.objects.filter(user=bob).count() == 2

    membership_revoke(actor=cast.alice, membership=Membership.objects.get(user=bob))

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert other_device.get(reverse("home")).status_code == 302
    assert not UserSession.objects.filter(user=bob).exists()
    event = AuditEvent.objects.filter(action="membership.revoke").get()
    assert event.actor == cast.alice
    assert event.details["sessions_ended"] == 2


def test_a_user_whose_last_membership_expired_is_logged_out_on_the_next_request(cast, client):
    bob = cast.bob
    client.force_login(bob)
    assert client.get(reverse("home")).status_code == 200
    Membership.objects.filter(user=bob).update(
        valid_from=timezone.localdate() - timezone.timedelta(days=10),
        valid_until=timezone.localdate() - timezone.timedelta(days=1),
    )

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(
        action="access.no_active_membership", outcome="denied"
    ).exists()


def test_revoking_one_of_two_memberships_keeps_the_other(cast):
    bob = cast.bob
    second = membership_create(
        actor=cast.admin,
        user=bob,
        organisation=cast.organisations["bureau_a2"],
        role=Role.AUTHORISED_PERSON,
    )
    membership_revoke(
        actor=cast.alice,
        membership=Membership.objects.get(user=bob, organisation=cast.organisations["bureau_a"]),
    )
    policies.forget_memberships(bob)

    assert [m.pk for m in policies.active_memberships(bob)] == [second.pk]


def test_a_manager_sees_the_members_of_their_own_organisation_only(cast, client):
    alice = cast.alice
    client.force_login(alice)
    own = client.get(
        reverse("accounts:organisation_members", args=[cast.organisations["bureau_a"].pk])
    )
    assert own.status_code == 200
    assert cast.bob.email in own.content.decode()

    other = client.get(
        reverse("accounts:organisation_members", args=[cast.organisations["bureau_b"].pk])
    )
    assert other.status_code == 404


def test_charlie_is_refused_the_members_page(cast, client):
    client.force_login(cast.charlie)
    response = client.get(
        reverse("accounts:organisation_members", args=[cast.organisations["bureau_b"].pk])
    )
    assert response.status_code == 403


def test_one_person_one_account_matched_case_insensitively(cast):
    from accounts.services import user_get_or_create

    existing = UserFactory(email="marie@example.org")
    found, created = user_get_or_create(email="  Marie@Example.ORG ")
    assert (found, created) == (existing, False)


def test_other_organisations_are_invisible_to_a_circle_manager(cast):
    manager = cast.users[Role.MAIN_ACCESS_MANAGER]
    visible = set(policies.organisations_managed_by(manager))
    assert visible == {cast.organisations["circle_c"]}
    assert OrganisationFactory() not in visible


def test_the_admin_action_revokes_through_the_service(cast, client):
    bob_membership = Membership.objects.get(user=cast.bob)
    client.force_login(cast.admin)
    response = client.post(
        reverse("admin:accounts_membership_changelist"),
        {"action": "revoke_now", "_selected_action": [bob_membership.pk]},
    )
    assert response.status_code == 302
    bob_membership.refresh_from_db()
    assert bob_membership.revoked_by == cast.admin
    assert AuditEvent.objects.filter(action="membership.revoke", actor=cast.admin).exists()
