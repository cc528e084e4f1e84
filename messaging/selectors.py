"""Reads of message threads, scoped by accounts.policies (404 for absent and not yours alike)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts import policies
from accounts.models import Membership, Role, User

from . import scopes
from .models import Attachment, Message, ReadMark, Thread

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _with_unread(threads: QuerySet[Thread], user: User) -> QuerySet[Thread]:
    mark = ReadMark.objects.filter(thread=OuterRef("pk"), user=user).values("read_at")[:1]
    unread = (
        Message.objects.filter(thread=OuterRef("pk"), created_at__gt=OuterRef("read_until"))
        .exclude(author=user)
        .order_by()
        .values("thread")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return threads.annotate(read_until=Coalesce(Subquery(mark), Value(EPOCH))).annotate(
        unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))
    )


def with_unread(threads: QuerySet[Thread], user: User) -> QuerySet[Thread]:
    """Annotate `unread` (messages of others since the user's read mark) on any thread set, for
    apps that show a scoped part of the user's threads in their own pages."""
    return _with_unread(threads, user)


def threads_for_user(user: User, *, closed: bool = False) -> QuerySet[Thread]:
    threads = policies.message_threads_visible_to(user).filter(closed_at__isnull=not closed)
    return _with_unread(threads, user).select_related("organisation", "handler", "created_by")


def unread_total(user: User) -> int:
    """Unread messages over every open thread the user takes part in (one query)."""
    threads = _with_unread(policies.message_threads_visible_to(user), user)
    return sum(threads.values_list("unread", flat=True))


def thread_get_for_user(user: User, thread_id: UUID) -> Thread:
    return get_object_or_404(
        policies.message_threads_visible_to(user).select_related(
            "organisation", "handler", "created_by", "closed_by"
        ),
        pk=thread_id,
    )


def thread_messages(thread: Thread) -> list[Message]:
    return list(
        thread.messages.select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


def attachment_get_for_user(user: User, attachment_id: int) -> Attachment:
    return get_object_or_404(
        Attachment.objects.select_related("message__thread").filter(
            message__thread__in=policies.message_threads_visible_to(user)
        ),
        pk=attachment_id,
    )


def recipients_for(message: Message) -> list[User]:
    """Who hears of a new message: the other side's people, never the author."""
    thread = message.thread
    scope = scopes.scope_of(thread)
    if message.side == Message.Side.REQUESTER and scope is not None:
        candidates = scope.handlers(thread.scope_id)
        if thread.handler_user_id:
            candidates = candidates.filter(pk=thread.handler_user_id)
    elif message.side == Message.Side.REQUESTER:
        if thread.handler_user_id:
            candidates = User.objects.filter(pk=thread.handler_user_id)
        else:
            members = Membership.objects.active().filter(
                organisation=thread.handler, role__in=policies.MESSAGING_HANDLER_ROLES
            )
            candidates = User.objects.filter(pk__in=members.values("user"))
    elif thread.client_id:
        candidates = User.objects.filter(pk=thread.client_id)
        if scope is not None:
            # A client whose access to the subject ended hears nothing more about it.
            client = candidates.first()
            if client is None or not _ids_contain(scope.requester_scope_ids(client), thread):
                candidates = User.objects.none()
    else:
        # The people who asked in this thread, while they still belong to the organisation.
        writers = thread.messages.filter(side=Message.Side.REQUESTER).values("author")
        members = Membership.objects.active().filter(
            organisation=thread.organisation,
            role__in=policies.MESSAGING_REQUESTER_ROLES,
            user__in=writers,
        )
        candidates = User.objects.filter(pk__in=members.values("user"))
    return list(candidates.exclude(pk=message.author_id).filter(is_active=True).distinct())


def _ids_contain(ids: Any, thread: Thread) -> bool:
    if isinstance(ids, QuerySet):
        return ids.filter(pk=thread.scope_id).exists()
    return thread.scope_id in set(ids)


def requester_organisations(user: User) -> list[Any]:
    return [
        m.organisation
        for m in policies.active_memberships(user)
        if m.role in policies.MESSAGING_REQUESTER_ROLES and m.role != Role.PARENT
    ]
