"""Reads of account data, scoped by accounts.policies."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from . import audit, policies
from .models import AuditEvent, Membership, Organisation, User

# What a person sees of who looked at their data: reads, changes and exports by others.
PERSONAL_ACCESS_CATEGORIES = (
    AuditEvent.Category.READ,
    AuditEvent.Category.CREATE,
    AuditEvent.Category.UPDATE,
    AuditEvent.Category.DELETE,
    AuditEvent.Category.EXPORT,
)


def users_with_sessions_but_no_access() -> QuerySet[User]:
    from allauth.usersessions.models import UserSession

    active = Membership.objects.active().filter(user=OuterRef("pk"))
    sessions = UserSession.objects.filter(user=OuterRef("pk"))
    return User.objects.filter(Exists(sessions), ~Exists(active), is_superuser=False)


def organisation_get_for_manager(user: Any, organisation_id: int) -> Organisation:
    """404 both when the organisation does not exist and when the user does not manage it."""
    return get_object_or_404(policies.organisations_managed_by(user), pk=organisation_id)


def organisation_members(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "revoked_by")
        .order_by("revoked_at", "user__last_name", "user__first_name", "role")
    )


def access_log_for_person(user: User, limit: int = 200) -> QuerySet[AuditEvent]:
    """Who viewed or changed the data of this person (and of the children they may see)."""
    return (
        AuditEvent.objects.filter(
            subject_ref__in=audit.subject_refs_for(user),
            category__in=PERSONAL_ACCESS_CATEGORIES,
        )
        .exclude(actor=user)
        .select_related("organisation")
        .order_by("-sequence")[:limit]
    )
