"""Writes of the dashboards app: the agency's allocated hours (admin), audited.

Imports of history and of allocated hours are in `importing.py`; the summary tables are written
only by `facts.py`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import Organisation, User

from .models import AllocatedHours

ALLOCATION_FIELDS = ("bureau", "year", "doctor_hours", "nurse_hours", "note")


@transaction.atomic
def allocated_hours_save(
    *, actor: User | None, allocation: AllocatedHours, request: Any = None
) -> AllocatedHours:
    """Create or change one bureau's allocation for a year (the admin's form calls this)."""
    if allocation.bureau_id and allocation.bureau.kind != Organisation.Kind.CONSULTATION_BUREAU:
        raise ValidationError({"bureau": _("Kies een consultatiebureau.")})
    allocation.full_clean()
    created = allocation.pk is None
    if created:
        allocation.save(force_insert=True)
    else:
        allocation.save(update_fields=[*ALLOCATION_FIELDS[2:], "bureau", "year", "updated_at"])
    audit.record(
        action="allocated_hours.create" if created else "allocated_hours.update",
        category=audit.Category.CREATE if created else audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=allocation.bureau,
        obj=allocation,
        details={
            "year": allocation.year,
            "doctor_hours": str(allocation.doctor_hours),
            "nurse_hours": str(allocation.nurse_hours),
        },
    )
    return allocation


@transaction.atomic
def allocated_hours_delete(
    *, actor: User | None, allocation: AllocatedHours, request: Any = None
) -> None:
    audit.record(
        action="allocated_hours.delete",
        category=audit.Category.DELETE,
        request=request,
        actor=actor,
        organisation=allocation.bureau,
        obj=allocation,
        details={"year": allocation.year},
    )
    allocation.delete()
