"""Authorised persons (organisers, the agency's review), access management of GP circles and care
facilities, contact persons, and their API."""

from __future__ import annotations

from accounts.models import Role

from . import FORBIDDEN, LOGIN, METHOD, OK, Case

AGENCY = Role.AGENCY_ADMIN
ORGANISER = Role.ORGANISER


def _organiser(cast, key: str):  # noqa: ANN001, ANN202
    return cast.organisations[key]


def _request_of(cast, key: str):  # noqa: ANN001, ANN202
    """An open request of organiser A (by Alice) or B (by an organiser of B), made once."""
    name = f"matrix_request_{key}"
    if name not in cast.named:
        from accounts.authorisations import rules, services
        from accounts.models import DeclarationText
        from tests.factories import member

        organiser = cast.organisations[f"organiser_{key}"]
        actor = cast.alice if key == "a" else member(Role.ORGANISER, organiser)
        bureau = cast.organisations[f"bureau_{key}"]
        cast.named[name] = services.authorisation_request_submit(
            actor=actor,
            organiser=organiser,
            lines=rules.Lines(
                additions=[
                    rules.Addition(
                        "Nieuw", "Persoon", f"nieuw-{key}@example.org", "arts", (bureau,)
                    )
                ]
            ),
            signature=services.Signature(
                declaration=DeclarationText.objects.current(), name=actor.full_name
            ),
        )
    return cast.named[name]


def own_organiser(cast):  # noqa: ANN001, ANN201
    return {"organiser_id": _organiser(cast, "organiser_a").pk}


def foreign_organiser(cast):  # noqa: ANN001, ANN201
    return {"organiser_id": _organiser(cast, "organiser_b").pk}


def own_person(cast):  # noqa: ANN001, ANN201
    return {"organiser_id": _organiser(cast, "organiser_a").pk, "person_id": cast.bob.pk}


def foreign_person(cast):  # noqa: ANN001, ANN201
    return {"organiser_id": _organiser(cast, "organiser_b").pk, "person_id": cast.charlie.pk}


def own_request(cast):  # noqa: ANN001, ANN201
    return {"request_id": _request_of(cast, "a").pk}


def foreign_request(cast):  # noqa: ANN001, ANN201
    return {"request_id": _request_of(cast, "b").pk}


VIEWERS = {AGENCY: OK, ORGANISER: OK}

CASES = [
    Case(
        "accounts:authorised_persons",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=VIEWERS,
        args=own_organiser,
        foreign=foreign_organiser,
    ),
    Case(
        "accounts:authorisation_request_new",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={ORGANISER: OK},
        args=own_organiser,
        foreign=foreign_organiser,
    ),
    Case(
        "accounts:authorised_person_remove_now",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={ORGANISER: OK},
        args=own_person,
        foreign=foreign_person,
    ),
    Case(
        "accounts:authorised_person_invite_again",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={AGENCY: METHOD, ORGANISER: METHOD},
        args=own_person,
    ),
    Case(
        "accounts:authorised_person_history",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=VIEWERS,
        args=lambda cast: {"person_id": cast.bob.pk},
        foreign=lambda cast: {"person_id": cast.charlie.pk},
    ),
    Case(
        "accounts:authorisation_request_detail",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=VIEWERS,
        args=own_request,
        foreign=foreign_request,
    ),
    Case(
        "accounts:authorisation_request_edit",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={ORGANISER: OK},
        args=own_request,
        foreign=foreign_request,
    ),
    Case(
        "accounts:authorisation_request_withdraw",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={ORGANISER: METHOD},
        args=own_request,
    ),
    Case("accounts:review_queue", anonymous=LOGIN, default=FORBIDDEN, roles={AGENCY: OK}),
    Case(
        "accounts:review",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={AGENCY: OK},
        args=own_request,
    ),
    *[
        Case(
            name,
            anonymous=LOGIN,
            default=FORBIDDEN,
            roles={AGENCY: METHOD},
            args=own_request,
        )
        for name in (
            "accounts:review_approve",
            "accounts:review_reject",
            "accounts:review_acknowledge",
        )
    ],
]


# --- GP circles and care facilities -----------------------------------------------------------

MAIN = Role.MAIN_ACCESS_MANAGER
MANAGER = Role.ACCESS_MANAGER
DIRECTOR = Role.FACILITY_DIRECTOR
TEAM_MANAGERS = {AGENCY: OK, MAIN: OK, MANAGER: OK, DIRECTOR: OK}


