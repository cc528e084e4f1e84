"""Writes on message threads: atomic, audited; e-mail notifications queued after the commit."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import Organisation, User

from .attachments import check_attachment
from .models import Attachment, Message, ReadMark, Thread

if TYPE_CHECKING:
    from django.http import HttpRequest


class ThreadClosedError(Exception):
    """A closed thread takes no new messages; reopen it or start another."""


def helpdesk() -> Organisation:
    """The organisation that answers help questions (settings.MESSAGING_HELPDESK_ORGANISATION)."""
    found = Organisation.objects.filter(code=settings.MESSAGING_HELPDESK_ORGANISATION).first()
    if found is None:
        found = Organisation.objects.filter(kind=Organisation.Kind.AGENCY).order_by("pk").first()
    if found is None:
        raise Organisation.DoesNotExist("No agency organisation answers help questions.")
    return found


def _add_message(
    *, thread: Thread, author: User, side: str, body: str, files: Sequence[UploadedFile]
) -> Message:
    message = Message(thread=thread, author=author, side=side, body=body.strip())
    message.full_clean()
    message.save()
    for upload in files:
        kind = check_attachment(upload)  # the form checked already; a service never trusts that
        upload.seek(0)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        attachment = Attachment(
            message=message,
            original_name=(upload.name or "bijlage")[:200],
            kind=str(kind),
            size=upload.size,
            sha256=digest.hexdigest(),
        )
        attachment.file.save("upload", upload, save=False)
        attachment.save()
    thread.last_message_at = message.created_at
    thread.save(update_fields=["last_message_at"])
    ReadMark.objects.update_or_create(
        thread=thread, user=author, defaults={"read_at": message.created_at}
    )
    _notify_after_commit(message)
    return message


def _notify_after_commit(message: Message) -> None:
    from .tasks import notify_new_message

    transaction.on_commit(lambda: notify_new_message.delay(message.pk))


@transaction.atomic
def thread_start(
    *,
    actor: User,
    organisation: Organisation,
    subject: str,
    body: str,
    files: Sequence[UploadedFile] = (),
    topic: str = "",
    handler: Organisation | None = None,
    request: HttpRequest | None = None,
) -> Thread:
    """Open a thread from an organisation to a staff side (the helpdesk unless given)."""
    thread = Thread(
        subject=subject.strip(),
        topic=topic,
        organisation=organisation,
        handler=handler or helpdesk(),
        created_by=actor,
        last_message_at=timezone.now(),
    )
    thread.full_clean()
    thread.save()
    _add_message(thread=thread, author=actor, side=Message.Side.REQUESTER, body=body, files=files)
    audit.record(
        action="message_thread.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=organisation,
        obj=thread,
        details={"topic": topic, "attachments": len(files)},
    )
    return thread


@transaction.atomic
def client_thread_start(
    *,
    actor: User,
    client: User,
    handler: Organisation,
    subject: str,
    body: str,
    side: str,
    files: Sequence[UploadedFile] = (),
    scope_kind: str = "",
    scope_id: int | None = None,
    subject_ref: str = "",
    handler_user: User | None = None,
    request: HttpRequest | None = None,
) -> Thread:
    """Open a thread between a client (a person, not an organisation) and a staff side.

    Either side may start it: the client asking their practitioners (`side="requester"`), or a
    practitioner writing to the client (`side="handler"`). A scope narrows who takes part.
    """
    thread = Thread(
        subject=subject.strip(),
        client=client,
        handler=handler,
        handler_user=handler_user,
        scope_kind=scope_kind,
        scope_id=scope_id,
        subject_ref=subject_ref,
        created_by=actor,
        last_message_at=timezone.now(),
    )
    thread.full_clean()
    thread.save()
    _add_message(thread=thread, author=actor, side=side, body=body, files=files)
    audit.record(
        action="message_thread.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=handler,
        obj=thread,
        subject_ref=subject_ref,
        details={"scope": scope_kind, "side": side, "attachments": len(files)},
    )
    return thread


@transaction.atomic
def message_post(
    *,
    actor: User,
    thread: Thread,
    side: str,
    body: str,
    files: Sequence[UploadedFile] = (),
    request: HttpRequest | None = None,
) -> Message:
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.is_closed:
        raise ThreadClosedError
    if not body.strip():
        raise ValidationError(_("Schrijf een bericht."))
    message = _add_message(thread=thread, author=actor, side=side, body=body, files=files)
    audit.record(
        action="message.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=thread.organisation,
        obj=message,
        subject_ref=thread.subject_ref,
        details={"thread": str(thread.pk), "side": side, "attachments": len(files)},
    )
    return message


@transaction.atomic
def thread_close(*, actor: User, thread: Thread, request: HttpRequest | None = None) -> Thread:
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.closed_at is None:
        thread.closed_at = timezone.now()
        thread.closed_by = actor
        thread.save(update_fields=["closed_at", "closed_by"])
        audit.record(
            action="message_thread.close",
            category=audit.Category.UPDATE,
            request=request,
            actor=actor,
            organisation=thread.organisation,
            obj=thread,
        )
    return thread


@transaction.atomic
def thread_reopen(*, actor: User, thread: Thread, request: HttpRequest | None = None) -> Thread:
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.closed_at is not None:
        thread.closed_at = None
        thread.closed_by = None
        thread.save(update_fields=["closed_at", "closed_by"])
        audit.record(
            action="message_thread.reopen",
            category=audit.Category.UPDATE,
            request=request,
            actor=actor,
            organisation=thread.organisation,
            obj=thread,
        )
    return thread


def thread_mark_read(*, user: User, thread: Thread) -> None:
    ReadMark.objects.update_or_create(
        thread=thread, user=user, defaults={"read_at": timezone.now()}
    )
