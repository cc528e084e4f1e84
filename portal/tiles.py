"""Home-page tiles: each app registers what a membership (or any logged-in person) may open.

    @tiles.for_membership
    def dashboard_tiles(user, membership):
        if membership.role == Role.AUTHORISED_PERSON:
            yield Tile(title=_("Dashboards"), description=..., url=reverse(...))

The home page groups membership tiles by organisation and lists personal tiles once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tile:
    title: str
    description: str
    url: str
    count: str = ""  # e.g. "2 nieuwe berichten"
    order: int = 100


@dataclass(frozen=True)
class Todo:
    """A first thing to do, shown above the tiles until it is done."""

    text: str
    url: str
    action: str


@dataclass
class TileGroup:
    title: str
    subtitle: str = ""
    todos: list[Todo] = field(default_factory=list)
    tiles: list[Tile] = field(default_factory=list)


MembershipTiles = Callable[[Any, Any], Iterable[Tile]]
PersonalTiles = Callable[[Any], Iterable[Tile]]
MembershipTodos = Callable[[Any, Any], Iterable[Todo]]
Landing = Callable[[Any, list[Any]], str | None]

_membership_providers: list[MembershipTiles] = []
_personal_providers: list[PersonalTiles] = []
_todo_providers: list[MembershipTodos] = []
_landings: list[Landing] = []


def for_membership(provider: MembershipTiles) -> MembershipTiles:
    _membership_providers.append(provider)
    return provider


def personal(provider: PersonalTiles) -> PersonalTiles:
    _personal_providers.append(provider)
    return provider


def todos(provider: MembershipTodos) -> MembershipTodos:
    _todo_providers.append(provider)
    return provider


def landing(provider: Landing) -> Landing:
    """Register where someone lands after login instead of the home page, for people whose
    only work is in one app (a client whose memberships are all client-portal ones)."""
    _landings.append(provider)
    return provider


def landing_url(user: Any, memberships: list[Any]) -> str | None:
    for provider in _landings:
        found = provider(user, memberships)
        if found:
            return found
    return None


def _dedupe(tiles: Iterable[Tile]) -> list[Tile]:
    seen: dict[str, Tile] = {}
    for tile in tiles:
        seen.setdefault(tile.url, tile)
    return sorted(seen.values(), key=lambda t: (t.order, str(t.title)))


def home_groups(user: Any, memberships: list[Any]) -> list[TileGroup]:
    """One group per organisation the user belongs to, then the personal group."""
    by_organisation: dict[int, list[Any]] = {}
    for membership in memberships:
        by_organisation.setdefault(membership.organisation_id, []).append(membership)
    groups = []
    for organisation_memberships in by_organisation.values():
        organisation = organisation_memberships[0].organisation
        roles = ", ".join(str(m.get_role_display()) for m in organisation_memberships)
        group = TileGroup(title=organisation.name, subtitle=roles)
        for membership in organisation_memberships:
            for provider in _membership_providers:
                group.tiles.extend(provider(user, membership))
            for todo_provider in _todo_providers:
                group.todos.extend(todo_provider(user, membership))
        group.tiles = _dedupe(group.tiles)
        groups.append(group)
    mine = TileGroup(title=str(_("Mijn account")))
    for personal_provider in _personal_providers:
        mine.tiles.extend(personal_provider(user))
    mine.tiles = _dedupe(mine.tiles)
    groups.append(mine)
    return groups


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)
