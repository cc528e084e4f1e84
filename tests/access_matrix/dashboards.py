"""Bureau dashboards: organisers and authorised persons read their own bureaus (pages, downloads,
API); the agency reads every bureau. A bureau of another organiser, named in `bureau=`, is 404."""

from __future__ import annotations

from accounts.models import Role

from . import FORBIDDEN, LOGIN, OK, Case

READERS = {Role.ORGANISER: OK, Role.AUTHORISED_PERSON: OK, Role.AGENCY_ADMIN: OK}


def a_question(cast):  # noqa: ANN001, ANN201
    return {"slug": "sessions"}


def no_arguments(cast):  # noqa: ANN001, ANN201
    return {}


def a_download(cast):  # noqa: ANN001, ANN201
    return {"slug": "consult-kinds", "fmt": "xlsx"}


def own_bureau(cast):  # noqa: ANN001, ANN201
    return f"?bureau={cast.organisations['bureau_a'].pk}"


def foreign_bureau(cast):  # noqa: ANN001, ANN201
    return f"?bureau={cast.organisations['bureau_b'].pk}"


CASES = [
    Case(
        "dashboards:overview",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=READERS,
        foreign=no_arguments,
        query=own_bureau,
        foreign_query=foreign_bureau,
    ),
    Case(
        "dashboards:question",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=READERS,
        args=a_question,
        foreign=a_question,
        query=own_bureau,
        foreign_query=foreign_bureau,
    ),
    Case(
        "dashboards:download",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=READERS,
        args=a_download,
        foreign=a_download,
        query=own_bureau,
        foreign_query=foreign_bureau,
    ),
    Case(
        "dashboards_api:series",
        anonymous=FORBIDDEN,
        default=FORBIDDEN,
        roles=READERS,
        args=a_question,
        foreign=a_question,
        query=own_bureau,
        foreign_query=foreign_bureau,
    ),
]
