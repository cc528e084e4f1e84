"""Home tile: the dashboards, for organisers, authorised persons and the agency."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Role
from portal import tiles
from portal.tiles import Tile

DASHBOARD_KINDS = (Organisation.Kind.BUREAU_ORGANISER, Organisation.Kind.CONSULTATION_BUREAU)


@tiles.for_membership
def dashboard_tiles(user: Any, membership: Any) -> Iterator[Tile]:
    kind = membership.organisation.kind
    if (
        (membership.role == Role.ORGANISER and kind == Organisation.Kind.BUREAU_ORGANISER)
        or (membership.role == Role.AUTHORISED_PERSON and kind in DASHBOARD_KINDS)
        or membership.role == Role.AGENCY_ADMIN
    ):
        yield Tile(
            title=_("Dashboards consultatiebureaus"),
            description=_(
                "Uren, zittingen, bezetting, verzette afspraken, aanmeldingen en consulten."
            ),
            url=tiles.url("dashboards:overview"),
            order=5,
        )