def _team_home(cast):  # noqa: ANN001, ANN202
    """The tested role's own circle or facility; the agency (and refused roles) use circle C."""
    home = cast.current_user_home
    return home if home.kind in ("gp_circle", "care_facility") else cast.organisations["circle_c"]


def _foreign_team(cast):  # noqa: ANN001, ANN202
    home = _team_home(cast)
    return cast.organisations["facility_g" if home.kind == "care_facility" else "circle_d"]


def _member_of(cast, organisation):  # noqa: ANN001, ANN202
    """An active member whom that organisation's managers may remove (made once)."""
    from accounts.models import Membership
    from tests.factories import member

    name = f"matrix_member_{organisation.pk}"
    if name not in cast.named:
        role = Role.CARE_PROVIDER if organisation.kind == "care_facility" else Role.CIRCLE_USER
        user = member(role, organisation)
        cast.named[name] = Membership.objects.get(user=user, organisation=organisation)
    return cast.named[name]


def _contact_of(cast, organisation):  # noqa: ANN001, ANN202
    name = f"matrix_contact_{organisation.pk}"
    if name not in cast.named:
        from accounts.access_management import services

        cast.named[name] = services.contact_person_create(
            actor=cast.admin,
            organisation=organisation,
            name="Contact",
            role="secretariaat",
            email=f"contact-{organisation.pk}@example.org",
        )
    return cast.named[name]


def own_team(cast):  # noqa: ANN001, ANN201
    return {"organisation_id": _team_home(cast).pk}


def foreign_team(cast):  # noqa: ANN001, ANN201
    return {"organisation_id": _foreign_team(cast).pk}


def own_team_member(cast):  # noqa: ANN001, ANN201
    home = _team_home(cast)
    return {"organisation_id": home.pk, "membership_id": _member_of(cast, home).pk}


def foreign_team_member(cast):  # noqa: ANN001, ANN201
    other = _foreign_team(cast)
    return {"organisation_id": other.pk, "membership_id": _member_of(cast, other).pk}


def own_contact(cast):  # noqa: ANN001, ANN201
    home = _team_home(cast)
    return {"organisation_id": home.pk, "contact_id": _contact_of(cast, home).pk}


def foreign_contact(cast):  # noqa: ANN001, ANN201
    other = _foreign_team(cast)
    return {"organisation_id": other.pk, "contact_id": _contact_of(cast, other).pk}


CASES += [
    Case("accounts:organisations_overview", anonymous=LOGIN, default=FORBIDDEN, roles={AGENCY: OK}),
    Case(
        "accounts:team",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=TEAM_MANAGERS,
        args=own_team,
        foreign=foreign_team,
    ),
    Case(
        "accounts:team_member_remove",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=TEAM_MANAGERS,
        args=own_team_member,
        foreign=foreign_team_member,
    ),
    Case(
        "accounts:contact_persons",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=TEAM_MANAGERS,
        args=own_team,
        foreign=foreign_team,
    ),
    Case(
        "accounts:contact_persons_confirm",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={role: METHOD for role in TEAM_MANAGERS},
        args=own_team,
    ),
    Case(
        "accounts:contact_person_edit",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=TEAM_MANAGERS,
        args=own_contact,
        foreign=foreign_contact,
    ),
    Case(
        "accounts:contact_person_remove",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=TEAM_MANAGERS,
        args=own_contact,
        foreign=foreign_contact,
    ),
]


# --- API (anonymous callers get 403: no session, no token) --------------------------------------

ORGANISATION_MANAGERS = {AGENCY: OK, ORGANISER: OK, MAIN: OK, MANAGER: OK, DIRECTOR: OK}

CASES += [
    Case(
        "accounts_api:organisation_memberships",
        anonymous=FORBIDDEN,
        default=FORBIDDEN,
        roles=ORGANISATION_MANAGERS,
        args=lambda cast: {"organisation_id": cast.current_user_home.pk},
        foreign=lambda cast: {"organisation_id": cast.organisations["organiser_b"].pk},
    ),
    Case("accounts_api:authorisations", anonymous=FORBIDDEN, default=FORBIDDEN, roles=VIEWERS),
    Case(
        "accounts_api:authorisation_requests",
        anonymous=FORBIDDEN,
        default=FORBIDDEN,
        roles=VIEWERS,
    ),
    Case(
        "accounts_api:authorisation_request",
        anonymous=FORBIDDEN,
        default=FORBIDDEN,
        roles=VIEWERS,
        args=own_request,
        foreign=foreign_request,
    ),
]
