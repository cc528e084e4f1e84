"""Questionnaires: the anonymised research export is for the agency's researchers and admins."""

from __future__ import annotations

from accounts.models import Role

from . import FORBIDDEN, LOGIN, OK, Case

RESEARCH = {Role.RESEARCHER: OK, Role.AGENCY_ADMIN: OK}


def research_questionnaire(cast):  # noqa: ANN001, ANN201
    from tests.access_matrix.parent_portal import world

    return {"questionnaire_id": world(cast)["questionnaire"].pk}


CASES = [
    Case("questionnaires:research_index", anonymous=LOGIN, default=FORBIDDEN, roles=RESEARCH),
    Case(
        "questionnaires:research_export",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=RESEARCH,
        args=research_questionnaire,
    ),
]
