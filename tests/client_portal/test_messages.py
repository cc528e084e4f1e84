"""Messages of the client portal go through messaging, scoped to the trajectory: the person
and the trajectory's practitioners; attachments checked; e-mails without content."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from client_portal import services
from messaging.models import Thread
from tests.client_portal.conftest import client_for

pytestmark = pytest.mark.django_db


def notify(thread: Thread) -> None:
    """Run the e-mail task of the thread's newest message here (it is queued after the commit;
    with Redis configured no worker runs in these tests)."""
    from messaging.tasks import notify_new_message

    mail.outbox.clear()
    notify_new_message(thread.messages.order_by("-created_at", "-pk").first().pk)


def url(name, trajectory, *args) -> str:  # noqa: ANN001
    return reverse(f"client_portal:{name}", args=[str(trajectory.client_id), *args])


def test_a_parent_writes_with_an_attachment_and_the_practitioner_answers(world):
    parent = client_for(world.parent)
    page = parent.get(url("message_new", world.daan))
    assert "1813" in page.text and "Disclaimer" in page.text  # acute help and the disclaimer
    response = parent.post(
        url("message_new", world.daan),
        {
            "trajectory": world.daan.pk,
            "subject": "Slaapproblemen",
            "body": "Daan slaapt slecht sinds de vakantie.",
            "attachments": [SimpleUploadedFile("dagboek.txt", b"maandag: 3 uur wakker\n")],
        },
    )
    assert response.status_code == 302
    thread = Thread.objects.get(subject="Slaapproblemen")
    assert thread.scope_id == world.daan.pk and thread.client == world.parent
    notify(thread)
    notice = mail.outbox[-1]
    assert notice.to == [world.lies.email]  # the trajectory's practitioner, not Greta
    assert "slaapt slecht" not in notice.body

    greta = client_for(world.greta)
    assert greta.get(reverse("messaging:thread", args=[thread.pk])).status_code == 404
    lies = client_for(world.lies)
    overview = lies.get(reverse("client_portal:staff_trajectory", args=[world.daan.pk]))
    assert "Slaapproblemen" in overview.text
    lies.post(reverse("messaging:thread", args=[thread.pk]), {"body": "Bel gerust even."})
    notify(thread)
    answer = mail.outbox[-1]
    assert answer.to == [world.parent.email]
    assert reverse("client_portal:thread_open", args=[thread.pk]) in answer.body

    opened = parent.get(reverse("client_portal:thread_open", args=[thread.pk]))
    assert opened.url == url("thread", world.daan, thread.pk)
    page = parent.get(opened.url)
    assert "Bel gerust even." in page.text
    attachment = thread.messages.first().attachments.first()
    download = parent.get(url("attachment", world.daan, attachment.pk))
    assert download.status_code == 200


def test_other_participants_and_other_clients_do_not_see_a_thread(world):
    thread = services.portal_thread_start(
        actor=world.youth, trajectory=world.jana, subject="Privé", body="Alleen voor Lies."
    )
    services.parent_access_record(actor=world.lies, trajectory=world.jana, given=True)
    youth_parent = client_for(world.youth_parent)
    assert "Privé" not in youth_parent.get(url("messages", world.jana)).text
    assert youth_parent.get(url("thread", world.jana, thread.pk)).status_code == 404
    assert client_for(world.parent).get(url("thread", world.daan, thread.pk)).status_code == 404


def test_a_refused_attachment_stores_nothing(world):
    response = client_for(world.parent).post(
        url("message_new", world.daan),
        {
            "trajectory": world.daan.pk,
            "subject": "Bijlage",
            "body": "Zie bijlage.",
            "attachments": [SimpleUploadedFile("run.pdf", b"MZ\x90\x00" + bytes(100))],
        },
    )
    assert response.status_code == 200
    assert not Thread.objects.filter(subject="Bijlage").exists()


def test_the_practitioner_writes_to_one_participant(world):
    participant = world.daan.participants.get(user=world.parent)
    response = client_for(world.lies).post(
        reverse("client_portal:staff_message_new", args=[world.daan.pk]),
        {"participant": participant.pk, "subject": "Startgesprek", "body": "Past dinsdag?"},
    )
    thread = Thread.objects.get(subject="Startgesprek")
    assert response.url == reverse("messaging:thread", args=[thread.pk])
    notify(thread)
    assert mail.outbox[-1].to == [world.parent.email]
    page = client_for(world.parent).get(url("messages", world.daan))
    assert "Startgesprek" in page.text
    assert "1 ongelezen" in page.text or "<strong>1</strong>" in page.text


def test_closing_access_closes_the_threads(world):
    thread = services.portal_thread_start(
        actor=world.parent, trajectory=world.daan, subject="Vraag", body="Nog een vraag."
    )
    services.trajectory_close_access(actor=world.lies, trajectory=world.daan)
    thread.refresh_from_db()
    assert thread.is_closed
    assert client_for(world.parent).get(url("thread", world.daan, thread.pk)).status_code == 403
