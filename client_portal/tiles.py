"""Home tiles: clients and parents open their client portal, practitioners their trajectories."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import policies
from accounts.models import Organisation, Role
from portal import tiles
from portal.tiles import Tile, Todo

from . import selectors


def _is_facility(membership: Any) -> bool:
    return membership.organisation.kind == Organisation.Kind.CARE_FACILITY


@tiles.for_membership
def client_portal_tiles(user: Any, membership: Any) -> Iterator[Tile]:
    if membership.role in policies.CLIENT_PORTAL_ROLES and _is_facility(membership):
        unsigned = selectors.unsigned_count(user)
        yield Tile(
            title=_("Cliëntportaal"),
            description=_(
                "Je dossier, verslagen, afspraken, berichten en dagboek bij je behandelaar."
            ),
            url=tiles.url("client_portal:index"),
            count=ngettext(
                "%(n)s document te ondertekenen", "%(n)s documenten te ondertekenen", unsigned
            )
            % {"n": unsigned}
            if unsigned
            else "",
            order=5,
        )
    if membership.role == Role.PRACTITIONER and _is_facility(membership):
        count = policies.trajectories_practised_by(user).open().count()
        yield Tile(
            title=_("Mijn trajecten"),
            description=_("Cliënten, ouders, documenten, handtekeningen en afspraken."),
            url=tiles.url("client_portal:staff_workspace"),
            count=ngettext("%(n)s lopend traject", "%(n)s lopende trajecten", count) % {"n": count}
            if count
            else "",
            order=5,
        )


@tiles.todos
def client_portal_todos(user: Any, membership: Any) -> Iterator[Todo]:
    if membership.role not in policies.CLIENT_PORTAL_ROLES or not _is_facility(membership):
        return
    if selectors.unsigned_count(user):
        yield Todo(
            text=_("Lees en onderteken de overeenkomst, zodat je traject kan starten."),
            url=tiles.url("client_portal:get_started", selectors.OWN),
            action=_("Naar Aan de slag"),
        )


@tiles.landing
def client_portal_landing(user: Any, memberships: list[Any]) -> str | None:
    """Someone who chose a preferred portal ("Portaal wisselen") lands in it after login."""
    from .models import PortalPreference

    if not any(m.role in policies.CLIENT_PORTAL_ROLES and _is_facility(m) for m in memberships):
        return None
    if not PortalPreference.objects.filter(user=user).exists():
        return None
    return tiles.url("client_portal:index")
