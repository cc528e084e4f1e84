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
from django.db.models import Exists, OuterRef, Q, QuerySet
from rest_framework.permissions import BasePermission

from .models import (
    AuthorisationLine,
    AuthorisationRequest,
    ContactPerson,
    Membership,
    Organisation,
    Role,
    User,
)

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

# The e-loket roles: which roles an organisation of each kind has, and who manages whom there.
# The agency manages every one of them (it appoints the main access manager and the director).
TEAM_ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    Organisation.Kind.GP_CIRCLE: (
        Role.MAIN_ACCESS_MANAGER,
        Role.ACCESS_MANAGER,
        Role.CIRCLE_USER,
    ),
    Organisation.Kind.CARE_FACILITY: (Role.FACILITY_DIRECTOR, Role.CARE_PROVIDER),
}
MANAGEABLE_ROLES: dict[str, frozenset[str]] = {
    Role.MAIN_ACCESS_MANAGER: frozenset({Role.ACCESS_MANAGER, Role.CIRCLE_USER}),
    Role.ACCESS_MANAGER: frozenset({Role.CIRCLE_USER}),
    Role.FACILITY_DIRECTOR: frozenset({Role.CARE_PROVIDER}),
}
# Roles whose holders keep their organisation's list of contact persons (the e-loket's).
CONTACT_PERSON_ROLES = frozenset(
    {Role.MAIN_ACCESS_MANAGER, Role.ACCESS_MANAGER, Role.FACILITY_DIRECTOR}
)
CONTACT_PERSON_KINDS = (Organisation.Kind.GP_CIRCLE, Organisation.Kind.CARE_FACILITY)
CIRCLE_ROLES = TEAM_ROLES_BY_KIND[Organisation.Kind.GP_CIRCLE]


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


@rule("organiser", "Organisers of consultation bureaus: they request who is authorised.")
def is_organiser(user: Any) -> bool:
    return has_role(user, Role.ORGANISER)


@rule(
    "authorisation_viewer",
    "Organisers (their own bureaus) and the agency: authorised persons, requests, history.",
)
def is_authorisation_viewer(user: Any) -> bool:
    return has_role(user, Role.ORGANISER, Role.AGENCY_ADMIN)


@rule(
    "team_manager",
    "Who manages the members of a GP circle or care facility: main access managers, access "
    "managers, facility directors, and the agency.",
)
def is_team_manager(user: Any) -> bool:
    return has_role(user, Role.AGENCY_ADMIN, *MANAGEABLE_ROLES)


@rule(
    "contact_person_manager",
    "Who keeps an organisation's contact persons: its managers, and the agency.",
)
def is_contact_person_manager(user: Any) -> bool:
    return has_role(user, Role.AGENCY_ADMIN, *CONTACT_PERSON_ROLES)


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


# --- Delegated-user authorisation (organisers, the agency) ---------------------------------------


def organisers_run_by(user: Any) -> QuerySet[Organisation]:
    """The bureau organisers the user runs as organiser: the only ones they may submit for."""
    ids = [m.organisation_id for m in active_memberships(user) if m.role == Role.ORGANISER]
    return Organisation.objects.filter(pk__in=ids, kind=Organisation.Kind.BUREAU_ORGANISER)


def organisers_visible_to(user: Any) -> QuerySet[Organisation]:
    """Organisers whose authorised persons the user may see: their own, or all for the agency."""
    if is_agency_admin(user):
        return Organisation.objects.filter(kind=Organisation.Kind.BUREAU_ORGANISER)
    return organisers_run_by(user)


def bureaus_of(organiser: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        parent=organiser, kind=Organisation.Kind.CONSULTATION_BUREAU
    ).order_by("name")


def can_request_for(user: Any, organiser: Organisation) -> bool:
    """Only an organiser of this very organisation may ask to authorise people for its bureaus."""
    return has_role(user, Role.ORGANISER, organisation=organiser)


