"""A person's authorisation history, built from the records themselves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from .. import policies
from ..models import (
    AuthorisationLine,
    Invitation,
    Membership,
    Organisation,
    Role,
    User,
)
from .selectors import (
    INVITATION_PURPOSE,
    Action,
    Status,
)

# --- A person's authorisation history -----------------------------------------------------------


@dataclass
class HistoryEntry:
    at: datetime
    event: str
    label: str
    actor: User | None
    bureaus: list[str] = field(default_factory=list)
    detail: str = ""
    request_id: int | None = None


def person_history(viewer: Any, person: User) -> list[HistoryEntry]:
    """Requested, approved or rejected, invited, activated, granted, removed: with who and when.

    Built from the requests, memberships and invitations themselves, limited to the organisers
    the viewer may see, so it can never disagree with what actually happened.
    """
    organisers = policies.organisers_visible_to(viewer)
    entries: list[HistoryEntry] = []
    lines = (
        AuthorisationLine.objects.filter(
            Q(person=person) | Q(person__isnull=True, email__iexact=person.email),
            request__organiser__in=organisers,
        )
        .select_related(
            "request",
            "request__organiser",
            "request__submitted_by",
            "request__reviewed_by",
            "request__withdrawn_by",
        )
        .prefetch_related(Prefetch("bureaus", queryset=Organisation.objects.order_by("name")))
    )
    for line in lines:
        entries.extend(_line_entries(line))
    memberships = Membership.objects.filter(
        user=person, role=Role.AUTHORISED_PERSON, organisation__parent__in=organisers
    ).select_related("organisation", "created_by", "revoked_by")
    for membership in memberships:
        bureau = [membership.organisation.name]
        entries.append(
            HistoryEntry(
                membership.created_at,
                "granted",
                _("Toegang gestart"),
                membership.created_by,
                bureau,
            )
        )
        if membership.revoked_at:
            entries.append(
                HistoryEntry(
                    membership.revoked_at,
                    "removed",
                    _("Toegang beëindigd"),
                    membership.revoked_by,
                    bureau,
                    membership.revocation_reason,
                )
            )
    invitations = Invitation.objects.filter(
        user=person, purpose=INVITATION_PURPOSE, organisation__parent__in=organisers
    ).select_related("organisation", "created_by")
    for invitation in invitations:
        bureau = [invitation.organisation.name]
        entries.append(
            HistoryEntry(
                invitation.created_at,
                "invited",
                _("Uitnodiging verstuurd"),
                invitation.created_by,
                bureau,
            )
        )
        if invitation.used_at:
            entries.append(
                HistoryEntry(
                    invitation.used_at,
                    "activated",
                    _("Account geactiveerd (wachtwoord gekozen)"),
                    person,
                    bureau,
                )
            )
    order = {"requested": 0, "decided": 1, "granted": 2, "invited": 3, "removed": 2}
    entries.sort(key=lambda e: (e.at, order.get(e.event, 5)))
    return entries


def _line_entries(line: AuthorisationLine) -> list[HistoryEntry]:
    auth_request = line.request
    bureaus = [b.name for b in line.bureaus.all()]
    requested = {
        Action.ADD: _("Toevoeging aangevraagd"),
        Action.REMOVE: _("Schrapping aangevraagd"),
        Action.CHANGE: _("Wijziging aangevraagd"),
    }[line.action]
    if auth_request.is_urgent_removal:
        entries = [
            HistoryEntry(
                auth_request.submitted_at,
                "requested",
                _("Meteen geschrapt door de organisator"),
                auth_request.submitted_by,
                bureaus,
                auth_request.note,
                auth_request.pk,
            )
        ]
        if auth_request.reviewed_at:
            entries.append(
                HistoryEntry(
                    auth_request.reviewed_at,
                    "decided",
                    _("Schrapping gezien door het agentschap"),
                    auth_request.reviewed_by,
                    bureaus,
                    request_id=auth_request.pk,
                )
            )
        return entries
    entries = [
        HistoryEntry(
            auth_request.submitted_at,
            "requested",
            requested,
            auth_request.submitted_by,
            bureaus,
            line.function,
            auth_request.pk,
        )
    ]
    if auth_request.status == Status.APPROVED:
        entries.append(
            HistoryEntry(
                auth_request.reviewed_at,
                "decided",
                _("Aanvraag goedgekeurd"),
                auth_request.reviewed_by,
                bureaus,
                request_id=auth_request.pk,
            )
        )
    elif auth_request.status == Status.REJECTED:
        entries.append(
            HistoryEntry(
                auth_request.reviewed_at,
                "decided",
                _("Aanvraag geweigerd"),
                auth_request.reviewed_by,
                bureaus,
                auth_request.rejection_reason,
                auth_request.pk,
            )
        )
    elif auth_request.status == Status.WITHDRAWN:
        entries.append(
            HistoryEntry(
                auth_request.withdrawn_at,
                "decided",
                _("Aanvraag ingetrokken door de organisator"),
                auth_request.withdrawn_by,
                bureaus,
                request_id=auth_request.pk,
            )
        )
    return entries
