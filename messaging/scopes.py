"""Threads scoped to a subject, such as a client's care trajectory.

An unscoped thread is seen by the requesting organisation (or client) and every handler at the
staff organisation. A scoped thread (`Thread.scope_kind`, `Thread.scope_id`) narrows both sides
to what the app that owns the subject says:

    scopes.register(MessageScope(
        kind="client_portal.trajectory",
        requester_scope_ids=lambda user: ...,   # subjects whose threads the user may open as client
        handler_scope_ids=lambda user: ...,     # subjects whose threads the user answers
        handlers=lambda scope_id: ...,          # who hears of a client's message
        requester_url=lambda thread: ...,       # where the client reads the thread
    ))

The access decisions themselves live in accounts/policies.py; the app registers those functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Thread


@dataclass(frozen=True)
class MessageScope:
    kind: str
    # Ids (a list or a values() queryset) of the subjects whose threads the user may open.
    requester_scope_ids: Callable[[Any], Iterable[int] | Any]
    handler_scope_ids: Callable[[Any], Iterable[int] | Any]
    # The staff users who answer for a subject (recipients of a client's message).
    handlers: Callable[[int], Any]
    # The page where the requesting client reads the thread (they may not reach messaging's own).
    requester_url: Callable[[Thread], str]


_scopes: dict[str, MessageScope] = {}


def register(scope: MessageScope) -> MessageScope:
    if scope.kind in _scopes and _scopes[scope.kind] != scope:
        raise ValueError(f"Message scope {scope.kind!r} is registered twice")
    _scopes[scope.kind] = scope
    return scope


def registered() -> dict[str, MessageScope]:
    return dict(_scopes)


def scope_of(thread: Thread) -> MessageScope | None:
    return _scopes.get(thread.scope_kind) if thread.scope_kind else None
