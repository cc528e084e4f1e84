"""Who may see what: every access rule of the portal, in one place.

A rule is a small named function of the user. Every view declares one with `@requires("name")`
(function views) or `access_rule = "name"` (DRF views, checked by `RulePermission`). Object-level
tenancy lives in the scoped querysets below: selectors use them, so a record of another
organisation is simply not found (404), whether it is absent or not yours.

The access-matrix test walks every URL and fails on a view of ours that declares no rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from rest_framework.permissions import BasePermission

from .models import Membership, Organisation, Role

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

PUBLIC = "public"
AUTHENTICATED = "authenticated"

# Roles that manage who belongs to their organisation.
MANAGER_ROLES = frozenset(
    {
        Role.AGENCY_ADMIN,
        Role.ORGANISER,
        Role.MAIN_ACCESS_MANAGER,
        Role.ACCESS_MANAGER,
        Role.FACILITY_DIRECTOR,
    }
)
STAFF_ROLES = frozenset(set(Role) - {Role.PARENT, Role.YOUTH})


# --- Memberships of the current user ------------------------------------------------------------


def active_memberships(user: Any) -> list[Membership]:
    """The user's memberships that grant access now, cached on the user object per request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_active_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("organisation", "organisation__parent")
            .order_by("organisation__name", "role")
        )
        user._active_memberships = cached
    return cached


def forget_memberships(user: Any) -> None:
    if hasattr(user, "_active_memberships"):
        del user._active_memberships


def has_role(user: Any, *roles: str, organisation: Organisation | None = None) -> bool:
    return any(
        m.role in roles and (organisation is None or m.organisation_id == organisation.pk)
        for m in active_memberships(user)
    )


def organisations_with_role(user: Any, *roles: str) -> list[Organisation]:
    seen: dict[int, Organisation] = {}
    for m in active_memberships(user):
        if m.role in roles:
            seen.setdefault(m.organisation_id, m.organisation)
    return list(seen.values())


def has_access(user: Any) -> bool:
    """A logged-in person keeps access while at least one membership is active."""
    return bool(active_memberships(user)) or bool(getattr(user, "is_superuser", False))


# --- Named rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    name: str
    check: Callable[[Any], bool]
    description: str


RULES: dict[str, Rule] = {}


