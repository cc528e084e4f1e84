"""Reads about authorised persons, scoped by accounts.policies (absent and not-yours are 404)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .. import policies
from ..models import (
    AuthorisationLine,
    AuthorisationRequest,
    DeclarationText,
    Membership,
    Organisation,
    Role,
    User,
)

Status = AuthorisationRequest.Status
Kind = AuthorisationRequest.Kind
Action = AuthorisationLine.Action
INVITATION_PURPOSE = "authorised_person"
# The agency's aim for deciding on a request, shown to the organiser after submitting.
REVIEW_WORKING_DAYS = 5


# --- Single objects ------------------------------------------------------------------------------


def organiser_get_for_viewer(user: Any, organiser_id: int) -> Organisation:
    return get_object_or_404(policies.organisers_visible_to(user), pk=organiser_id)


def organiser_get_for_requester(user: Any, organiser_id: int) -> Organisation:
    return get_object_or_404(policies.organisers_run_by(user), pk=organiser_id)


def lines_prefetch() -> Prefetch:
    return Prefetch(
        "lines",
        queryset=AuthorisationLine.objects.select_related("person").prefetch_related(
            Prefetch("bureaus", queryset=Organisation.objects.order_by("name"))
        ),
    )


def request_get_for_user(user: Any, request_id: int) -> AuthorisationRequest:
    queryset = (
        policies.authorisation_requests_visible_to(user)
        .select_related("organiser", "submitted_by", "reviewed_by", "declaration")
        .prefetch_related(lines_prefetch())
    )
    return get_object_or_404(queryset, pk=request_id)


def person_get_for_user(user: Any, person_id: int) -> User:
    return get_object_or_404(policies.authorised_persons_visible_to(user), pk=person_id)


def person_get_for_organiser(organiser: Organisation, person_id: int) -> User:
    """Someone who is or was authorised at one of this organiser's bureaus (else 404)."""
    held = Membership.objects.filter(
        role=Role.AUTHORISED_PERSON, organisation__parent=organiser
    ).values("user_id")
    return get_object_or_404(User.objects.filter(pk__in=held), pk=person_id)


def request_for_submission_key(user: Any, key: str) -> AuthorisationRequest | None:
    """The request an earlier click of the same form created, if any (double submission)."""
    try:
        parsed = uuid.UUID(str(key))
    except ValueError:
        return None
    return policies.authorisation_requests_visible_to(user).filter(submission_key=parsed).first()


def expected_decision_date(submitted_at: datetime) -> date:
    """The date by which the agency aims to decide: a number of working days after submission."""
    days = getattr(settings, "AUTHORISATION_REVIEW_WORKING_DAYS", REVIEW_WORKING_DAYS)
    day = timezone.localdate(submitted_at)
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def current_declaration() -> DeclarationText:
    declaration = DeclarationText.objects.current()
    if declaration is None:  # the data migration publishes the first version
        raise ImproperlyConfigured("No declaration on honour has been published.")
    return declaration


# --- Current authorisations ----------------------------------------------------------------------


def bureaus_queryset(organiser: Organisation) -> QuerySet[Organisation]:
    return policies.bureaus_of(organiser)


def bureau_names_by_person(organiser: Organisation) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    for membership in active_authorisations(organiser):
        names[membership.user_id].append(membership.organisation.name)
    return dict(names)


def active_authorisations(organiser: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(
            role=Role.AUTHORISED_PERSON,
            organisation__parent=organiser,
            organisation__kind=Organisation.Kind.CONSULTATION_BUREAU,
        )
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "organisation__name")
    )


def current_bureaus_by_person(organiser: Organisation) -> dict[int, set[int]]:
    current: dict[int, set[int]] = defaultdict(set)
    for user_id, bureau_id in active_authorisations(organiser).values_list(
        "user_id", "organisation_id"
    ):
        current[user_id].add(bureau_id)
    return dict(current)


def current_persons(organiser: Organisation) -> QuerySet[User]:
    return User.objects.filter(pk__in=active_authorisations(organiser).values("user_id")).order_by(
        "last_name", "first_name", "email"
    )


def person_functions(organiser: Organisation) -> dict[int, str]:
    """Each person's function as last approved for this organiser."""
    rows = (
        AuthorisationLine.objects.filter(
            request__organiser=organiser, request__status=Status.APPROVED, person__isnull=False
        )
        .exclude(function="")
        .order_by("request__reviewed_at", "pk")
        .values_list("person_id", "function")
    )
    return dict(rows)  # later approvals overwrite earlier ones


def authorisations_visible_to(user: Any) -> QuerySet[Membership]:
    return policies.authorisations_visible_to(user).select_related(
        "user", "organisation", "organisation__parent"
    )


def functions_for(memberships: list[Membership]) -> dict[tuple[int, int], str]:
    """(organiser id, person id) -> the function last approved, for a page of memberships."""
    rows = (
        AuthorisationLine.objects.filter(
            request__status=Status.APPROVED,
            request__organiser_id__in={m.organisation.parent_id for m in memberships},
            person_id__in={m.user_id for m in memberships},
        )
        .exclude(function="")
        .order_by("request__reviewed_at", "pk")
        .values_list("request__organiser_id", "person_id", "function")
    )
    return {(organiser, person): function for organiser, person, function in rows}


def requests_for_api(user: Any) -> QuerySet[AuthorisationRequest]:
    return (
        policies.authorisation_requests_visible_to(user)
        .select_related("organiser", "submitted_by", "declaration")
        .prefetch_related(lines_prefetch())
        .order_by("-submitted_at", "-pk")
    )


