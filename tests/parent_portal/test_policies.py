"""Who sees a child: parents with authority until the 12th birthday, staff of its organisation."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import policies
from accounts.models import AuditEvent, Membership, Role
from parent_portal import services
from parent_portal.models import Child, add_years
from tests.factories import member
from tests.parent_portal.conftest import client_for
from tests.parent_portal.factories import give_parent, make_child


def visible(user) -> set[int]:  # noqa: ANN001
    return set(policies.children_visible_to(user).values_list("pk", flat=True))


def test_a_parent_with_authority_sees_their_child(world):
    assert world.child.pk in visible(world.pat)
    response = client_for(world.pat).get(reverse("parent_portal:child", args=[world.child.pk]))
    assert response.status_code == 200
    assert "Lotte" in response.text


def test_the_child_disappears_on_the_twelfth_birthday(cast):
    birth = timezone.localdate() - timedelta(days=365 * 11 + 300)
    child = services.child_create(
        actor=None,
        organisation=cast.organisations["bureau_a"],
        first_name="Emma",
        last_name="Test",
        birth_date=birth,
        sex="female",
        registration_date=birth,
    )
    give_parent(child, cast.pat)
    twelfth = add_years(birth, 12)
    with time_machine.travel(twelfth - timedelta(days=1), tick=False):
        assert child.pk in visible(cast.pat)
    with time_machine.travel(twelfth, tick=False):
        assert child.pk not in visible(cast.pat)
        response = client_for(cast.pat).get(reverse("parent_portal:child", args=[child.pk]))
        assert response.status_code == 404
        page = client_for(cast.pat).get(reverse("parent_portal:children"))
        assert "12 jaar of ouder" in page.text
        # The daily task marks the portal closed too (and only once).
        assert services.close_portals_at_twelve() == 1
        assert services.close_portals_at_twelve() == 0
        assert Child.objects.get(pk=child.pk).portal_closed_at is not None


def test_the_child_disappears_when_authority_ends(world):
    guardianship = world.child.guardianships.get(parent=world.pat)
    services.guardianship_end(actor=world.nurse, guardianship=guardianship)
    assert world.child.pk not in visible(world.pat)
    response = client_for(world.pat).get(reverse("parent_portal:growth", args=[world.child.pk]))
    assert response.status_code == 404


def test_a_parent_without_authority_sees_nothing(cast):
    child = make_child(cast.organisations["bureau_a"])
    give_parent(child, cast.pat, has_parental_authority=False)
    assert child.pk not in visible(cast.pat)


def test_divorced_parents_with_authority_both_see_the_child(world):
    other = member(Role.PARENT, world.organisations["bureau_a"])
    give_parent(world.child, other)
    assert world.child.pk in visible(other)
    assert world.child.pk in visible(world.pat)


def test_another_parent_does_not_see_the_child(world):
    stranger = member(Role.PARENT, world.organisations["bureau_a"])
    assert world.child.pk not in visible(stranger)
    response = client_for(stranger).get(reverse("parent_portal:child", args=[world.child.pk]))
    assert response.status_code == 404


def test_staff_see_only_their_organisations_children(world):
    assert world.child.pk in visible(world.nurse)
    assert world.child_b.pk not in visible(world.nurse)
    assert world.child.pk not in visible(world.nurse_b)
    refused = client_for(world.nurse_b).get(
        reverse("parent_portal:staff_child", args=[world.child.pk])
    )
    assert refused.status_code == 404


def test_charlie_of_another_organisation_is_refused(world):
    response = client_for(world.charlie).get(
        reverse("parent_portal:staff_child", args=[world.child.pk])
    )
    assert response.status_code == 403
    api = client_for(world.charlie).get(reverse("parent_portal_api:child", args=[world.child.pk]))
    assert api.status_code == 403


def test_a_parent_sees_who_read_their_childs_record(world):
    client_for(world.nurse).get(reverse("parent_portal:staff_child", args=[world.child.pk]))
    assert AuditEvent.objects.filter(
        subject_ref=f"parent_portal.child:{world.child.pk}", category="read", actor=world.nurse
    ).exists()
    page = client_for(world.pat).get(reverse("accounts:access_log"))
    assert world.nurse.email in page.text


def test_a_nurse_invites_a_parent_who_proves_the_birth_date(
    world, django_capture_on_commit_callbacks
):
    nurse = client_for(world.nurse)
    with django_capture_on_commit_callbacks(execute=True):
        response = nurse.post(
            reverse("parent_portal:staff_invite_parent", args=[world.child.pk]),
            {
                "email": "Moeder@Example.org",
                "first_name": "Mia",
                "last_name": "Test",
                "has_parental_authority": "on",
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["moeder@example.org"]
    assert "wachtwoord:" not in message.body.lower()
    link = next(w for w in message.body.split() if "/account/uitnodiging/" in w)
    path = "/account/" + link.split("/account/", 1)[1]
    browser = Client()
    wrong = browser.post(path, {"birth_date": "2001-01-01"})
    assert "klopt niet" in wrong.text
    right = browser.post(path, {"birth_date": world.child.birth_date.isoformat()})
    assert right.status_code == 302
    password = "Een-Lange-Zin-Voor-Mia-9"
    done = browser.post(path, {"new_password1": password, "new_password2": password})
    assert done.status_code == 302
    # Logged in, and sent to set up MFA before anything else.
    assert browser.get(reverse("parent_portal:children")).status_code == 302
    mother = Membership.objects.get(user__email="moeder@example.org").user
    assert world.child.pk in visible(mother)
    assert policies.has_role(mother, Role.PARENT)


def test_a_portal_marked_closed_by_the_daily_task_stays_closed(world):
    Child.objects.filter(pk=world.child.pk).update(portal_closed_at=timezone.now())
    assert world.child.pk not in visible(world.pat)
    assert world.child.pk in visible(world.nurse)  # staff keep the record
    page = client_for(world.pat).get(reverse("parent_portal:children"))
    assert "12 jaar of ouder" in page.text
