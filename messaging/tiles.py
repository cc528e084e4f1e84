"""The messages tile for everyone who takes part in threads, with the unread count."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import policies
from portal import tiles
from portal.tiles import Tile

from .selectors import unread_total


@tiles.for_membership
def message_tiles(user: Any, membership: Any) -> Iterator[Tile]:
    roles = policies.MESSAGING_REQUESTER_ROLES | policies.MESSAGING_HANDLER_ROLES
    if membership.role not in roles:
        return
    cache_name = "_zp_unread_messages"
    if not hasattr(user, cache_name):
        setattr(user, cache_name, unread_total(user))
    unread = getattr(user, cache_name)
    yield Tile(
        title=_("Berichten"),
        description=_("Vragen aan en antwoorden van de helpdesk."),
        url=tiles.url("messaging:inbox"),
        count=ngettext("%(count)s nieuw bericht", "%(count)s nieuwe berichten", unread)
        % {"count": unread}
        if unread
        else "",
        order=300,
    )