def authorisation_requests_visible_to(user: Any) -> QuerySet[AuthorisationRequest]:
    return AuthorisationRequest.objects.filter(organiser__in=organisers_visible_to(user))


def authorisations_visible_to(user: Any) -> QuerySet[Membership]:
    """Authorised-person memberships (any state) at bureaus of organisers the user may see."""
    return Membership.objects.filter(
        role=Role.AUTHORISED_PERSON,
        organisation__kind=Organisation.Kind.CONSULTATION_BUREAU,
        organisation__parent__in=organisers_visible_to(user),
    )


def authorised_persons_visible_to(user: Any) -> QuerySet[User]:
    """People whose authorisation history the user may see: (once) authorised at, or named in a
    request for, a bureau of an organiser the user may see."""
    organisers = organisers_visible_to(user)
    held = Membership.objects.filter(
        user=OuterRef("pk"),
        role=Role.AUTHORISED_PERSON,
        organisation__parent__in=organisers,
    )
    named = AuthorisationLine.objects.filter(
        person=OuterRef("pk"), request__organiser__in=organisers
    )
    return User.objects.filter(Exists(held) | Exists(named))


# --- GP circles and care facilities (e-loket roles) ----------------------------------------------


def roles_manageable_by(user: Any, organisation: Organisation) -> frozenset[str]:
    """The roles the user may add to and remove from this organisation (empty: none)."""
    if is_agency_admin(user):
        return frozenset(TEAM_ROLES_BY_KIND.get(organisation.kind, ()))
    roles: set[str] = set()
    for membership in active_memberships(user):
        if membership.organisation_id == organisation.pk:
            roles |= MANAGEABLE_ROLES.get(membership.role, frozenset())
    return frozenset(roles)


def team_organisations_managed_by(user: Any) -> QuerySet[Organisation]:
    """GP circles and care facilities whose members the user manages (the agency: all)."""
    if is_agency_admin(user):
        return Organisation.objects.filter(kind__in=list(TEAM_ROLES_BY_KIND))
    ids = [m.organisation_id for m in active_memberships(user) if m.role in MANAGEABLE_ROLES]
    return Organisation.objects.filter(pk__in=ids, kind__in=list(TEAM_ROLES_BY_KIND))


def circles_visible_to(user: Any) -> QuerySet[Organisation]:
    """The GP circles whose data the user may see: only their own circle (the agency: all)."""
    circles = Organisation.objects.filter(kind=Organisation.Kind.GP_CIRCLE)
    if is_agency_admin(user):
        return circles
    ids = [m.organisation_id for m in active_memberships(user) if m.role in CIRCLE_ROLES]
    return circles.filter(pk__in=ids)


def contact_person_organisations_managed_by(user: Any) -> QuerySet[Organisation]:
    """Organisations whose contact persons the user keeps (the agency: all that have them)."""
    kinds = list(CONTACT_PERSON_KINDS)
    if is_agency_admin(user):
        return Organisation.objects.filter(kind__in=kinds)
    ids = [m.organisation_id for m in active_memberships(user) if m.role in CONTACT_PERSON_ROLES]
    return Organisation.objects.filter(pk__in=ids, kind__in=kinds)


def contact_persons_visible_to(user: Any) -> QuerySet[ContactPerson]:
    return ContactPerson.objects.filter(
        organisation__in=contact_person_organisations_managed_by(user)
    )


# --- Children, clinic schedule and questionnaires (parent portal) --------------------------------
# A parent sees a child while holding parental authority (a current guardianship) and the child
# is under 12; staff see the children their organisation follows (role practitioner there).
# Clients of a care facility (the client portal below) are not part of the parent portal.
# The daily task parent_portal.close_portals_at_twelve also marks the portal closed on the 12th
# birthday; both the birth date and that mark close it, so neither depends on the other.

YOUTH_HEALTH_KINDS = ("consultation_bureau", "youth_health_org")


