"""Home tiles: a circle's accessibility results; the agency's overview of every circle."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts import policies
from accounts.models import Role
from portal import tiles
from portal.tiles import Tile


@tiles.for_membership
def accessibility_tiles(user: Any, membership: Any) -> Iterator[Tile]:
    if membership.role in policies.GP_CIRCLE_ROLES:
        yield Tile(
            title=_("Toegankelijkheid huisartsenzorg"),
            description=_("Het zorgaanbod en de zorgnood van je kring naast Vlaanderen."),
            url=tiles.url("gp_accessibility:circle", membership.organisation_id),
            order=130,
        )
    if membership.role == Role.AGENCY_ADMIN:
        yield Tile(
            title=_("Toegankelijkheid huisartsenzorg"),
            description=_("Alle kringen: aanbod, zorgnood, signalen en indicatoren."),
            url=tiles.url("gp_accessibility:overview"),
            order=170,
        )
