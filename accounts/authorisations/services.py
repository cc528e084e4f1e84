"""The organiser's writes (the agency's are in review.py): atomic, checked against the actor's
rights, audited.

    authorisation_request_submit    a signed request (additions, removals, changes)
    authorisation_request_update    edit an open request (signed again)
    authorisation_request_withdraw  withdraw an open request
    authorised_person_remove_now    urgent removal, effective at once
    authorised_person_invite_again  a fresh link for who has not activated (also the agency)
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import audit, invitations, policies
from ..models import (
    AuthorisationLine,
    AuthorisationRequest,
    DeclarationText,
    Membership,
    Organisation,
    Role,
    User,
    normalise_email,
)
from ..services import membership_revoke
from . import emails, selectors
from .rules import Lines, check_lines, foreign_bureaus, user_label

if TYPE_CHECKING:
    from django.http import HttpRequest

Status = AuthorisationRequest.Status
Kind = AuthorisationRequest.Kind
Action = AuthorisationLine.Action
INVITATION_PURPOSE = selectors.INVITATION_PURPOSE


class AuthorisationError(Exception):
    """A request that cannot be handled as asked; the message tells the user why."""


class AlreadyDecided(AuthorisationError):
    def __init__(self, auth_request: AuthorisationRequest) -> None:
        self.auth_request = auth_request
        super().__init__(auth_request.get_status_display())


class StaleReview(AuthorisationError):
    """The request or the current authorisations changed since the reviewer looked."""


class DuplicateSubmission(AuthorisationError):
    def __init__(self, auth_request: AuthorisationRequest) -> None:
        self.auth_request = auth_request
        super().__init__(str(auth_request.pk))


class NothingToRemove(AuthorisationError):
    """The person is not (or no longer) authorised at this organiser's bureaus."""


class AlreadyActivated(AuthorisationError):
    """The person chose a password already: they log in, they need no invitation."""


@dataclass(frozen=True)
class Signature:
    """The declaration on honour as the organiser confirmed it."""

    declaration: DeclarationText
    name: str
    language: str = ""


def _signature_fields(signature: Signature, request: HttpRequest | None) -> dict:
    latest = DeclarationText.objects.current()
    if latest is None or latest.pk != signature.declaration.pk:
        raise ValidationError(
            _(
                "De verklaring op erewoord is intussen gewijzigd. Lees de nieuwe tekst en "
                "bevestig ze opnieuw."
            )
        )
    if not signature.name.strip():
        raise ValidationError(_("Typ je volledige naam als handtekening."))
    language = (signature.language or get_language() or "nl")[:2]
    return {
        "declaration": signature.declaration,
        "declaration_text": signature.declaration.text_for(language),
        "declaration_language": language,
        "signature_name": " ".join(signature.name.split())[:200],
        "signed_at": timezone.now(),
        "signed_ip": audit.client_ip(request) if request is not None else None,
        "signed_user_agent": request.headers.get("user-agent", "")[:300] if request else "",
    }


def _check_requester(actor: User, organiser: Organisation, lines: Lines) -> None:
    if not policies.can_request_for(actor, organiser):
        raise PermissionDenied("not an organiser of this organisation")
    if foreign_bureaus(organiser, lines):
        raise PermissionDenied("a bureau of another organiser")


def _raise_problems(organiser: Organisation, lines: Lines, editing=None) -> None:  # noqa: ANN001
    problems = check_lines(organiser=organiser, lines=lines, editing=editing)
    if problems:
        raise ValidationError([problem.message for problem in problems])


def _write_lines(auth_request: AuthorisationRequest, organiser: Organisation, lines: Lines) -> None:
    current = selectors.current_bureaus_by_person(organiser)
    position = 0
    for addition in lines.additions:
        line = AuthorisationLine(
            request=auth_request,
            position=position,
            action=Action.ADD,
            first_name=" ".join(addition.first_name.split()),
            last_name=" ".join(addition.last_name.split()),
            email=normalise_email(addition.email),
            function=addition.function.strip(),
        )
        line.full_clean(exclude=["request"])
        line.save()
        line.bureaus.set(addition.bureaus)
        position += 1
    for removal in lines.removals:
        person = removal.person
        line = AuthorisationLine.objects.create(
            request=auth_request,
            position=position,
            action=Action.REMOVE,
            person=person,
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
        )
        line.bureaus.set(current.get(person.pk, set()))
        position += 1
    for change in lines.changes:
        person = change.person
        line = AuthorisationLine.objects.create(
            request=auth_request,
            position=position,
            action=Action.CHANGE,
            person=person,
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
            function=change.function.strip(),
        )
        line.bureaus.set(change.bureaus)
        position += 1


def _line_counts(lines: Lines) -> dict[str, int]:
    return {
        "additions": len(lines.additions),
        "removals": len(lines.removals),
        "changes": len(lines.changes),
    }