def youth_health_staff_organisations(user: Any) -> list[Organisation]:
    return [
        o for o in organisations_with_role(user, Role.PRACTITIONER) if o.kind in YOUTH_HEALTH_KINDS
    ]


@rule("parent", "Parents (role parent): the parent portal of their own children.")
def is_parent(user: Any) -> bool:
    return has_role(user, Role.PARENT)


@rule(
    "youth_health_staff",
    "Doctors and nurses (role practitioner) at a consultation bureau or youth-health "
    "organisation: the children and sessions of that organisation.",
)
def is_youth_health_staff(user: Any) -> bool:
    return bool(youth_health_staff_organisations(user))


@rule(
    "questionnaire_research",
    "Researchers and administrators of the agency: the anonymised research export.",
)
def is_questionnaire_researcher(user: Any) -> bool:
    return has_role(user, Role.RESEARCHER, Role.AGENCY_ADMIN)


def _twelfth_birthday_cutoff(today: Any = None) -> Any:
    """Children born after this date are younger than 12 today."""
    from django.utils import timezone

    from parent_portal.models import PORTAL_AGE_LIMIT_YEARS, add_years

    return add_years(today or timezone.localdate(), -PORTAL_AGE_LIMIT_YEARS)


def guardianships_with_authority(user: Any, today: Any = None) -> QuerySet:
    from parent_portal.models import Guardianship

    if not getattr(user, "is_authenticated", False):
        return Guardianship.objects.none()
    return Guardianship.objects.current(today).filter(parent=user, has_parental_authority=True)


def children_visible_to(user: Any, today: Any = None) -> QuerySet:
    """The children a user may open: own children under 12 with authority, or the organisation's."""
    from parent_portal.models import Child

    if not getattr(user, "is_authenticated", False):
        return Child.objects.none()
    condition = Q(pk__in=[])
    if is_parent(user):
        condition |= Q(
            pk__in=guardianships_with_authority(user, today).values("child_id"),
            birth_date__gt=_twelfth_birthday_cutoff(today),
            portal_closed_at__isnull=True,
            organisation__kind__in=YOUTH_HEALTH_KINDS,
        )
    staff_orgs = [o.pk for o in youth_health_staff_organisations(user)]
    if staff_orgs:
        condition |= Q(organisation_id__in=staff_orgs)
    return Child.objects.filter(condition)


def children_of_parent(user: Any, today: Any = None) -> QuerySet:
    """Only the parent's own view (never staff rights): used for the parent portal pages."""
    from parent_portal.models import Child

    if not is_parent(user):
        return Child.objects.none()
    return Child.objects.filter(
        pk__in=guardianships_with_authority(user, today).values("child_id"),
        birth_date__gt=_twelfth_birthday_cutoff(today),
        portal_closed_at__isnull=True,
        organisation__kind__in=YOUTH_HEALTH_KINDS,
    )


def children_past_portal_age(user: Any, today: Any = None) -> QuerySet:
    """The parent's children whose portal closed at 12: named with an explanation, nothing more."""
    from parent_portal.models import Child

    if not is_parent(user):
        return Child.objects.none()
    return Child.objects.filter(
        Q(birth_date__lte=_twelfth_birthday_cutoff(today)) | Q(portal_closed_at__isnull=False),
        pk__in=guardianships_with_authority(user, today).values("child_id"),
        organisation__kind__in=YOUTH_HEALTH_KINDS,
    )


def children_of_staff(user: Any) -> QuerySet:
    from parent_portal.models import Child

    return Child.objects.filter(
        organisation_id__in=[o.pk for o in youth_health_staff_organisations(user)]
    )


def bureaus_scheduled_by(user: Any) -> list[Organisation]:
    """Bureaus whose sessions the user plans: practitioners at a consultation bureau."""
    return [o for o in youth_health_staff_organisations(user) if o.kind == "consultation_bureau"]


def sessions_visible_to(user: Any) -> QuerySet:
    from parent_portal.models import Session

    return Session.objects.filter(bureau_id__in=[o.pk for o in bureaus_scheduled_by(user)])


