"""Writes on users and memberships: atomic, validated, audited."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from . import audit
from .models import Membership, Organisation, User, normalise_email

if TYPE_CHECKING:
    from django.http import HttpRequest


def end_user_sessions(user: User, *, keep_session_key: str | None = None) -> int:
    """End every open session of the user (all devices). Returns how many were ended."""
    from allauth.usersessions.models import UserSession

    ended = 0
    for user_session in UserSession.objects.filter(user=user).exclude(
        session_key=keep_session_key or ""
    ):
        user_session.end()
        ended += 1
    return ended


def user_get_or_create(
    *, email: str, first_name: str = "", last_name: str = "", actor: User | None = None
) -> tuple[User, bool]:
    """One person, one account: e-mail addresses are matched case-insensitively."""
    email = normalise_email(email)
    existing = User.objects.filter(email__iexact=email).first()
    if existing:
        return existing, False
    user = User(email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit.record(
        action="user.create",
        category=audit.Category.CREATE,
        actor=actor,
        obj=user,
        subject_ref=audit.subject_ref_for(user),
    )
    return user, True


@transaction.atomic
def membership_create(
    *,
    actor: User | None,
    user: User,
    organisation: Organisation,
    role: str,
    valid_from: date | None = None,
    valid_until: date | None = None,
    request: HttpRequest | None = None,
) -> Membership:
    membership = Membership(
        user=user,
        organisation=organisation,
        role=role,
        valid_from=valid_from or timezone.localdate(),
        valid_until=valid_until,
        created_by=actor,
    )
    membership.full_clean()
    membership.save()
    audit.record(
        action="membership.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=organisation,
        obj=membership,
        subject_ref=audit.subject_ref_for(user),
        details={"role": role},
    )
    return membership


@transaction.atomic
def membership_revoke(
    *,
    actor: User | None,
    membership: Membership,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Membership:
    """End a membership now. The person's sessions end too, so their next request is refused."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.revoked_at is None:
        membership.revoked_at = timezone.now()
        membership.revoked_by = actor
        membership.revocation_reason = reason[:300]
        membership.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    ended = end_user_sessions(membership.user)
    audit.record(
        action="membership.revoke",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=membership.organisation,
        obj=membership,
        subject_ref=audit.subject_ref_for(membership.user),
        details={"role": membership.role, "sessions_ended": ended},
    )
    return membership
