"""The one way to write to the audit log, and the chain that makes tampering visible.

Views and services call `record()` (or `record_personal_data()`); nothing writes AuditEvent rows
directly. Each event carries the hash of the previous one, so `manage.py audit_verify` finds the
first row that was edited, inserted or removed by hand.

Action codes read `<domain>.<verb>`, e.g. `auth.login`, `membership.revoke`, `child.read`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from .models import AuditChainHead, AuditCheckpoint, AuditEvent

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import Organisation, User

Category = AuditEvent.Category
Outcome = AuditEvent.Outcome
GENESIS_HASH = "0" * 64
_HEAD_ID = 1


def subject_ref_for(obj: models.Model) -> str:
    """A stable reference to a person whose data is touched: `app_label.model:pk`."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def client_ip(request: HttpRequest) -> str | None:
    # allauth's resolver honours ALLAUTH_TRUSTED_PROXY_COUNT, so a forged X-Forwarded-For is
    # ignored unless a trusted proxy is configured; rate limits use the same answer.
    from allauth.core.internal.httpkit import get_client_ip

    return get_client_ip(request)


def session_hash(request: HttpRequest) -> str:
    key = getattr(getattr(request, "session", None), "session_key", None)
    return hashlib.sha256(key.encode()).hexdigest() if key else ""


@dataclass(frozen=True)
class _Context:
    actor: User | None
    role: str
    organisation: Organisation | None


def _context_from_request(request: HttpRequest | None) -> _Context:
    if request is None:
        return _Context(None, "", None)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return _Context(None, "", None)
    membership = getattr(request, "current_membership", None)
    if membership is None:
        return _Context(user, "", None)
    return _Context(user, membership.role, membership.organisation)


def record(
    *,
    action: str,
    category: str,
    request: HttpRequest | None = None,
    actor: User | None = None,
    role: str = "",
    organisation: Organisation | None = None,
    on_behalf_of: User | None = None,
    subject_ref: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    outcome: str = Outcome.SUCCESS,
    legal_basis: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the audit log and return it.

    Who, from where and in which role come from the request when one is given; explicit arguments
    win. `details` must hold JSON scalars only (ids, codes, counts), never free text about people.
    """
    ctx = _context_from_request(request)
    actor = actor or ctx.actor
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    event = AuditEvent(
        occurred_at=timezone.now(),
        action=action,
        category=category,
        actor=actor,
        actor_email=getattr(actor, "email", "") or "",
        actor_role=role or ctx.role,
        organisation=organisation or ctx.organisation,
        on_behalf_of=on_behalf_of,
        subject_ref=subject_ref,
        object_type=object_type,
        object_id=object_id,
        ip_address=client_ip(request) if request is not None else None,
        session_hash=session_hash(request) if request is not None else "",
        user_agent=(request.headers.get("user-agent", "")[:300] if request is not None else ""),
        outcome=outcome,
        legal_basis=legal_basis,
        details=details or {},
    )
    _append(event)
    return event


def record_personal_data(
    request: HttpRequest,
    *,
    operation: str,
    obj: models.Model,
    subject: models.Model,
    action: str | None = None,
    legal_basis: str = "",
    on_behalf_of: User | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Log a create/read/update/delete/export of someone's personal data from a view or service."""
    return record(
        action=action or f"{obj._meta.model_name}.{operation}",
        category=operation,
        request=request,
        obj=obj,
        subject_ref=subject_ref_for(subject),
        legal_basis=legal_basis,
        on_behalf_of=on_behalf_of,
        details=details,
    )


def _append(event: AuditEvent) -> None:
    """Link the event to the chain head and insert it, serialised across processes.

    The UPDATE on the head row comes first: it takes the row lock on PostgreSQL and the write
    lock on SQLite, so no other writer can read the same head before we move it.
    """
    with transaction.atomic():
        head = _lock_head()
        event.sequence = head.sequence + 1
        event.prev_hash = head.hash or GENESIS_HASH
        event.hash = compute_hash(event)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=_HEAD_ID).update(sequence=event.sequence, hash=event.hash)


