"""Reads for access management and contact persons, scoped by accounts.policies."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .. import policies
from ..models import ContactPerson, Membership, Organisation, Role

# After this long without a confirmation, the portal asks to check the contact persons.
CONTACT_CONFIRMATION_INTERVAL = timedelta(days=365)


# --- Teams ----------------------------------------------------------------------------------------


def team_organisation_get(user: Any, organisation_id: int) -> Organisation:
    return get_object_or_404(policies.team_organisations_managed_by(user), pk=organisation_id)


@dataclass
class RoleGroup:
    role: str
    label: str
    members: list[Membership] = field(default_factory=list)
    manageable: bool = False


def team(organisation: Organisation, viewer: Any) -> list[RoleGroup]:
    """The organisation's e-loket roles, each with its active members."""
    manageable = policies.roles_manageable_by(viewer, organisation)
    roles = policies.TEAM_ROLES_BY_KIND.get(organisation.kind, ())
    groups = {
        role: RoleGroup(role, str(Role(role).label), manageable=role in manageable)
        for role in roles
    }
    memberships = (
        Membership.objects.active()
        .filter(organisation=organisation, role__in=roles)
        .select_related("user", "created_by")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    for membership in memberships:
        groups[membership.role].members.append(membership)
    return list(groups.values())


def team_membership_get(organisation: Organisation, membership_id: int) -> Membership:
    """An active e-loket membership of this organisation (else 404)."""
    roles = policies.TEAM_ROLES_BY_KIND.get(organisation.kind, ())
    queryset = (
        Membership.objects.active()
        .filter(organisation=organisation, role__in=roles)
        .select_related("user", "organisation")
    )
    return get_object_or_404(queryset, pk=membership_id)


def active_member_count(organisation: Organisation, role: str) -> int:
    return Membership.objects.active().filter(organisation=organisation, role=role).count()


# --- The agency's overview -----------------------------------------------------------------------


@dataclass
class OrganisationRow:
    organisation: Organisation
    leaders: list[Membership]
    managers: int
    members: int
    contacts: int
    contacts_confirmed: datetime | None

    @property
    def needs_contact_check(self) -> bool:
        return contact_check_due(self.contacts_confirmed)


LEADER_ROLES = (Role.MAIN_ACCESS_MANAGER, Role.FACILITY_DIRECTOR)


def agency_overview(user: Any) -> list[OrganisationRow]:
    """Every GP circle and care facility: who leads it, how many members, its contacts."""
    today = timezone.localdate()
    active = (
        Q(memberships__revoked_at__isnull=True)
        & Q(memberships__valid_from__lte=today)
        & (Q(memberships__valid_until__isnull=True) | Q(memberships__valid_until__gte=today))
    )
    organisations = list(
        policies.team_organisations_managed_by(user)
        .annotate(
            managers=Count("memberships", filter=active & Q(memberships__role=Role.ACCESS_MANAGER)),
            members=Count(
                "memberships",
                filter=active & Q(memberships__role__in=[Role.CIRCLE_USER, Role.CARE_PROVIDER]),
            ),
        )
        .order_by("kind", "name")
    )
    contacts = {
        row["organisation"]: row
        for row in ContactPerson.objects.current()
        .filter(organisation__in=organisations)
        .values("organisation")
        .annotate(count=Count("pk"), oldest=Min("last_confirmed_at"))
    }
    leaders: dict[int, list[Membership]] = defaultdict(list)
    for membership in (
        Membership.objects.active()
        .filter(organisation__in=organisations, role__in=LEADER_ROLES)
        .select_related("user")
    ):
        leaders[membership.organisation_id].append(membership)
    return [
        OrganisationRow(
            organisation=o,
            leaders=leaders.get(o.pk, []),
            managers=o.managers,
            members=o.members,
            contacts=contacts.get(o.pk, {}).get("count", 0),
            contacts_confirmed=contacts.get(o.pk, {}).get("oldest"),
        )
        for o in organisations
    ]


# --- Contact persons ------------------------------------------------------------------------------


def contact_organisation_get(user: Any, organisation_id: int) -> Organisation:
    return get_object_or_404(
        policies.contact_person_organisations_managed_by(user), pk=organisation_id
    )


def contact_persons(organisation: Organisation) -> QuerySet[ContactPerson]:
    return (
        ContactPerson.objects.current()
        .filter(organisation=organisation)
        .select_related("last_confirmed_by", "created_by")
        .order_by("name")
    )


def contact_person_get(organisation: Organisation, contact_id: int) -> ContactPerson:
    return get_object_or_404(contact_persons(organisation), pk=contact_id)


@dataclass(frozen=True)
class ContactStatus:
    count: int
    oldest_confirmation: datetime | None

    @property
    def check_due(self) -> bool:
        return contact_check_due(self.oldest_confirmation)


def contact_status(organisation: Organisation) -> ContactStatus:
    row = (
        ContactPerson.objects.current()
        .filter(organisation=organisation)
        .aggregate(count=Count("pk"), oldest=Min("last_confirmed_at"))
    )
    return ContactStatus(row["count"], row["oldest"])


def contact_check_due(oldest_confirmation: datetime | None) -> bool:
    if oldest_confirmation is None:
        return False
    return timezone.now() - oldest_confirmation > CONTACT_CONFIRMATION_INTERVAL


def contact_email_taken(
    organisation: Organisation, email: str, *, exclude: int | None = None
) -> bool:
    """Whether another current contact person of the organisation has this e-mail address."""
    others = ContactPerson.objects.current().filter(organisation=organisation, email__iexact=email)
    if exclude:
        others = others.exclude(pk=exclude)
    return others.exists()