def appointments_visible_to_staff(user: Any) -> QuerySet:
    from parent_portal.models import Appointment

    return Appointment.objects.filter(
        session__bureau_id__in=[o.pk for o in bureaus_scheduled_by(user)]
    )


def appointments_of_parent(user: Any) -> QuerySet:
    from parent_portal.models import Appointment

    return Appointment.objects.filter(child__in=children_of_parent(user))


def can_view_child(user: Any, child: Any) -> bool:
    return children_visible_to(user).filter(pk=child.pk).exists()


@rule(
    "child_records",
    "Parents (their own children under 12) and youth-health staff (their organisation's "
    "children): the child-record API.",
)
def may_open_child_records(user: Any) -> bool:
    return is_parent(user) or is_youth_health_staff(user)


# --- GP lists of the circles (excel_intake) ------------------------------------------------------

GP_CIRCLE_ROLES = frozenset({Role.MAIN_ACCESS_MANAGER, Role.ACCESS_MANAGER, Role.CIRCLE_USER})
GP_LIST_SUBMITTER_ROLES = frozenset({Role.MAIN_ACCESS_MANAGER, Role.ACCESS_MANAGER})


@rule("gp_list_work", "Members of a GP circle: download the template, upload and check a list.")
def can_work_on_gp_list(user: Any) -> bool:
    return has_role(user, *GP_CIRCLE_ROLES)


@rule("gp_list_submit", "(Main) access managers of a GP circle: submit a checked list.")
def can_submit_gp_list(user: Any) -> bool:
    return has_role(user, *GP_LIST_SUBMITTER_ROLES)


@rule("gp_list_read", "Members of a GP circle (their own lists) and the agency (every circle).")
def can_read_gp_lists(user: Any) -> bool:
    return has_role(user, *GP_CIRCLE_ROLES, Role.AGENCY_ADMIN)


@rule("gp_list_agency", "The agency: every circle's status, exports and care zones.")
def can_oversee_gp_lists(user: Any) -> bool:
    return has_role(user, Role.AGENCY_ADMIN)


def gp_circles_visible_to(user: Any) -> QuerySet[Organisation]:
    """Circles whose lists the user may read: their own, or every circle for the agency."""
    circles = Organisation.objects.filter(kind=Organisation.Kind.GP_CIRCLE)
    if is_agency_admin(user):
        return circles
    return circles.filter(pk__in=[o.pk for o in organisations_with_role(user, *GP_CIRCLE_ROLES)])


def gp_circles_workable_by(user: Any) -> QuerySet[Organisation]:
    """Circles the user uploads for (the agency reads, it does not upload)."""
    own = [o.pk for o in organisations_with_role(user, *GP_CIRCLE_ROLES)]
    return Organisation.objects.filter(kind=Organisation.Kind.GP_CIRCLE, pk__in=own)


def gp_circles_submittable_by(user: Any) -> QuerySet[Organisation]:
    own = [o.pk for o in organisations_with_role(user, *GP_LIST_SUBMITTER_ROLES)]
    return Organisation.objects.filter(kind=Organisation.Kind.GP_CIRCLE, pk__in=own)


def gp_validation_runs_visible_to(user: Any) -> QuerySet:
    """A check's rows stay within the circle: its members see them, the agency does not."""
    from excel_intake.models import ValidationRun

    return ValidationRun.objects.filter(circle__in=gp_circles_workable_by(user))


def gp_submissions_visible_to(user: Any) -> QuerySet:
    from excel_intake.models import Submission

    return Submission.objects.filter(circle__in=gp_circles_visible_to(user))


# --- Messages (messaging) ------------------------------------------------------------------------
# A thread belongs to a requesting organisation (or, later, a client) and is handled by a staff
# organisation (the agency's helpdesk, or a practitioner's facility). Members of either side with
# the roles below read and write it; a handler_user narrows the staff side to one person.

