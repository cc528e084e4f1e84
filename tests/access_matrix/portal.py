"""The portal's own pages, the accounts app and the API of the foundation."""

from __future__ import annotations

from accounts.models import Role

from . import FORBIDDEN, LOGIN, METHOD, NOT_FOUND, OK, REDIRECT, Case

MANAGERS = {
    Role.AGENCY_ADMIN: OK,
    Role.ORGANISER: OK,
    Role.MAIN_ACCESS_MANAGER: OK,
    Role.ACCESS_MANAGER: OK,
    Role.FACILITY_DIRECTOR: OK,
}


def own_organisation(cast):  # noqa: ANN001, ANN201
    """Each manager's own organisation; non-managers get bureau A (refused before lookup)."""
    return {"organisation_id": cast.current_user_home.pk}


def foreign_organisation(cast):  # noqa: ANN001, ANN201
    return {"organisation_id": cast.organisations["organiser_b"].pk}


CASES = [
    Case("home", anonymous=LOGIN, default=OK),
    Case("healthz", anonymous=OK, default=OK),
    Case("accounts:access_log", anonymous=LOGIN, default=OK),
    # Exports ask for an authentication of the last 5 minutes; the matrix's login is one.
    Case("accounts:access_log_export", anonymous=LOGIN, default=OK),
    Case("accounts:switch_organisation", anonymous=LOGIN, default=METHOD),
    Case(
        "accounts:invitation_accept",
        anonymous=NOT_FOUND,
        default=NOT_FOUND,
        args=lambda cast: {"token": "onbekend"},
    ),
    Case(
        "accounts:organisation_members",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=MANAGERS,
        args=own_organisation,
        # The agency sees every organisation, so it has no "foreign" one.
        foreign=foreign_organisation,
    ),
    Case("api:schema", anonymous=FORBIDDEN, default=OK),
    Case("api:docs", anonymous=FORBIDDEN, default=OK),
    Case("api:me", anonymous=FORBIDDEN, default=OK),
    Case("set_language", anonymous=REDIRECT, default=REDIRECT),
]
