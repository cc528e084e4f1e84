"""The declared table of who gets what on every URL of the project.

Each module here holds the cases of one part of the portal (`CASES`). A case names a URL
pattern, how to fill its arguments from the cast, and the expected outcome per role:

    OK        200
    LOGIN     302 to the login page
    FORBIDDEN 403
    NOT_FOUND 404
    REDIRECT  302 somewhere else than login
    METHOD    405 (POST-only endpoints asked with GET)

`anonymous` is the outcome without logging in; `default` applies to every role not named in
`roles`. `foreign` (optional) fills the arguments with another organisation's object: every role
that gets OK on its own object must get NOT_FOUND there (except `foreign_visible_to`).
`query` is appended to the URL (a string, or a function of the cast); `foreign_query` replaces it
for the foreign request, for objects named in query parameters (the dashboards' `bureau=`).
The cast's `current_user_home` is the organisation of the role being tested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from accounts.models import Role

OK = 200
FORBIDDEN = 403
NOT_FOUND = 404
METHOD = 405
LOGIN = "login"
REDIRECT = "redirect"

Args = Callable[[Any], dict[str, Any]]


def no_args(cast: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Case:
    name: str
    anonymous: int | str
    default: int | str
    roles: dict[str, int | str] = field(default_factory=dict)
    args: Args = no_args
    foreign: Args | None = None
    # Roles that legitimately see every organisation's objects (the agency).
    foreign_visible_to: frozenset[str] = frozenset({Role.AGENCY_ADMIN})
    query: str | Callable[[Any], str] = ""
    foreign_query: str | Callable[[Any], str] = ""

    def query_for(self, cast: Any) -> str:
        return self.query(cast) if callable(self.query) else self.query

    def foreign_query_for(self, cast: Any) -> str:
        if not self.foreign_query:
            return self.query_for(cast)
        return self.foreign_query(cast) if callable(self.foreign_query) else self.foreign_query

    def expected(self, role: str) -> int | str:
        if role == "anonymous":
            return self.anonymous
        return self.roles.get(role, self.default)