MESSAGING_REQUESTER_ROLES = frozenset(STAFF_ROLES - {Role.AGENCY_ADMIN, Role.RESEARCHER})
MESSAGING_HANDLER_ROLES = frozenset({Role.AGENCY_ADMIN, Role.PRACTITIONER, Role.FACILITY_DIRECTOR})


@rule("messages", "Everyone who can take part in message threads (either side).")
def can_use_messages(user: Any) -> bool:
    return has_role(user, *MESSAGING_REQUESTER_ROLES, *MESSAGING_HANDLER_ROLES)


@rule("messages_start", "Members of an organisation who ask the helpdesk a question.")
def can_start_message_thread(user: Any) -> bool:
    return has_role(user, *MESSAGING_REQUESTER_ROLES)


def messaging_organisations(user: Any) -> tuple[list[int], list[int]]:
    """(organisations the user asks from, organisations the user answers for)."""
    requesting, handling = [], []
    for membership in active_memberships(user):
        if membership.role in MESSAGING_REQUESTER_ROLES:
            requesting.append(membership.organisation_id)
        if membership.role in MESSAGING_HANDLER_ROLES:
            handling.append(membership.organisation_id)
    return requesting, handling


def message_threads_visible_to(user: Any) -> QuerySet:
    """Threads the user reads and writes. A thread scoped to a subject (e.g. a care trajectory,
    see messaging.scopes) is seen by its client while the scope admits them as requester, and
    by the staff side only when the scope names them as one of its handlers."""
    from messaging import scopes
    from messaging.models import Thread

    requesting, handling = messaging_organisations(user)
    user_id = getattr(user, "pk", None)
    narrowed = Q(handler_user__isnull=True) | Q(handler_user=user_id)
    unscoped = Q(scope_kind="") & (
        Q(organisation_id__in=requesting, client__isnull=True)
        | Q(client_id=user_id)
        | (Q(handler_id__in=handling) & narrowed)
    )
    scoped = Q(pk__in=[])
    for kind, scope in scopes.registered().items():
        scoped |= Q(scope_kind=kind) & (
            (Q(client_id=user_id) & Q(scope_id__in=scope.requester_scope_ids(user)))
            | (Q(scope_id__in=scope.handler_scope_ids(user)) & narrowed)
        )
    return Thread.objects.filter(unscoped | scoped)


def message_side(user: Any, thread: Any) -> str:
    """ "handler" when the user answers the thread for the staff side, else "requester"."""
    _requesting, handling = messaging_organisations(user)
    if thread.handler_id in handling and thread.handler_user_id in (None, user.pk):
        return "handler"
    return "requester"


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


# --- Questionnaire rounds for organisations (questionnaires) -------------------------------------
# The agency opens a round for a set of GP circles or care facilities; the organisation's team
# (its e-loket roles) fills it in together, and only its managers submit it.

ROUND_KINDS = (Organisation.Kind.GP_CIRCLE, Organisation.Kind.CARE_FACILITY)
ROUND_FILL_ROLES = frozenset(
    {
        Role.MAIN_ACCESS_MANAGER,
        Role.ACCESS_MANAGER,
        Role.CIRCLE_USER,
        Role.FACILITY_DIRECTOR,
        Role.CARE_PROVIDER,
    }
)
ROUND_SUBMIT_ROLES = frozenset(
    {Role.MAIN_ACCESS_MANAGER, Role.ACCESS_MANAGER, Role.FACILITY_DIRECTOR}
)


@rule(
    "questionnaire_rounds_agency",
    "The agency: defines questionnaires for organisations, opens, follows and closes rounds.",
)
def can_manage_questionnaire_rounds(user: Any) -> bool:
    return has_role(user, Role.AGENCY_ADMIN)


@rule(
    "questionnaire_round_member",
    "Members of a GP circle or care facility: answer their organisation's questionnaire rounds; "
    "(main) access managers and directors submit them.",
)
def is_questionnaire_round_member(user: Any) -> bool:
    return any(
        m.role in ROUND_FILL_ROLES and m.organisation.kind in ROUND_KINDS
        for m in active_memberships(user)
    )