def authorisation_request_submit(
    *,
    actor: User,
    organiser: Organisation,
    lines: Lines,
    signature: Signature,
    note: str = "",
    submission_key: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> AuthorisationRequest:
    """Submit a signed request. The same submission key twice raises DuplicateSubmission."""
    _check_requester(actor, organiser, lines)
    if submission_key:
        earlier = AuthorisationRequest.objects.filter(submission_key=submission_key).first()
        if earlier:
            raise DuplicateSubmission(earlier)
    try:
        with transaction.atomic():
            _raise_problems(organiser, lines)
            auth_request = AuthorisationRequest(
                organiser=organiser,
                kind=Kind.CHANGE,
                submission_key=submission_key or uuid.uuid4(),
                submitted_by=actor,
                note=note.strip(),
                **_signature_fields(signature, request),
            )
            auth_request.full_clean()
            auth_request.save()
            _write_lines(auth_request, organiser, lines)
            audit.record(
                action="authorisation_request.submit",
                category=audit.Category.CREATE,
                request=request,
                actor=actor,
                organisation=organiser,
                obj=auth_request,
                details={**_line_counts(lines), "declaration": signature.declaration.version},
            )
    except IntegrityError:
        # Two identical submissions at the same moment: the unique key let only one through.
        earlier = AuthorisationRequest.objects.filter(submission_key=submission_key).first()
        if earlier is None:
            raise
        raise DuplicateSubmission(earlier) from None
    return auth_request


def authorisation_request_update(
    *,
    actor: User,
    auth_request: AuthorisationRequest,
    lines: Lines,
    signature: Signature,
    note: str = "",
    revision: int,
    request: HttpRequest | None = None,
) -> AuthorisationRequest:
    """Replace the lines of an open request; the organiser signs again. Raises the revision."""
    organiser = auth_request.organiser
    _check_requester(actor, organiser, lines)
    with transaction.atomic():
        locked = AuthorisationRequest.objects.select_for_update().get(pk=auth_request.pk)
        if locked.status != Status.OPEN:
            raise AlreadyDecided(locked)
        if locked.revision != revision:
            raise StaleReview
        _raise_problems(organiser, lines, editing=locked)
        locked.lines.all().delete()
        for name, value in _signature_fields(signature, request).items():
            setattr(locked, name, value)
        locked.note = note.strip()
        locked.revision += 1
        locked.full_clean()
        locked.save()
        _write_lines(locked, organiser, lines)
        audit.record(
            action="authorisation_request.update",
            category=audit.Category.UPDATE,
            request=request,
            actor=actor,
            organisation=organiser,
            obj=locked,
            details={**_line_counts(lines), "revision": locked.revision},
        )
    return locked


def authorisation_request_withdraw(
    *, actor: User, auth_request: AuthorisationRequest, request: HttpRequest | None = None
) -> AuthorisationRequest:
    if not policies.can_request_for(actor, auth_request.organiser):
        raise PermissionDenied
    with transaction.atomic():
        locked = AuthorisationRequest.objects.select_for_update().get(pk=auth_request.pk)
        if locked.status != Status.OPEN:
            raise AlreadyDecided(locked)
        locked.status = Status.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = actor
        locked.revision += 1
        locked.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "revision"])
        audit.record(
            action="authorisation_request.withdraw",
            category=audit.Category.UPDATE,
            request=request,
            actor=actor,
            organisation=locked.organiser,
            obj=locked,
        )
    return locked


def authorised_person_remove_now(
    *,
    actor: User,
    organiser: Organisation,
    person: User,
    reason: str = "",
    request: HttpRequest | None = None,
) -> AuthorisationRequest:
    """A departing person loses access at once, before any review; the agency sees it after.

    Recorded as an urgent-removal request (applied), so it appears in the history and in the
    agency's queue to acknowledge.
    """
    if not policies.can_request_for(actor, organiser):
        raise PermissionDenied
    with transaction.atomic():
        # Lock the person's memberships: a double click finds them already ended.
        memberships = list(
            Membership.objects.active()
            .select_for_update()
            .filter(
                user=person,
                role=Role.AUTHORISED_PERSON,
                organisation__parent=organiser,
                organisation__kind=Organisation.Kind.CONSULTATION_BUREAU,
            )
            .select_related("organisation")
        )
        if not memberships:
            raise NothingToRemove(user_label(person))
        auth_request = AuthorisationRequest.objects.create(
            organiser=organiser,
            kind=Kind.URGENT_REMOVAL,
            status=Status.APPLIED,
            submitted_by=actor,
            note=reason.strip()[:2000],
        )
        line = AuthorisationLine.objects.create(
            request=auth_request,
            action=Action.REMOVE,
            person=person,
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
        )
        line.bureaus.set([m.organisation for m in memberships])
        text = _("Meteen geschrapt door de organisator")
        for membership in memberships:
            membership_revoke(actor=actor, membership=membership, reason=text, request=request)
        audit.record(
            action="authorisation.remove_now",
            category=audit.Category.UPDATE,
            request=request,
            actor=actor,
            organisation=organiser,
            obj=auth_request,
            subject_ref=audit.subject_ref_for(person),
            details={"memberships": len(memberships)},
        )
    return auth_request


def authorised_person_invite_again(
    *,
    actor: User,
    organiser: Organisation,
    person: User,
    request: HttpRequest | None = None,
) -> None:
    """A new link (the old one stops working) for an authorised person who has not activated."""
    if not (policies.can_request_for(actor, organiser) or policies.is_agency_admin(actor)):
        raise PermissionDenied
    bureaus = [
        m.organisation for m in selectors.active_authorisations(organiser).filter(user=person)
    ]
    if not bureaus:
        raise NothingToRemove(user_label(person))
    if person.has_usable_password():
        raise AlreadyActivated(user_label(person))
    with transaction.atomic():
        invitation, link = invitations.invitation_create(
            actor=actor,
            user=person,
            purpose=INVITATION_PURPOSE,
            organisation=bureaus[0],
            context={"bureaus": [b.pk for b in bureaus]},
            request=request,
        )
        transaction.on_commit(
            partial(
                emails.send_invitation,
                invitation=invitation,
                link=link,
                organiser=organiser,
                bureaus=[b.name for b in bureaus],
            )
        )