# --- The organiser's overview ---------------------------------------------------------------------


@dataclass
class PersonRow:
    membership: Membership
    function: str

    @property
    def user(self) -> User:
        return self.membership.user

    @property
    def activated(self) -> bool:
        return self.membership.user.has_usable_password()


@dataclass
class PendingRow:
    line: AuthorisationLine
    request: AuthorisationRequest


@dataclass
class BureauOverview:
    bureau: Organisation
    current: list[PersonRow] = field(default_factory=list)
    pending: list[PendingRow] = field(default_factory=list)
    removed: list[Membership] = field(default_factory=list)


@dataclass
class OrganiserOverview:
    organiser: Organisation
    bureaus: list[BureauOverview]
    requests: list[AuthorisationRequest]

    @property
    def open_requests(self) -> list[AuthorisationRequest]:
        return [r for r in self.requests if r.is_open]


def organiser_overview(organiser: Organisation) -> OrganiserOverview:
    """Per bureau: who is authorised now, who is pending in an open request, who was removed."""
    bureaus = {b.pk: BureauOverview(bureau=b) for b in policies.bureaus_of(organiser)}
    functions = person_functions(organiser)
    memberships = (
        Membership.objects.filter(role=Role.AUTHORISED_PERSON, organisation_id__in=list(bureaus))
        .select_related("user", "organisation", "revoked_by")
        .order_by("user__last_name", "user__first_name", "-valid_from")
    )
    for membership in memberships:
        group = bureaus[membership.organisation_id]
        if membership.is_active_at():
            group.current.append(PersonRow(membership, functions.get(membership.user_id, "")))
        elif membership.revoked_at or membership.valid_until:
            group.removed.append(membership)
    requests = list(
        AuthorisationRequest.objects.filter(organiser=organiser)
        .select_related("submitted_by", "reviewed_by")
        .prefetch_related(lines_prefetch())
        .order_by("-submitted_at")[:100]
    )
    for auth_request in requests:
        if not auth_request.is_open:
            continue
        for line in auth_request.lines.all():
            for bureau in _line_bureaus(line, bureaus):
                bureaus[bureau].pending.append(PendingRow(line, auth_request))
    for group in bureaus.values():
        group.removed.sort(key=lambda m: m.revoked_at or m.created_at, reverse=True)
    return OrganiserOverview(organiser, list(bureaus.values()), requests)


def _line_bureaus(line: AuthorisationLine, bureaus: dict[int, BureauOverview]) -> list[int]:
    if line.action == Action.REMOVE:
        # A removal concerns every bureau where the person is authorised now.
        return [
            pk
            for pk, group in bureaus.items()
            if any(row.membership.user_id == line.person_id for row in group.current)
        ]
    return [b.pk for b in line.bureaus.all() if b.pk in bureaus]


# --- The agency's review queue --------------------------------------------------------------------


@dataclass
class ReviewQueue:
    open: list[AuthorisationRequest]
    to_acknowledge: list[AuthorisationRequest]
    recent: list[AuthorisationRequest]


def _with_line_counts(queryset: QuerySet[AuthorisationRequest]) -> QuerySet[AuthorisationRequest]:
    return queryset.select_related("organiser", "submitted_by", "reviewed_by").annotate(
        additions=Count("lines", filter=Q(lines__action=Action.ADD)),
        removals=Count("lines", filter=Q(lines__action=Action.REMOVE)),
        changes=Count("lines", filter=Q(lines__action=Action.CHANGE)),
    )


def review_queue(user: Any) -> ReviewQueue:
    """Open requests oldest first, urgent removals still to acknowledge, the latest decisions."""
    visible = _with_line_counts(policies.authorisation_requests_visible_to(user))
    open_requests = visible.filter(status=Status.OPEN).order_by("submitted_at", "pk")
    to_acknowledge = visible.filter(kind=Kind.URGENT_REMOVAL, reviewed_at__isnull=True).order_by(
        "submitted_at", "pk"
    )
    recent = (
        visible.exclude(status=Status.OPEN)
        .exclude(kind=Kind.URGENT_REMOVAL, reviewed_at__isnull=True)
        .annotate(decided_at=Coalesce("reviewed_at", "withdrawn_at", "submitted_at"))
        .order_by("-decided_at", "-pk")[:20]
    )
    return ReviewQueue(list(open_requests), list(to_acknowledge), list(recent))


def organisers_with_counts(user: Any) -> QuerySet[Organisation]:
    """Every organiser the user may see, with how many people are authorised there now."""
    today = timezone.localdate()
    active = (
        Q(children__memberships__role=Role.AUTHORISED_PERSON)
        & Q(children__memberships__revoked_at__isnull=True)
        & Q(children__memberships__valid_from__lte=today)
        & (
            Q(children__memberships__valid_until__isnull=True)
            | Q(children__memberships__valid_until__gte=today)
        )
    )
    return (
        policies.organisers_visible_to(user)
        .annotate(authorised=Count("children__memberships__user", filter=active, distinct=True))
        .order_by("name")
    )


def open_request_count(organiser: Organisation) -> int:
    return AuthorisationRequest.objects.filter(organiser=organiser, status=Status.OPEN).count()


def review_counts(user: Any) -> tuple[int, int]:
    """(open requests, urgent removals to acknowledge), for the agency's home tile."""
    visible = policies.authorisation_requests_visible_to(user)
    counts = visible.aggregate(
        open=Count("pk", filter=Q(status=Status.OPEN)),
        urgent=Count("pk", filter=Q(kind=Kind.URGENT_REMOVAL, reviewed_at__isnull=True)),
    )
    return counts["open"], counts["urgent"]
