"""What approving a request would change: each line against the current authorisations,
and the fingerprint that makes a review of another state stale."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from .. import policies
from ..models import (
    AuthorisationLine,
    AuthorisationRequest,
    Membership,
    Organisation,
    Role,
    User,
    normalise_email,
)
from .selectors import (
    Action,
    active_authorisations,
)

# --- What approving a request would change --------------------------------------------------------


@dataclass
class LineEffect:
    line: AuthorisationLine
    user: User | None
    adds: list[Organisation] = field(default_factory=list)
    removes: list[Membership] = field(default_factory=list)
    unchanged: list[Organisation] = field(default_factory=list)
    elsewhere: list[Membership] = field(default_factory=list)  # the person's other access

    @property
    def new_account(self) -> bool:
        return self.user is None

    @property
    def changes_anything(self) -> bool:
        function_changes = self.line.action == Action.CHANGE and bool(self.line.function)
        return bool(self.adds or self.removes or function_changes)


@dataclass
class RequestDiff:
    effects: list[LineEffect]
    current: list[tuple[Organisation, list[Membership]]]
    fingerprint: str


def request_diff(auth_request: AuthorisationRequest) -> RequestDiff:
    """Each line against the current authorisations of the organiser's bureaus."""
    organiser = auth_request.organiser
    lines = list(auth_request.lines.all())
    current = list(active_authorisations(organiser))
    by_user: dict[int, list[Membership]] = defaultdict(list)
    for membership in current:
        by_user[membership.user_id].append(membership)
    accounts = _accounts_for_additions(lines)
    involved = {line.person_id for line in lines if line.person_id} | {
        u.pk for u in accounts.values()
    }
    elsewhere: dict[int, list[Membership]] = defaultdict(list)
    for membership in (
        Membership.objects.active()
        .filter(user_id__in=involved)
        .exclude(role=Role.AUTHORISED_PERSON, organisation__parent=organiser)
        .select_related("organisation")
    ):
        elsewhere[membership.user_id].append(membership)

    effects = []
    for line in lines:
        user = line.person or accounts.get(normalise_email(line.email))
        held = by_user.get(user.pk, []) if user else []
        held_ids = {m.organisation_id for m in held}
        effect = LineEffect(line, user, elsewhere=elsewhere.get(user.pk, []) if user else [])
        if line.action == Action.REMOVE:
            effect.removes = list(held)
        else:
            wanted = list(line.bureaus.all())
            wanted_ids = {b.pk for b in wanted}
            effect.adds = [b for b in wanted if b.pk not in held_ids]
            effect.unchanged = [b for b in wanted if b.pk in held_ids]
            if line.action == Action.CHANGE:
                effect.removes = [m for m in held if m.organisation_id not in wanted_ids]
        effects.append(effect)

    grouped: dict[int, tuple[Organisation, list[Membership]]] = {
        b.pk: (b, []) for b in policies.bureaus_of(organiser)
    }
    for membership in current:
        grouped[membership.organisation_id][1].append(membership)
    fingerprint = _fingerprint(auth_request, lines, current, accounts)
    return RequestDiff(effects, list(grouped.values()), fingerprint)


def request_fingerprint(auth_request: AuthorisationRequest) -> str:
    """A short hash of the request and of the state it would change: a review that saw another
    state is stale. Reads everything afresh (call it under the request's row lock)."""
    lines = list(AuthorisationLine.objects.filter(request=auth_request).prefetch_related("bureaus"))
    current = list(active_authorisations(auth_request.organiser))
    return _fingerprint(auth_request, lines, current, _accounts_for_additions(lines))


def _accounts_for_additions(lines: list[AuthorisationLine]) -> dict[str, User]:
    emails = [normalise_email(line.email) for line in lines if line.action == Action.ADD]
    return {u.email: u for u in User.objects.filter(email__in=emails)} if emails else {}


def _fingerprint(
    auth_request: AuthorisationRequest,
    lines: list[AuthorisationLine],
    current: list[Membership],
    accounts: dict[str, User],
) -> str:
    payload = {
        "revision": auth_request.revision,
        "status": auth_request.status,
        "lines": sorted(
            [
                line.pk,
                line.action,
                line.person_id,
                normalise_email(line.email),
                sorted(b.pk for b in line.bureaus.all()),
            ]
            for line in lines
        ),
        "current": sorted([m.pk, m.user_id, m.organisation_id] for m in current),
        "accounts": sorted([email, user.pk] for email, user in accounts.items()),
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]