def round_organisations_of(user: Any, roles: frozenset[str] = ROUND_FILL_ROLES) -> list[int]:
    return [
        m.organisation_id
        for m in active_memberships(user)
        if m.role in roles and m.organisation.kind in ROUND_KINDS
    ]


def rounds_visible_to(user: Any) -> QuerySet:
    """Rounds as a whole (every organisation's status) are the agency's."""
    from questionnaires.models import Round

    if can_manage_questionnaire_rounds(user):
        return Round.objects.all()
    return Round.objects.none()


def round_entries_fillable_by(user: Any) -> QuerySet:
    """The entries of the user's own organisations in rounds that have started (never another
    organisation's, also not for the agency: it reads submitted answers through its own pages)."""
    from django.utils import timezone

    from questionnaires.models import RoundEntry

    return RoundEntry.objects.filter(
        organisation_id__in=round_organisations_of(user), round__opens_at__lte=timezone.now()
    )


def can_submit_round_entry(user: Any, entry: Any) -> bool:
    return entry.organisation_id in round_organisations_of(user, ROUND_SUBMIT_ROLES)


# --- GP accessibility results (gp_accessibility) -------------------------------------------------
# A circle sees its own figures beside Flemish aggregates only; the agency sees every circle.


@rule(
    "gp_results",
    "Members of a GP circle (their own circle's results beside Flanders) and the agency.",
)
def can_read_gp_results(user: Any) -> bool:
    return has_role(user, *GP_CIRCLE_ROLES, Role.AGENCY_ADMIN)


@rule(
    "gp_results_agency",
    "The agency: every circle's results, the composite, and the care-need indicators.",
)
def can_oversee_gp_results(user: Any) -> bool:
    return has_role(user, Role.AGENCY_ADMIN)


def gp_result_circles_visible_to(user: Any) -> QuerySet[Organisation]:
    """Circles whose results the user may read: their own, or every circle for the agency."""
    return gp_circles_visible_to(user)


def gp_circle_results_visible_to(user: Any) -> QuerySet:
    from gp_accessibility.models import CircleResult

    return CircleResult.objects.filter(circle__in=gp_result_circles_visible_to(user))


def gp_indicator_uploads_visible_to(user: Any) -> QuerySet:
    from gp_accessibility.models import IndicatorUpload

    if can_oversee_gp_results(user):
        return IndicatorUpload.objects.all()
    return IndicatorUpload.objects.none()


# --- Client portal (mental-health care: client_portal) -------------------------------------------
# A care trajectory at a facility (CGG, CAR) gives access while it is open: not closed, and its
# end date not passed (the daily task also marks it closed and ends sessions; both close it, so
# neither depends on the other). Who opens a trajectory's portal:
#   - the client (from 12, their own account): participant "client";
#   - a parent: participant "parent" while holding parental authority (a current guardianship);
#     for a client of 12 or older only while the client's consent "parent_access" (recorded by
#     the practitioner) is on. Withdrawing it changes the parent's view on the next request.
# Everyone needs an active role youth/parent at the facility. A parent without that consent still
# signs the agreement and keeps their own messages and diary ("participates", not "sees").
# Practitioners see the trajectories they are named on at a facility where they hold role
# practitioner, closed ones included (closing never deletes).

CLIENT_PORTAL_ROLES = frozenset({Role.PARENT, Role.YOUTH})


def client_portal_facility_ids(user: Any) -> list[int]:
    return [
        m.organisation_id
        for m in active_memberships(user)
        if m.role in CLIENT_PORTAL_ROLES and m.organisation.kind == Organisation.Kind.CARE_FACILITY
    ]


def facility_practitioner_organisations(user: Any) -> list[Organisation]:
    return [
        o
        for o in organisations_with_role(user, Role.PRACTITIONER)
        if o.kind == Organisation.Kind.CARE_FACILITY
    ]


