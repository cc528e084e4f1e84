"""Home tiles: a circle's (or facility's) open questionnaires; the agency's rounds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import policies
from accounts.models import Role
from portal import tiles
from portal.tiles import Tile, Todo

from .models import Response, Round, RoundEntry


def _open_entries(membership: Any) -> list[RoundEntry]:
    return list(
        RoundEntry.objects.filter(
            organisation=membership.organisation,
            round__in=Round.objects.open_at(timezone.now()),
            response__status=Response.Status.DRAFT,
        )
        .select_related("round")
        .order_by("round__deadline")
    )


@tiles.for_membership
def round_tiles(user: Any, membership: Any) -> Iterator[Tile]:
    if (
        membership.role in policies.ROUND_FILL_ROLES
        and membership.organisation.kind in policies.ROUND_KINDS
    ):
        open_count = len(_open_entries(membership))
        yield Tile(
            title=_("Vragenlijsten"),
            description=_("Beantwoord samen de vragenlijsten van het agentschap."),
            url=tiles.url("questionnaires:my_rounds"),
            count=ngettext(
                "%(count)s vragenlijst in te dienen",
                "%(count)s vragenlijsten in te dienen",
                open_count,
            )
            % {"count": open_count}
            if open_count
            else "",
            order=120,
        )
    if membership.role == Role.AGENCY_ADMIN:
        yield Tile(
            title=_("Vragenlijstrondes"),
            description=_("Open een ronde voor organisaties en volg wie indiende."),
            url=tiles.url("questionnaires:round_list"),
            order=160,
        )


@tiles.todos
def round_todo(user: Any, membership: Any) -> Iterator[Todo]:
    if (
        membership.role not in policies.ROUND_SUBMIT_ROLES
        or membership.organisation.kind not in policies.ROUND_KINDS
    ):
        return
    entries = _open_entries(membership)
    if entries:
        first = entries[0]
        yield Todo(
            text=_("Dien „%(title)s” in vóór %(date)s.")
            % {
                "title": first.round.title,
                "date": date_format(timezone.localtime(first.round.deadline), "j F Y"),
            },
            url=tiles.url("questionnaires:entry", first.pk),
            action=_("Vragenlijst openen"),
        )
