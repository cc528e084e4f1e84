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
