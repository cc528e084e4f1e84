"""Home tiles: the daily registration for care providers, studies for directors and the agency."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from portal import tiles
from portal.tiles import Tile


@tiles.for_membership
def registration_tiles(user: Any, membership: Any) -> Iterator[Tile]:
    if membership.role == Role.CARE_PROVIDER:
        yield Tile(
            title=_("Tijdsregistratie"),
            description=_("Registreer per dag je tijd per activiteit."),
            url=tiles.url("registration:day_today"),
            order=10,
        )
    elif membership.role == Role.FACILITY_DIRECTOR:
        yield Tile(
            title=_("Tijdsregistratie"),
            description=_("Deelname, zorgverleners en kostgegevens, volledigheid en je rapport."),
            url=tiles.url("registration:studies"),
            order=20,
        )
    elif membership.role in (Role.AGENCY_ADMIN, Role.RESEARCHER):
        yield Tile(
            title=_("Tijdsregistratie CAR en CGG"),
            description=_("Studies, sectorrapport en sensitiviteitsanalyse."),
            url=tiles.url("registration:studies"),
            order=30,
        )