def rule(name: str, description: str) -> Callable[[Callable[[Any], bool]], Callable[[Any], bool]]:
    def register(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
        if name in RULES:
            raise ValueError(f"Access rule {name!r} is declared twice")
        RULES[name] = Rule(name, check, description)
        return check

    return register


@rule(PUBLIC, "Anyone, also without logging in.")
def is_anyone(user: Any) -> bool:
    return True


@rule(AUTHENTICATED, "Every logged-in person with an active membership.")
def is_logged_in(user: Any) -> bool:
    return bool(user.is_authenticated) and has_access(user)


@rule("agency_admin", "Administrators of the agency.")
def is_agency_admin(user: Any) -> bool:
    return has_role(user, Role.AGENCY_ADMIN)


@rule("organisation_manager", "People who manage the members of an organisation.")
def is_organisation_manager(user: Any) -> bool:
    return has_role(user, *MANAGER_ROLES)


@rule("staff", "Professionals: every role except parent and youth.")
def is_staff_member(user: Any) -> bool:
    return has_role(user, *STAFF_ROLES)


def evaluate(rule_name: str, user: Any) -> bool:
    return RULES[rule_name].check(user)


# --- Declaring the rule on a view -----------------------------------------------------------------


def requires(
    rule_name: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Declare and enforce the rule of a function view.

    Anonymous visitors go to the login page; a logged-in user whom the rule refuses gets 403
    (logged as a refused request by the audit middleware).
    """
    if rule_name not in RULES:
        raise ValueError(f"Unknown access rule {rule_name!r}")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if rule_name != PUBLIC and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not evaluate(rule_name, request.user):
                raise PermissionDenied(rule_name)
            return view(request, *args, **kwargs)

        wrapped.access_rule = rule_name  # type: ignore[attr-defined]
        return wrapped

    return decorator


class RulePermission(BasePermission):
    """DRF permission reading the view's `access_rule`, so the API follows the same rules."""

    def has_permission(self, request: Any, view: Any) -> bool:
        rule_name = getattr(view, "access_rule", None)
        if rule_name is None:
            return False
        if rule_name != PUBLIC and not (request.user and request.user.is_authenticated):
            return False
        return evaluate(rule_name, request.user)


def rule_of_view(callback: Any) -> str | None:
    """The rule a resolved URL callback declares (function view or DRF view)."""
    declared = getattr(callback, "access_rule", None)
    if declared:
        return declared
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    return getattr(view_class, "access_rule", None)


# --- Scoped querysets (tenancy) ------------------------------------------------------------------


def organisations_managed_by(user: Any) -> QuerySet[Organisation]:
    """Organisations whose members the user may see: their own managed ones and those below."""
    if is_agency_admin(user):
        return Organisation.objects.all()
    managed = [m.organisation_id for m in active_memberships(user) if m.role in MANAGER_ROLES]
    return Organisation.objects.filter(Q(pk__in=managed) | Q(parent_id__in=managed))


def memberships_visible_to(user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation__in=organisations_managed_by(user))


# --- Time registration (registration app) ---------------------------------------------------------
# Providers see only their own entries; nobody but the facility's director and the researchers
# sees cost data (wages, cost per hour); directors see who has gaps, never what colleagues logged.
# The registration models are imported inside the functions: accounts sits below registration.

REGISTRATION_AGENCY_ROLES = (Role.AGENCY_ADMIN, Role.RESEARCHER)


@rule("registration_provider", "Care providers, who register their own time.")
def is_registration_provider(user: Any) -> bool:
    return has_role(user, Role.CARE_PROVIDER)


@rule(
    "registration_director",
    "Facility directors: participation agreement, provider list with costs, completeness.",
)
def is_registration_director(user: Any) -> bool:
    return has_role(user, Role.FACILITY_DIRECTOR)


@rule("registration_agency", "The agency's administrators and researchers: sector analyses.")
def is_registration_agency(user: Any) -> bool:
    return has_role(user, *REGISTRATION_AGENCY_ROLES)


@rule("registration_study_admin", "Agency administrators, who create and change studies.")
def is_registration_study_admin(user: Any) -> bool:
    return has_role(user, Role.AGENCY_ADMIN)


@rule("registration_researcher", "Researchers: cost data and the pseudonymised research export.")
def is_registration_researcher(user: Any) -> bool:
    return has_role(user, Role.RESEARCHER)


@rule(
    "registration_reports",
    "Studies and facility reports: the facility's director, agency administrators, researchers.",
)
def is_registration_reader(user: Any) -> bool:
    return has_role(user, Role.FACILITY_DIRECTOR, *REGISTRATION_AGENCY_ROLES)


@rule("registration_any", "Everyone who takes part in time registration, in any role.")
def is_registration_participant(user: Any) -> bool:
    return has_role(user, Role.CARE_PROVIDER, Role.FACILITY_DIRECTOR, *REGISTRATION_AGENCY_ROLES)


def can_see_registration_costs(user: Any) -> bool:
    """Wages and cost per hour: the director (own facility) and the researchers, nobody else."""
    return has_role(user, Role.FACILITY_DIRECTOR, Role.RESEARCHER)


def sees_registration_names(user: Any) -> bool:
    """Reports show facilities and providers by pseudonym to everyone but the researchers."""
    return has_role(user, Role.RESEARCHER)


def registration_facilities_visible_to(user: Any) -> QuerySet[Organisation]:
    """Care facilities whose registration pages the user may open."""
    facilities = Organisation.objects.filter(kind=Organisation.Kind.CARE_FACILITY)
    if is_registration_agency(user):
        return facilities
    directed = [o.pk for o in organisations_with_role(user, Role.FACILITY_DIRECTOR)]
    return facilities.filter(pk__in=directed)


def registration_studies_visible_to(user: Any) -> QuerySet[Any]:
    from registration.models import RegistrationStudy

    if is_registration_agency(user):
        return RegistrationStudy.objects.all()
    directed = [o.pk for o in organisations_with_role(user, Role.FACILITY_DIRECTOR)]
    return RegistrationStudy.objects.filter(participations__facility_id__in=directed).distinct()


def registration_participations_visible_to(user: Any) -> QuerySet[Any]:
    from registration.models import Participation

    if is_registration_agency(user):
        return Participation.objects.all()
    directed = [o.pk for o in organisations_with_role(user, Role.FACILITY_DIRECTOR)]
    return Participation.objects.filter(facility_id__in=directed)


def registration_providers_visible_to(user: Any) -> QuerySet[Any]:
    """Provider lists with cost data: the facility's director, and the researchers."""
    from registration.models import ProviderProfile

    if is_registration_researcher(user):
        return ProviderProfile.objects.all()
    directed = [o.pk for o in organisations_with_role(user, Role.FACILITY_DIRECTOR)]
    return ProviderProfile.objects.filter(participation__facility_id__in=directed)


def registration_own_profiles(user: Any) -> QuerySet[Any]:
    """The user's own places on provider lists, at facilities where they are a care provider now."""
    from registration.models import ProviderProfile

    facilities = [o.pk for o in organisations_with_role(user, Role.CARE_PROVIDER)]
    if not facilities or not getattr(user, "is_authenticated", False):
        return ProviderProfile.objects.none()
    return ProviderProfile.objects.filter(user=user, participation__facility_id__in=facilities)


def registration_entries_visible_to(user: Any) -> QuerySet[Any]:
    """Time entries: only one's own. Directors and the agency read entries only as aggregates."""
    from registration.models import TimeEntry

    return TimeEntry.objects.filter(provider__in=registration_own_profiles(user))


def registration_results_visible_to(user: Any) -> QuerySet[Any]:
    """Stored analysis results: all for the agency; a director only their own facility's."""
    from registration.models import AnalysisResult

    if is_registration_agency(user):
        return AnalysisResult.objects.all()
    directed = [o.pk for o in organisations_with_role(user, Role.FACILITY_DIRECTOR)]
    return AnalysisResult.objects.filter(facility_id__in=directed)