@rule(
    "client_portal",
    "Clients from 12 and parents (role youth or parent at a care facility): their client portal, "
    "and the explanation once their access is closed.",
)
def is_client_portal_user(user: Any) -> bool:
    return bool(client_portal_facility_ids(user))


@rule(
    "client_portal_practitioner",
    "Practitioners at a care facility (role practitioner at a CGG or CAR): the trajectories they "
    "are named on.",
)
def is_facility_practitioner(user: Any) -> bool:
    return bool(facility_practitioner_organisations(user))


def _participation_conditions(user: Any, today: Any) -> tuple[Any, Any]:
    """(takes part as the client, takes part as a parent with authority) for a Trajectory row."""
    from client_portal.models import Participant

    as_client = Exists(
        Participant.objects.filter(trajectory=OuterRef("pk"), user=user, relation="client")
    )
    as_parent = Exists(
        Participant.objects.filter(trajectory=OuterRef("pk"), user=user, relation="parent")
    ) & Exists(guardianships_with_authority(user, today).filter(child=OuterRef("client")))
    return as_client, as_parent


def _with_parent_access(trajectories: QuerySet) -> QuerySet:
    from django.db.models import Subquery

    from client_portal.models import ConsentRecord, ConsentTopic

    latest = (
        ConsentRecord.objects.filter(trajectory=OuterRef("pk"), topic=ConsentTopic.PARENT_ACCESS)
        .order_by("-version")
        .values("given")[:1]
    )
    return trajectories.annotate(parent_access=Subquery(latest))


def _client_trajectories(user: Any, today: Any, *, see: bool, open_: bool | None) -> QuerySet:
    from client_portal.models import Trajectory

    facilities = client_portal_facility_ids(user)
    if not facilities:
        return Trajectory.objects.none()
    trajectories = Trajectory.objects.filter(facility_id__in=facilities)
    if open_ is True:
        trajectories = trajectories.open(today)
    elif open_ is False:
        trajectories = trajectories.closed(today)
    as_client, as_parent = _participation_conditions(user, today)
    if not see:
        return trajectories.filter(as_client | as_parent)
    under_twelve = Q(client__birth_date__gt=_twelfth_birthday_cutoff(today))
    return _with_parent_access(trajectories).filter(
        as_client | (as_parent & (under_twelve | Q(parent_access=True)))
    )


def trajectories_visible_to(user: Any, today: Any = None) -> QuerySet:
    """Open trajectories whose client portal the user may open now (dossier, appointments...)."""
    return _client_trajectories(user, today, see=True, open_=True)


def trajectories_participated_by(user: Any, today: Any = None) -> QuerySet:
    """Open trajectories the user takes part in: signing the agreement, their own messages and
    diary. Also a parent whose 12+ child did not (or no longer) let them see the portal."""
    return _client_trajectories(user, today, see=False, open_=True)


def trajectories_closed_for(user: Any, today: Any = None) -> QuerySet:
    """Closed trajectories the user would see if open: the explanation and their export."""
    return _client_trajectories(user, today, see=True, open_=False)


def trajectories_practised_by(user: Any) -> QuerySet:
    from client_portal.models import Trajectory

    facilities = [o.pk for o in facility_practitioner_organisations(user)]
    if not facilities:
        return Trajectory.objects.none()
    return Trajectory.objects.filter(facility_id__in=facilities, practitioners=user)


def can_decide_for_client(user: Any, trajectory: Any, today: Any = None) -> bool:
    """Who changes the client's consents and details: the client themselves from 12, their
    parents with authority before that."""
    from client_portal.models import is_twelve_or_older

    participation = trajectory.participants.filter(user=user).first()
    if participation is None or not trajectory.is_open(today):
        return False
    if participation.relation == "client":
        return True
    return (
        not is_twelve_or_older(trajectory.client, today)
        and guardianships_with_authority(user, today).filter(child=trajectory.client_id).exists()
    )


