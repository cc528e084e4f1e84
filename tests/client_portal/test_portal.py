"""Home, switching portals, diary, appointments and the practitioner's workspace."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from client_portal import services
from client_portal.models import (
    ClientAppointment,
    DiaryNote,
    Medication,
    PortalPreference,
    Trajectory,
)
from tests.client_portal.conftest import client_for
from tests.client_portal.factories import share_report
from tests.helpers import login_with_mfa

pytestmark = pytest.mark.django_db


def url(name, key, *args) -> str:  # noqa: ANN001
    return reverse(f"client_portal:{name}", args=[str(key), *args])


def test_home_shows_the_activity_since_the_previous_login(world):
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        client_for(world.parent)  # the previous login, yesterday
    share_report(world.daan)
    services.document_share(
        actor=world.lies, trajectory=world.daan, kind="document", title="Folder", body="Tekst"
    )
    now = timezone.now()
    services.appointment_create(
        actor=world.lies,
        trajectory=world.daan,
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(hours=2),
        practitioner=world.lies,
        mode="in_person",
    )
    services.appointment_create(
        actor=world.lies,
        trajectory=world.daan,
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=2, hours=1),
        practitioner=world.lies,
        mode="video",
    )
    services.diary_note_write(
        actor=world.lies, trajectory=world.daan, body="Oefening", visibility="everyone"
    )
    participant = world.daan.participants.get(user=world.parent)
    services.practitioner_thread_start(
        actor=world.lies, participant=participant, subject="Hallo", body="Welkom"
    )
    # Logging in again: the overview counts what happened since the previous login.
    page = client_for(world.parent).get(url("home", world.daan.client_id))
    text = page.text
    assert "Activiteitenoverzicht" in text
    assert "1 nieuw verslag" in text
    assert "2 nieuwe documenten" in text  # the agreement and the folder
    assert "1 afspraak geweest" in text
    assert "1 nieuw bericht" in text
    assert "1 nieuwe dagboeknotitie" in text
    assert "Volgende afspraak" in text and "videogesprek" in text
    assert "geheime vraag" in text  # recovery codes take its place
    assert AuditEvent.objects.filter(action="trajectory.read", actor=world.parent).exists()


def test_a_parent_switches_portals_and_chooses_the_one_that_opens_first(world):
    services.participant_add(
        actor=world.lies,
        trajectory=world.jana,
        relation="parent",
        email=world.parent.email,
        first_name="Paula",
        last_name="Ouder",
    )
    parent = client_for(world.parent)
    page = parent.get(reverse("client_portal:switch"))
    assert "(eigen portaal)" in page.text
    assert "(zoon)" in page.text
    assert "12 jaar of ouder" in page.text  # Jana's portal is hers until she consents
    assert parent.get(reverse("client_portal:index")).url == url("home", "eigen")
    parent.post(reverse("client_portal:switch"), {"preferred": str(world.daan.client_id)})
    assert PortalPreference.objects.get(user=world.parent).client == world.daan.client
    assert parent.get(reverse("client_portal:index")).url == url("home", world.daan.client_id)


def test_the_preferred_portal_opens_after_login(world):
    services.portal_preference_set(user=world.parent, client=world.daan.client)
    from django.test import Client

    response = login_with_mfa(Client(), world.parent.email)
    assert response.url == reverse("client_portal:index")


def test_a_youth_sees_only_their_own_portal(world):
    page = client_for(world.youth).get(reverse("client_portal:switch"))
    assert str(world.daan.client) not in page.text
    assert "(eigen portaal)" in page.text


def test_diary_notes_are_private_unless_shared(world):
    youth = client_for(world.youth)
    youth.post(
        url("diary", "eigen"),
        {"trajectory": world.jana.pk, "body": "Alleen voor mij", "visibility": "private"},
    )
    youth.post(
        url("diary", "eigen"),
        {"trajectory": world.jana.pk, "body": "Voor Lies", "visibility": "practitioners"},
    )
    staff = client_for(world.lies).get(
        reverse("client_portal:staff_trajectory", args=[world.jana.pk])
    )
    assert "Voor Lies" in staff.text
    assert "Alleen voor mij" not in staff.text
    services.parent_access_record(actor=world.lies, trajectory=world.jana, given=True)
    parent_view = client_for(world.youth_parent).get(url("diary", world.jana.client_id))
    assert "Voor Lies" not in parent_view.text and "Alleen voor mij" not in parent_view.text

    note = DiaryNote.objects.get(body="Alleen voor mij")
    youth.post(
        url("diary_edit", "eigen", note.pk), {"body": "Toch delen", "visibility": "practitioners"}
    )
    note.refresh_from_db()
    assert note.shared_at is not None
    edit = url("diary_edit", world.jana.client_id, note.pk)
    assert client_for(world.youth_parent).get(edit).status_code == 404
    youth.post(url("diary_delete", "eigen", note.pk))
    assert not DiaryNote.objects.filter(pk=note.pk).exists()


def test_the_practitioner_runs_the_trajectory_from_the_workspace(world):
    lies = client_for(world.lies)
    workspace = lies.get(reverse("client_portal:staff_workspace"))
    assert "Daan Test" in workspace.text and "Elias" not in workspace.text
    day = timezone.localdate() + timedelta(days=3)
    lies.post(
        reverse("client_portal:staff_appointment_new", args=[world.daan.pk]),
        {
            "date": day.isoformat(),
            "start_time": "14:00",
            "end_time": "15:00",
            "practitioner": world.lies.pk,
            "mode": "in_person",
            "location": "Praktijk",
            "note": "Breng je tekening mee.",
        },
    )
    appointment = ClientAppointment.objects.get(trajectory=world.daan)
    page = client_for(world.parent).get(url("appointments", world.daan.client_id))
    assert "Breng je tekening mee." in page.text
    lies.post(reverse("client_portal:staff_appointment_cancel", args=[appointment.pk]))
    appointment.refresh_from_db()
    assert appointment.is_cancelled

    lies.post(
        reverse("client_portal:staff_medication_new", args=[world.daan.pk]),
        {
            "name": "Melatonine",
            "dose": "1 mg",
            "instructions": "voor het slapengaan",
            "prescribed_by": world.lies.pk,
            "start_date": timezone.localdate().isoformat(),
        },
    )
    medication = Medication.objects.get(trajectory=world.daan)
    lies.post(reverse("client_portal:staff_medication_stop", args=[medication.pk]))
    medication.refresh_from_db()
    assert medication.end_date == timezone.localdate()

    bad = lies.post(
        reverse("client_portal:staff_document_new", args=[world.daan.pk]),
        {"kind": "report", "title": "Leeg"},
    )
    assert "Kies een bestand of schrijf de tekst" in bad.text


def test_a_practitioner_registers_a_new_trajectory(world, django_capture_on_commit_callbacks):
    from django.core import mail

    lies = client_for(world.lies)
    form = reverse("client_portal:staff_trajectory_new")
    missing_parent = lies.post(
        form,
        {
            "title": "Diagnostiek",
            "start_date": timezone.localdate().isoformat(),
            "client_first_name": "Mo",
            "client_last_name": "Test",
            "client_birth_date": (timezone.localdate() - timedelta(days=8 * 365)).isoformat(),
            "client_sex": "male",
            "client_email": "mo@example.org",
        },
    )
    assert "eigen account vanaf 12 jaar" in missing_parent.text
    assert "minstens één ouder" in missing_parent.text
    with django_capture_on_commit_callbacks(execute=True):
        response = lies.post(
            form,
            {
                "title": "Diagnostiek",
                "start_date": timezone.localdate().isoformat(),
                "client_first_name": "Mo",
                "client_last_name": "Test",
                "client_birth_date": (timezone.localdate() - timedelta(days=8 * 365)).isoformat(),
                "client_sex": "male",
                "parent1_first_name": "Mama",
                "parent1_last_name": "Test",
                "parent1_email": "mama.mo@example.org",
                "practitioners": [str(world.greta.pk)],
            },
        )
    trajectory = Trajectory.objects.get(client__first_name="Mo")
    assert response.url == reverse("client_portal:staff_trajectory", args=[trajectory.pk])
    assert set(trajectory.practitioners.all()) == {world.lies, world.greta}
    assert trajectory.client.organisation == world.facility
    assert trajectory.documents.filter(signature_required=True, title="Overeenkomst").exists()
    assert mail.outbox[-1].to == ["mama.mo@example.org"]


def test_ending_in_the_future_keeps_access_until_that_day(world):
    later = timezone.localdate() + timedelta(days=5)
    client_for(world.lies).post(
        reverse("client_portal:staff_trajectory_end", args=[world.daan.pk]),
        {"end_date": later.isoformat(), "confirm": "on"},
    )
    world.daan.refresh_from_db()
    assert world.daan.end_date == later and world.daan.access_closed_at is None
    assert client_for(world.parent).get(url("home", world.daan.client_id)).status_code == 200


def test_a_colleague_is_added_to_a_trajectory_and_sees_it(world):
    url_ = reverse("client_portal:staff_practitioners", args=[world.daan.pk])
    trajectory_url = reverse("client_portal:staff_trajectory", args=[world.daan.pk])
    greta = client_for(world.greta)
    assert greta.get(trajectory_url).status_code == 404
    lies = client_for(world.lies)
    empty = lies.post(url_, {})
    assert "Kies minstens één behandelaar" in empty.text
    lies.post(url_, {"practitioners": [str(world.lies.pk), str(world.greta.pk)]})
    assert greta.get(trajectory_url).status_code == 200
    # Someone of another facility cannot be added.
    lies.post(url_, {"practitioners": [str(world.gijs.pk)]})
    assert set(world.daan.practitioners.all()) == {world.lies, world.greta}
