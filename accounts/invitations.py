"""Invitations: the one way a new person gets into the portal (no open sign-up).

    invitation, link = invitation_create(actor=..., user=..., purpose="authorised_person",
                                         organisation=bureau, request=request)
    invitation_send(invitation=invitation, link=link, subject=..., intro=...)

The person opens the link, passes the purpose's extra check if one is registered (a parent types
their child's birth date), chooses a password and is logged in straight into MFA set-up, which the
middleware makes mandatory. A link works once and expires; a new one revokes the older ones.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import audit
from .models import Invitation, Organisation, User

if TYPE_CHECKING:
    from django.http import HttpRequest

DEFAULT_VALIDITY = timedelta(days=7)
MAX_FAILED_CHECKS = 5


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class InvitationCheck:
    """An extra proof asked before the password form, registered per purpose by an app."""

    form_class: type[forms.Form]
    passes: Callable[[Invitation, dict[str, Any]], bool]
    explanation: str


_checks: dict[str, InvitationCheck] = {}


def register_check(purpose: str, check: InvitationCheck) -> None:
    _checks[purpose] = check


def check_for(purpose: str) -> InvitationCheck | None:
    return _checks.get(purpose)


@transaction.atomic
def invitation_create(
    *,
    actor: User | None,
    user: User,
    purpose: str,
    organisation: Organisation | None = None,
    context: dict[str, Any] | None = None,
    valid_for: timedelta = DEFAULT_VALIDITY,
    request: HttpRequest | None = None,
) -> tuple[Invitation, str]:
    """Create an invitation and return it with its absolute link (the token's only copy)."""
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        purpose=purpose,
        organisation=organisation,
        token_hash=_hash(token),
        context=context or {},
        created_by=actor,
        expires_at=now + valid_for,
    )
    audit.record(
        action="invitation.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=organisation,
        obj=invitation,
        subject_ref=audit.subject_ref_for(user),
        details={"purpose": purpose},
    )
    link = settings.SITE_URL.rstrip("/") + reverse("accounts:invitation_accept", args=[token])
    return invitation, link


def invitation_send(*, invitation: Invitation, link: str, subject: str, intro: str) -> None:
    """E-mail the link. The message says who invited them and never contains a password."""
    context = {
        "invitation": invitation,
        "link": link,
        "intro": intro,
        "expires_at": invitation.expires_at,
    }
    send_mail(
        subject=subject,
        message=render_to_string("emails/invitation_body.txt", context),
        html_message=render_to_string("emails/invitation_body.html", context),
        from_email=None,
        recipient_list=[invitation.user.email],
    )


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("user", "organisation")
        .filter(token_hash=_hash(token))
        .first()
    )


def invitation_record_failed_check(*, invitation: Invitation, request: HttpRequest) -> bool:
    """Count a wrong answer to the extra check; revoke after five. Returns True when revoked."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        locked.failed_checks += 1
        fields = ["failed_checks"]
        if locked.failed_checks >= MAX_FAILED_CHECKS:
            locked.revoked_at = timezone.now()
            fields.append("revoked_at")
        locked.save(update_fields=fields)
    audit.record(
        action="invitation.check_failed",
        category=audit.Category.AUTHENTICATION,
        request=request,
        obj=locked,
        subject_ref=audit.subject_ref_for(locked.user),
        outcome=audit.Outcome.FAILURE,
        details={"failed_checks": locked.failed_checks},
    )
    return locked.revoked_at is not None


class InvitationAlreadyUsedError(Exception):
    pass


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str, request: HttpRequest) -> User:
    """Use the invitation once: set the password and mark the e-mail address as verified."""
    locked = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if not locked.is_usable():
        raise InvitationAlreadyUsedError
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    user = locked.user
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    audit.record(
        action="invitation.accept",
        category=audit.Category.AUTHENTICATION,
        request=request,
        actor=user,
        organisation=locked.organisation,
        obj=locked,
        subject_ref=audit.subject_ref_for(user),
        details={"purpose": locked.purpose},
    )
    return user
