"""The agency's writes: approve (every line in one transaction, then the e-mails), reject with a
reason, acknowledge an urgent removal. Each checks the actor and the request's state under a row
lock, and is audited (refusals too)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import audit, invitations, policies
from ..models import AuthorisationLine, AuthorisationRequest, Organisation, Role, User
from ..services import membership_create, membership_revoke, user_get_or_create
from . import diff, emails, selectors
from .services import INVITATION_PURPOSE, Action, AlreadyDecided, StaleReview, Status

if TYPE_CHECKING:
    from django.http import HttpRequest


def _refused(
    action: str, actor: User, auth_request: AuthorisationRequest, reason: str, request
) -> None:  # noqa: ANN001
    audit.record(
        action=action,
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=auth_request.organiser,
        obj=auth_request,
        outcome=audit.Outcome.FAILURE,
        details={"reason": reason},
    )


def _lock_open(actor: User, auth_request: AuthorisationRequest) -> AuthorisationRequest:
    if not policies.is_agency_admin(actor):
        raise PermissionDenied
    locked = (
        AuthorisationRequest.objects.select_for_update(of=("self",))
        .select_related("organiser", "submitted_by", "reviewed_by")
        .get(pk=auth_request.pk)
    )
    if locked.status != Status.OPEN:
        raise AlreadyDecided(locked)
    return locked


def authorisation_request_approve(
    *,
    actor: User,
    auth_request: AuthorisationRequest,
    fingerprint: str,
    request: HttpRequest | None = None,
) -> AuthorisationRequest:
    """Apply every line in one transaction: accounts, memberships, removals; then the e-mails.

    `fingerprint` is what the reviewer saw (diff.request_diff); if the request or the
    current authorisations changed since, nothing is applied and StaleReview is raised.
    """
    try:
        with transaction.atomic():
            locked = _lock_open(actor, auth_request)
            if fingerprint != diff.request_fingerprint(locked):
                raise StaleReview
            decided_at = timezone.now()
            mails = _apply(actor, locked, request)
            locked.status = Status.APPROVED
            locked.reviewed_by = actor
            locked.reviewed_at = decided_at
            locked.save(update_fields=["status", "reviewed_by", "reviewed_at"])
            audit.record(
                action="authorisation_request.approve",
                category=audit.Category.UPDATE,
                request=request,
                actor=actor,
                organisation=locked.organiser,
                obj=locked,
                details={"lines": locked.lines.count()},
            )
            for mail in mails:
                transaction.on_commit(mail)
    except AlreadyDecided:
        _refused("authorisation_request.approve", actor, auth_request, "already_decided", request)
        raise
    except StaleReview:
        _refused("authorisation_request.approve", actor, auth_request, "stale", request)
        raise
    return locked


def _apply(
    actor: User, auth_request: AuthorisationRequest, request: HttpRequest | None
) -> list[Callable[[], object]]:
    """Carry out the lines; return the e-mails to send once the transaction has committed."""
    organiser = auth_request.organiser
    planned = diff.request_diff(
        AuthorisationRequest.objects.prefetch_related(selectors.lines_prefetch())
        .select_related("organiser")
        .get(pk=auth_request.pk)
    )
    reason = _("Geschrapt op aanvraag %(number)s") % {"number": auth_request.pk}
    outcomes: list[emails.Outcome] = []
    invites: list[tuple[User, list[Organisation]]] = []
    notices: list[tuple[User, list[Organisation]]] = []
    for effect in planned.effects:
        line = effect.line
        user = effect.user
        if line.action == Action.ADD:
            user, _created = user_get_or_create(
                email=line.email, first_name=line.first_name, last_name=line.last_name, actor=actor
            )
            if not user.is_active:
                user.is_active = True
                user.save(update_fields=["is_active"])
                audit.record(
                    action="user.reactivate",
                    category=audit.Category.UPDATE,
                    request=request,
                    actor=actor,
                    obj=user,
                    subject_ref=audit.subject_ref_for(user),
                )
            line.person = user
            line.save(update_fields=["person"])
        for membership in effect.removes:
            membership_revoke(actor=actor, membership=membership, reason=reason, request=request)
        for bureau in effect.adds:
            membership_create(
                actor=actor,
                user=user,
                organisation=bureau,
                role=Role.AUTHORISED_PERSON,
                request=request,
            )
        if effect.adds:
            (notices if user.has_usable_password() else invites).append((user, effect.adds))
        outcomes.append(_outcome(line, user, effect))

    mails: list[Callable[[], object]] = []
    for user, bureaus in invites:
        invitation, link = invitations.invitation_create(
            actor=actor,
            user=user,
            purpose=INVITATION_PURPOSE,
            organisation=bureaus[0],
            context={"authorisation_request": auth_request.pk, "bureaus": [b.pk for b in bureaus]},
            request=request,
        )
        mails.append(
            partial(
                emails.send_invitation,
                invitation=invitation,
                link=link,
                organiser=organiser,
                bureaus=[b.name for b in bureaus],
            )
        )
    for user, bureaus in notices:
        mails.append(
            partial(
                emails.send_access_granted,
                user=user,
                organiser=organiser,
                bureaus=[b.name for b in bureaus],
            )
        )
    mails.append(partial(emails.send_approved, auth_request=auth_request, outcomes=outcomes))
    return mails


def _outcome(line: AuthorisationLine, user: User, effect: diff.LineEffect) -> emails.Outcome:
    if line.action == Action.REMOVE:
        kind, bureaus = "removed", [m.organisation.name for m in effect.removes]
    elif line.action == Action.CHANGE:
        kind = "changed"
        bureaus = [b.name for b in (*effect.unchanged, *effect.adds)]
    else:
        kind = "granted" if user.has_usable_password() else "invited"
        bureaus = [b.name for b in (*effect.unchanged, *effect.adds)]
    return emails.Outcome(line.full_name, line.email, sorted(bureaus), kind)


def authorisation_request_reject(
    *,
    actor: User,
    auth_request: AuthorisationRequest,
    reason: str,
    request: HttpRequest | None = None,
) -> AuthorisationRequest:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Schrijf waarom je de aanvraag weigert. De organisator leest dit."))
    try:
        with transaction.atomic():
            locked = _lock_open(actor, auth_request)
            locked.status = Status.REJECTED
            locked.rejection_reason = reason[:2000]
            locked.reviewed_by = actor
            locked.reviewed_at = timezone.now()
            locked.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at"])
            audit.record(
                action="authorisation_request.reject",
                category=audit.Category.UPDATE,
                request=request,
                actor=actor,
                organisation=locked.organiser,
                obj=locked,
            )
            transaction.on_commit(partial(emails.send_rejected, auth_request=locked))
    except AlreadyDecided:
        _refused("authorisation_request.reject", actor, auth_request, "already_decided", request)
        raise
    return locked


def urgent_removal_acknowledge(
    *, actor: User, auth_request: AuthorisationRequest, request: HttpRequest | None = None
) -> AuthorisationRequest:
    if not policies.is_agency_admin(actor):
        raise PermissionDenied
    with transaction.atomic():
        locked = AuthorisationRequest.objects.select_for_update().get(pk=auth_request.pk)
        if not locked.awaits_acknowledgement:
            raise AlreadyDecided(locked)
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.save(update_fields=["reviewed_by", "reviewed_at"])
        audit.record(
            action="authorisation_request.acknowledge",
            category=audit.Category.UPDATE,
            request=request,
            actor=actor,
            organisation=locked.organiser,
            obj=locked,
        )
    return locked
