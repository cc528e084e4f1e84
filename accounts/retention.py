"""Retention of the audit log: nothing younger than the retention period (>= 10 years) is removed.

Pruning is the only path that deletes audit events. It removes a prefix of the chain, writes a
checkpoint holding the last removed link first, and on PostgreSQL opens the append-only trigger
for this one transaction only (`SET LOCAL`).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from . import audit
from .checks import MINIMUM_AUDIT_RETENTION_YEARS
from .models import AuditCheckpoint, AuditEvent


def retention_cutoff(now: datetime, years: int) -> datetime:
    """The same calendar moment `years` ago (29 February becomes 28 February)."""
    if years < MINIMUM_AUDIT_RETENTION_YEARS:
        raise ImproperlyConfigured(
            f"Audit retention of {years} years is below the legal minimum of "
            f"{MINIMUM_AUDIT_RETENTION_YEARS} years."
        )
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def prune_audit_events(*, now: datetime | None = None) -> int:
    """Remove events older than the retention period. Returns how many were removed."""
    cutoff = retention_cutoff(now or timezone.now(), settings.AUDIT_RETENTION_YEARS)
    with transaction.atomic():
        head = audit._lock_head()
        youngest_kept = AuditEvent.objects.filter(occurred_at__gte=cutoff).aggregate(
            first=Min("sequence")
        )["first"]
        # Only a prefix of the chain goes, so an out-of-order clock never removes a young event.
        boundary = youngest_kept - 1 if youngest_kept else head.sequence
        old = AuditEvent.objects.filter(sequence__lte=boundary)
        last_pruned = old.order_by("-sequence").values("sequence", "hash").first()
        if not last_pruned:
            return 0
        count = old.count()
        AuditCheckpoint.objects.create(
            pruned_through_sequence=last_pruned["sequence"],
            last_pruned_hash=last_pruned["hash"],
            events_pruned=count,
            cutoff=cutoff,
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL zorgportaal.audit_retention = 'on'")
            cursor.execute(
                f"DELETE FROM {AuditEvent._meta.db_table} WHERE sequence <= %s",  # noqa: S608
                [last_pruned["sequence"]],
            )
    audit.record(
        action="audit.retention",
        category=audit.Category.DELETE,
        details={"pruned": count, "through_sequence": last_pruned["sequence"]},
    )
    return count
