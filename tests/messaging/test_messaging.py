"""Help threads between a circle and the agency: unread counts, attachments, mail, closing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from messaging.models import Attachment, Message, Thread
from messaging.selectors import threads_for_user, unread_total
from messaging.tasks import notify_new_message
from tests.factories import member

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def ask(client: Client, **extra):  # noqa: ANN201
    data = {"subject": "Vraag over de lijst", "body": "Hoe vul ik een duopraktijk in?", **extra}
    return client.post(reverse("messaging:new") + "?over=gp_list", data)


def test_a_circle_asks_the_helpdesk_and_the_agency_answers(
    cast, django_capture_on_commit_callbacks
):
    circle_user = cast.users[Role.CIRCLE_USER]
    asker = client_for(circle_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = ask(asker, organisation=cast.organisations["circle_c"].pk)
    thread = Thread.objects.get()
    assert response.url == reverse("messaging:thread", args=[thread.pk])
    assert thread.handler == cast.organisations["agency"] and thread.topic == "gp_list"
    assert len(callbacks) == 1
    notify_new_message(thread.messages.get().pk)
    assert [m.to for m in mail.outbox] == [[cast.admin.email]]
    assert "duopraktijk" not in mail.outbox[0].body and "Vraag over" not in mail.outbox[0].subject

    agency = client_for(cast.admin)
    assert unread_total(cast.admin) == 1
    inbox = agency.get(reverse("messaging:inbox")).content.decode()
    assert "Vraag over de lijst" in inbox
    page = agency.get(reverse("messaging:thread", args=[thread.pk])).content.decode()
    assert "Hoe vul ik een duopraktijk in?" in page
    assert unread_total(cast.admin) == 0
    agency.post(reverse("messaging:thread", args=[thread.pk]), {"body": "Kies groep."})
    answer = Message.objects.get(side="handler")
    mail.outbox.clear()
    notify_new_message(answer.pk)
    assert [m.to for m in mail.outbox] == [[circle_user.email]]
    assert unread_total(circle_user) == 1
    assert threads_for_user(circle_user).get().unread == 1


def test_attachments_are_checked_by_content_and_size(cast, settings):
    asker = client_for(cast.users[Role.ACCESS_MANAGER])
    circle = cast.organisations["circle_c"]
    fake = SimpleUploadedFile("lijst.pdf", b"MZ\x90\x00" + bytes(range(256)) * 4)
    response = ask(asker, organisation=circle.pk, attachments=[fake])
    assert response.status_code == 200
    assert "Dit soort bestand kan niet als bijlage" in response.content.decode()
    assert not Thread.objects.exists()
    settings.MESSAGING_MAX_ATTACHMENT_MB = 0
    text = SimpleUploadedFile("notities.txt", b"RIZIV;Naam\n")
    assert (
        "groter dan 0 MB" in ask(asker, organisation=circle.pk, attachments=[text]).content.decode()
    )
    settings.MESSAGING_MAX_ATTACHMENT_MB = 5
    pdf = SimpleUploadedFile("uitleg.pdf", b"%PDF-1.4\n%...\n")
    ask(asker, organisation=circle.pk, attachments=[pdf])
    attachment = Attachment.objects.get()
    assert attachment.kind == "pdf" and attachment.original_name == "uitleg.pdf"
    download = asker.get(reverse("messaging:attachment", args=[attachment.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_closing_and_reopening_a_thread(cast):
    asker = client_for(cast.users[Role.ACCESS_MANAGER])
    ask(asker, organisation=cast.organisations["circle_c"].pk)
    thread = Thread.objects.get()
    asker.post(reverse("messaging:close", args=[thread.pk]))
    thread.refresh_from_db()
    assert thread.is_closed
    asker.post(reverse("messaging:thread", args=[thread.pk]), {"body": "Nog iets"})
    assert thread.messages.count() == 1
    assert (
        "Gesloten gesprekken"
        in asker.get(reverse("messaging:inbox") + "?status=gesloten").content.decode()
    )
    asker.post(reverse("messaging:reopen", args=[thread.pk]))
    asker.post(reverse("messaging:thread", args=[thread.pk]), {"body": "Nog iets"})
    assert thread.messages.count() == 2


def test_charlie_and_another_circle_never_see_the_thread(cast):
    ask(client_for(cast.users[Role.CIRCLE_USER]), organisation=cast.organisations["circle_c"].pk)
    thread = Thread.objects.get()
    other_circle = client_for(member(Role.CIRCLE_USER, cast.organisations["circle_d"]))
    charlie = client_for(cast.charlie)
    for client in (other_circle, charlie):
        assert client.get(reverse("messaging:thread", args=[thread.pk])).status_code == 404
        assert client.post(reverse("messaging:close", args=[thread.pk])).status_code == 404
        assert "Vraag over de lijst" not in client.get(reverse("messaging:inbox")).content.decode()
    assert client_for(cast.pat).get(reverse("messaging:inbox")).status_code == 403


def test_a_person_with_two_organisations_chooses_on_whose_behalf(cast):
    user = cast.users[Role.CIRCLE_USER]
    from tests.factories import MembershipFactory

    MembershipFactory(user=user, organisation=cast.organisations["circle_d"], role=Role.CIRCLE_USER)
    client = client_for(user)
    page = client.get(reverse("messaging:new")).content.decode()
    assert "Namens" in page and "Kring D" in page
    ask(client, organisation=cast.organisations["circle_d"].pk)
    assert Thread.objects.get().organisation == cast.organisations["circle_d"]
    response = ask(client, organisation=cast.organisations["bureau_b"].pk)
    assert response.status_code == 200 and Thread.objects.count() == 1


def test_the_home_tile_counts_unread_messages(cast):
    ask(client_for(cast.users[Role.CIRCLE_USER]), organisation=cast.organisations["circle_c"].pk)
    home = client_for(cast.admin).get(reverse("home")).content.decode()
    assert "1 nieuw bericht" in home