def _lock_head() -> AuditChainHead:
    if not AuditChainHead.objects.filter(pk=_HEAD_ID).update(sequence=F("sequence")):
        last = AuditEvent.objects.order_by("-sequence").values("sequence", "hash").first()
        checkpoint = AuditCheckpoint.objects.first()
        sequence, last_hash = _chain_start(last, checkpoint)
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(pk=_HEAD_ID, sequence=sequence, hash=last_hash)],
            ignore_conflicts=True,
        )
        AuditChainHead.objects.filter(pk=_HEAD_ID).update(sequence=F("sequence"))
    return AuditChainHead.objects.get(pk=_HEAD_ID)


def _chain_start(
    last: dict[str, Any] | None, checkpoint: AuditCheckpoint | None
) -> tuple[int, str]:
    if last:
        return last["sequence"], last["hash"]
    if checkpoint:
        return checkpoint.pruned_through_sequence, checkpoint.last_pruned_hash
    return 0, GENESIS_HASH


HASHED_FIELDS = (
    "sequence",
    "event_id",
    "occurred_at",
    "action",
    "category",
    "actor_id",
    "actor_email",
    "actor_role",
    "organisation_id",
    "on_behalf_of_id",
    "subject_ref",
    "object_type",
    "object_id",
    "ip_address",
    "session_hash",
    "user_agent",
    "outcome",
    "legal_basis",
    "details",
    "prev_hash",
)


def _canonical(value: Any) -> Any:
    if hasattr(value, "astimezone"):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if value is None or isinstance(value, str | int | bool | dict | list):
        return value
    return str(value)


def compute_hash(event: AuditEvent) -> str:
    payload = {name: _canonical(getattr(event, name)) for name in HASHED_FIELDS}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    checked: int
    broken_sequence: int | None = None
    reason: str = ""


def verify_chain(batch_size: int = 5000) -> VerificationResult:
    """Walk the chain from the last retention checkpoint (or the start) to the head."""
    checkpoint = AuditCheckpoint.objects.first()
    expected_sequence, expected_prev = (
        (checkpoint.pruned_through_sequence + 1, checkpoint.last_pruned_hash)
        if checkpoint
        else (1, GENESIS_HASH)
    )
    checked = 0
    for event in _iterate(batch_size):
        problem = _check_link(event, expected_sequence, expected_prev)
        if problem:
            return VerificationResult(False, checked, event.sequence, problem)
        checked += 1
        expected_sequence, expected_prev = event.sequence + 1, event.hash
    head = AuditChainHead.objects.filter(pk=_HEAD_ID).first()
    if head and checked and head.sequence != expected_sequence - 1:
        return VerificationResult(
            False, checked, expected_sequence, "the newest events are missing"
        )
    return VerificationResult(True, checked)


def _check_link(event: AuditEvent, expected_sequence: int, expected_prev: str) -> str:
    if event.sequence != expected_sequence:
        return f"expected event #{expected_sequence}, found #{event.sequence} (rows removed)"
    if event.prev_hash != expected_prev:
        return "its link to the previous event does not match (a row before it was changed)"
    if event.hash != compute_hash(event):
        return "its content does not match its hash (the row was edited)"
    return ""


def _iterate(batch_size: int) -> Iterable[AuditEvent]:
    last = 0
    while True:
        batch = list(AuditEvent.objects.filter(sequence__gt=last).order_by("sequence")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].sequence


# --- Whose data: which subject references belong to a person --------------------------------------

SubjectRefProvider = Callable[["User"], Iterable[str]]
_subject_ref_providers: list[SubjectRefProvider] = []


def register_subject_refs(provider: SubjectRefProvider) -> SubjectRefProvider:
    """Apps register who else a user may see the access log of (a parent: their children)."""
    _subject_ref_providers.append(provider)
    return provider


def subject_refs_for(user: User) -> list[str]:
    refs = [subject_ref_for(user)]
    for provider in _subject_ref_providers:
        refs.extend(provider(user))
    return refs