def client_documents_visible_to(user: Any) -> QuerySet:
    """Documents in a portal the user sees: the practitioners' ones, and the user's own uploads."""
    from client_portal.models import Document

    return Document.objects.filter(trajectory__in=trajectories_visible_to(user)).filter(
        Q(by_practitioner=True) | Q(uploaded_by=user)
    )


def start_documents_for_signer(user: Any) -> QuerySet:
    from client_portal.models import Document

    return Document.objects.filter(
        signature_required=True, trajectory__in=trajectories_participated_by(user)
    )


def practitioner_documents_visible_to(user: Any) -> QuerySet:
    from client_portal.models import Document

    return Document.objects.filter(trajectory__in=trajectories_practised_by(user))


def client_appointments_visible_to(user: Any) -> QuerySet:
    from client_portal.models import ClientAppointment

    return ClientAppointment.objects.filter(trajectory__in=trajectories_visible_to(user))


def diary_notes_visible_to(user: Any) -> QuerySet:
    """A participant reads their own notes, and the practitioners' notes in portals they see."""
    from client_portal.models import DiaryNote

    return DiaryNote.objects.filter(
        Q(author=user, trajectory__in=trajectories_participated_by(user))
        | Q(visibility=DiaryNote.Visibility.EVERYONE, trajectory__in=trajectories_visible_to(user))
    )


def diary_notes_shared_with_practitioner(user: Any) -> QuerySet:
    from client_portal.models import DiaryNote

    return DiaryNote.objects.filter(trajectory__in=trajectories_practised_by(user)).exclude(
        visibility=DiaryNote.Visibility.PRIVATE
    )


# --- Consultation-bureau dashboards (dashboards) -------------------------------------------------
# Organisers see every bureau they run. An authorised person sees the bureaus their authorisation
# names: the approval of a request gives them an authorised_person membership on each bureau; a
# membership on the organiser itself covers all its bureaus. Removing the person revokes those
# memberships, so the next request sees nothing. The agency sees every bureau.


def _dashboard_scope(user: Any) -> tuple[list[int], list[int]]:
    """(organisers whose every bureau the user reads, single bureaus the user reads)."""
    whole_organisers: list[int] = []
    single_bureaus: list[int] = []
    for m in active_memberships(user):
        kind = m.organisation.kind
        if kind == Organisation.Kind.BUREAU_ORGANISER and m.role in (
            Role.ORGANISER,
            Role.AUTHORISED_PERSON,
        ):
            whole_organisers.append(m.organisation_id)
        elif kind == Organisation.Kind.CONSULTATION_BUREAU and m.role == Role.AUTHORISED_PERSON:
            single_bureaus.append(m.organisation_id)
    return whole_organisers, single_bureaus


@rule(
    "bureau_dashboards",
    "Authorised persons and organisers of a bureau organiser, and the agency.",
)
def can_read_bureau_dashboards(user: Any) -> bool:
    return is_agency_admin(user) or any(_dashboard_scope(user))


def dashboard_bureaus_visible_to(user: Any) -> QuerySet[Organisation]:
    """The consultation bureaus whose dashboards the user may read (another one answers 404)."""
    bureaus = Organisation.objects.filter(
        kind=Organisation.Kind.CONSULTATION_BUREAU, parent__kind=Organisation.Kind.BUREAU_ORGANISER
    )
    if is_agency_admin(user):
        return bureaus
    whole_organisers, single_bureaus = _dashboard_scope(user)
    if not whole_organisers and not single_bureaus:
        return bureaus.none()
    return bureaus.filter(Q(parent_id__in=whole_organisers) | Q(pk__in=single_bureaus))


def dashboard_organisers_visible_to(user: Any) -> QuerySet[Organisation]:
    """Organisers offered in the dashboards' filter: those running a bureau the user may read."""
    return Organisation.objects.filter(
        kind=Organisation.Kind.BUREAU_ORGANISER,
        pk__in=dashboard_bureaus_visible_to(user).values("parent_id"),
    ).order_by("name")
