"""Questionnaires: the anonymised research export is for the agency's researchers and admins;
rounds for organisations are the agency's, and each circle (or facility) fills in only its own
entry (another organisation's entry answers 404)."""

from __future__ import annotations

from accounts.models import Role

from . import FORBIDDEN, LOGIN, NOT_FOUND, OK, REDIRECT, Case

RESEARCH = {Role.RESEARCHER: OK, Role.AGENCY_ADMIN: OK}
AGENCY = {Role.AGENCY_ADMIN: OK}
MAM, AM, CU = Role.MAIN_ACCESS_MANAGER, Role.ACCESS_MANAGER, Role.CIRCLE_USER
# Facility members may use rounds, but this round is for circles only: not theirs.
FACILITY_NOT_IN_ROUND = {Role.FACILITY_DIRECTOR: NOT_FOUND, Role.CARE_PROVIDER: NOT_FOUND}
MEMBERS = {MAM: OK, AM: OK, CU: OK, **FACILITY_NOT_IN_ROUND}


def research_questionnaire(cast):  # noqa: ANN001, ANN201
    from tests.access_matrix.parent_portal import world

    return {"questionnaire_id": world(cast)["questionnaire"].pk}


def _round(cast):  # noqa: ANN001, ANN202
    """An open round for circles C and D (memoised)."""
    if "matrix_round" not in cast.named:
        from tests.questionnaires.factories import open_round

        cast.named["matrix_round"] = open_round(
            cast.admin, [cast.organisations["circle_c"], cast.organisations["circle_d"]]
        )
    return cast.named["matrix_round"]


def _entry(cast, circle_key: str):  # noqa: ANN001, ANN202
    return _round(cast).entries.get(organisation=cast.organisations[circle_key])


def a_round(cast):  # noqa: ANN001, ANN201
    return {"round_id": _round(cast).pk}


def round_questionnaire(cast):  # noqa: ANN001, ANN201
    return {"questionnaire_id": _round(cast).questionnaire_id}


def round_entry(cast):  # noqa: ANN001, ANN201
    return {"round_id": _round(cast).pk, "entry_id": _entry(cast, "circle_c").pk}


def own_entry(cast):  # noqa: ANN001, ANN201
    return {"entry_id": _entry(cast, "circle_c").pk}


def other_entry(cast):  # noqa: ANN001, ANN201
    return {"entry_id": _entry(cast, "circle_d").pk}


def own_section(cast):  # noqa: ANN001, ANN201
    return {**own_entry(cast), "number": 1}


def other_section(cast):  # noqa: ANN001, ANN201
    return {**other_entry(cast), "number": 1}


CASES = [
    Case("questionnaires:research_index", anonymous=LOGIN, default=FORBIDDEN, roles=RESEARCH),
    Case(
        "questionnaires:research_export",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=RESEARCH,
        args=research_questionnaire,
    ),
    # The agency's rounds.
    Case("questionnaires:round_list", anonymous=LOGIN, default=FORBIDDEN, roles=AGENCY),
    Case("questionnaires:round_new", anonymous=LOGIN, default=FORBIDDEN, roles=AGENCY),
    Case(
        "questionnaires:round_detail",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=AGENCY,
        args=a_round,
    ),
    Case(
        "questionnaires:round_close", anonymous=LOGIN, default=FORBIDDEN, roles=AGENCY, args=a_round
    ),
    Case(
        "questionnaires:round_export",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=AGENCY,
        args=a_round,
    ),
    Case(
        "questionnaires:round_entry",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=AGENCY,
        args=round_entry,
    ),
    Case(
        "questionnaires:preview",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=AGENCY,
        args=round_questionnaire,
    ),
    # A circle's own entry; another circle's answers 404.
    Case(
        "questionnaires:my_rounds",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={MAM: OK, AM: OK, CU: OK, Role.FACILITY_DIRECTOR: OK, Role.CARE_PROVIDER: OK},
    ),
    Case(
        "questionnaires:entry",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=MEMBERS,
        args=own_entry,
        foreign=other_entry,
    ),
    Case(
        "questionnaires:entry_section",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=MEMBERS,
        args=own_section,
        foreign=other_section,
    ),
    Case(
        "questionnaires:entry_review",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=MEMBERS,
        args=own_entry,
        foreign=other_entry,
    ),
    # Not submitted yet: back to the entry.
    Case(
        "questionnaires:entry_submitted",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={MAM: REDIRECT, AM: REDIRECT, CU: REDIRECT, **FACILITY_NOT_IN_ROUND},
        args=own_entry,
    ),
    Case(
        "questionnaires:entry_print",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=MEMBERS,
        args=own_entry,
        foreign=other_entry,
    ),
]
