"""Who opens which portal: participants of open trajectories, parents with authority, a 12+
client's consent for the parents (at once), and closed access after the trajectory ends."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import policies
from accounts.models import AuditEvent, Role
from client_portal import services
from client_portal.models import Document, Trajectory
from parent_portal import services as parent_services
from parent_portal.models import Guardianship
from tests.client_portal.conftest import client_for
from tests.client_portal.factories import share_report

pytestmark = pytest.mark.django_db


def home(key) -> str:  # noqa: ANN001
    return reverse("client_portal:home", args=[str(key)])


def visible(user) -> set[int]:  # noqa: ANN001
    return set(policies.trajectories_visible_to(user).values_list("pk", flat=True))


def test_participants_see_their_own_portal_and_nobody_elses(world):
    assert visible(world.parent) == {world.daan.pk}
    assert visible(world.youth) == {world.jana.pk}
    parent = client_for(world.parent)
    assert parent.get(home(world.daan.client_id)).status_code == 200
    assert parent.get(home(world.jana.client_id)).status_code == 404
    assert parent.get(home(world.elsewhere.client_id)).status_code == 404
    youth = client_for(world.youth)
    assert youth.get(home("eigen")).status_code == 200
    assert youth.get(home(world.daan.client_id)).status_code == 404


def test_charlie_of_another_organisation_is_refused(world):
    charlie = client_for(world.charlie)
    assert charlie.get(home(world.daan.client_id)).status_code == 403
    assert charlie.get(reverse("client_portal:staff_workspace")).status_code == 403
    trajectory = reverse("client_portal:staff_trajectory", args=[world.daan.pk])
    assert charlie.get(trajectory).status_code == 403


def test_practitioners_see_only_the_trajectories_they_treat(world):
    url = reverse("client_portal:staff_trajectory", args=[world.daan.pk])
    assert client_for(world.lies).get(url).status_code == 200
    assert client_for(world.greta).get(url).status_code == 404  # same facility, not hers
    assert client_for(world.gijs).get(url).status_code == 404  # another facility


def test_a_parent_sees_a_twelve_plus_portal_only_with_the_clients_consent(world):
    youth_parent = client_for(world.youth_parent)
    portal = home(world.jana.client_id)
    assert youth_parent.get(portal).status_code == 404
    overview = youth_parent.get(home("eigen"))
    assert "12 jaar of ouder" in overview.text  # the parent learns why
    # The agreement is still theirs to sign without seeing the portal.
    sign = reverse(
        "client_portal:sign",
        args=["eigen", world.jana.documents.get(signature_required=True).pk],
    )
    assert youth_parent.get(sign).status_code == 200

    services.parent_access_record(actor=world.lies, trajectory=world.jana, given=True)
    assert youth_parent.get(portal).status_code == 200
    services.parent_access_record(actor=world.lies, trajectory=world.jana, given=False)
    assert youth_parent.get(portal).status_code == 404  # at once, the next request
    assert AuditEvent.objects.filter(
        action="consent.change", legal_basis="consent:parent_access:withdrawn"
    ).exists()


def test_parent_access_consent_is_only_for_clients_from_twelve(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.parent_access_record(actor=world.lies, trajectory=world.daan, given=False)


def test_ending_parental_authority_ends_the_parents_access(world):
    guardianship = Guardianship.objects.get(parent=world.parent, child=world.daan.client)
    parent_services.guardianship_end(actor=world.lies, guardianship=guardianship)
    assert client_for(world.parent).get(home(world.daan.client_id)).status_code == 404


def test_after_the_trajectory_ends_the_next_request_is_refused(world):
    share_report(world.daan)
    parent = client_for(world.parent)
    assert parent.get(home(world.daan.client_id)).status_code == 200

    services.trajectory_end(actor=world.lies, trajectory=world.daan, end_date=timezone.localdate())

    # Their session ended with the access: the next request goes to the login page.
    assert parent.get(home(world.daan.client_id)).status_code == 302
    again = client_for(world.parent)
    refused = again.get(home(world.daan.client_id))
    assert refused.status_code == 403
    assert "afgesloten" in refused.text
    assert again.get(reverse("client_portal:index")).url == reverse("client_portal:closed")
    closed = again.get(reverse("client_portal:closed"))
    assert "Er is niets gewist" in closed.text
    assert Document.objects.filter(trajectory=world.daan).count() == 2  # nothing deleted
    # The notice is a Celery task queued after the commit; run it here (eager or not).
    from client_portal.tasks import send_access_closed_notice

    mail.outbox.clear()
    assert send_access_closed_notice(world.daan.pk) == 1
    notice = mail.outbox[-1]
    assert notice.to == [world.parent.email]
    assert "afgesloten" in notice.subject
    # The practitioner keeps the record.
    url = reverse("client_portal:staff_trajectory", args=[world.daan.pk])
    assert client_for(world.lies).get(url).status_code == 200


def test_a_closed_account_downloads_its_documents(world):
    share_report(world.daan, title="Eindverslag")
    services.trajectory_close_access(actor=world.lies, trajectory=world.daan)
    response = client_for(world.parent).get(reverse("client_portal:closed_export"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert any(name.endswith("verslag.pdf") for name in names)
    assert any("Overeenkomst" in name for name in names)
    assert AuditEvent.objects.filter(action="client_portal.export").exists()
    # Someone else's closed trajectory is not in their export.
    other = client_for(world.other_parent).get(reverse("client_portal:closed_export"))
    assert other.status_code == 302


def test_the_daily_task_closes_trajectories_whose_end_date_passed(world):
    from client_portal.tasks import close_ended_trajectories

    yesterday = timezone.localdate() - timedelta(days=1)
    Trajectory.objects.filter(pk=world.daan.pk).update(
        start_date=yesterday - timedelta(days=30), end_date=yesterday
    )
    # The end date alone already closes the portal (the policy does not wait for the task).
    assert world.daan.pk not in visible(world.parent)
    assert close_ended_trajectories() == 1
    world.daan.refresh_from_db()
    assert world.daan.access_closed_at is not None
    assert close_ended_trajectories() == 0  # idempotent
    assert world.jana.pk in visible(world.youth)


def test_a_care_facility_client_is_not_in_the_youth_health_parent_portal(world):
    from accounts.services import membership_create

    # Even a parent who also uses the bureau's parent portal does not find the CGG's client.
    membership_create(
        actor=None,
        user=world.parent,
        organisation=world.organisations["bureau_a"],
        role=Role.PARENT,
    )
    policies.forget_memberships(world.parent)
    assert not policies.children_of_parent(world.parent).filter(pk=world.daan.client_id).exists()
    assert not policies.children_visible_to(world.parent).filter(pk=world.daan.client_id).exists()
