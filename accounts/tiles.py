"""Tiles of the foundation: account security for everyone, administration for the agency."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal import tiles
from portal.tiles import Tile

from .models import Role
from .policies import MANAGER_ROLES


@tiles.personal
def account_tiles(user: Any) -> Iterator[Tile]:
    yield Tile(
        title=_("Tweestapsverificatie"),
        description=_("Je authenticator-app, passkeys en herstelcodes."),
        url=tiles.url("mfa_index"),
        order=900,
    )
    yield Tile(
        title=_("Wachtwoord wijzigen"),
        description=_("Kies een nieuw, lang wachtwoord."),
        url=tiles.url("account_change_password"),
        order=910,
    )
    yield Tile(
        title=_("Je sessies"),
        description=_("Waar je bent aangemeld; meld andere toestellen af."),
        url=tiles.url("usersessions_list"),
        order=920,
    )
    yield Tile(
        title=_("Wie bekeek mijn gegevens"),
        description=_("Wie jouw gegevens (of die van je kind) inkeek of wijzigde."),
        url=tiles.url("accounts:access_log"),
        order=930,
    )


@tiles.for_membership
def management_tiles(user: Any, membership: Any) -> Iterator[Tile]:
    if membership.role in MANAGER_ROLES:
        yield Tile(
            title=_("Leden van de organisatie"),
            description=_("Wie toegang heeft tot %(organisation)s, en sinds wanneer.")
            % {"organisation": membership.organisation.name},
            url=tiles.url("accounts:organisation_members", membership.organisation_id),
            order=500,
        )
    if membership.role == Role.AGENCY_ADMIN:
        yield Tile(
            title=_("Beheer"),
            description=_("Organisaties, gebruikers en lidmaatschappen beheren."),
            url=tiles.url("admin:index"),
            order=800,
        )
        yield Tile(
            title=_("Auditlog"),
            description=_("Wie wat deed in het portaal, met filters; alleen lezen."),
            url=tiles.url("admin:accounts_auditevent_changelist"),
            order=810,
        )


@tiles.for_membership
def authorisation_tiles(user: Any, membership: Any) -> Iterator[Tile]:
    from .authorisations import selectors

    organisation = membership.organisation
    if membership.role == Role.ORGANISER:
        pending = selectors.open_request_count(organisation)
        yield Tile(
            title=_("Gemachtigde personen"),
            description=_("Wie de dashboards van je consultatiebureaus mag raadplegen."),
            url=tiles.url("accounts:authorised_persons", organisation.pk),
            count=ngettext(
                "%(count)s aanvraag in behandeling", "%(count)s aanvragen in behandeling", pending
            )
            % {"count": pending}
            if pending
            else "",
            order=200,
        )
    if membership.role == Role.AGENCY_ADMIN:
        open_requests, urgent = selectors.review_counts(user)
        counts = []
        if open_requests:
            counts.append(
                ngettext("%(count)s open aanvraag", "%(count)s open aanvragen", open_requests)
                % {"count": open_requests}
            )
        if urgent:
            counts.append(
                ngettext(
                    "%(count)s schrapping om na te kijken",
                    "%(count)s schrappingen om na te kijken",
                    urgent,
                )
                % {"count": urgent}
            )
        yield Tile(
            title=_("Aanvragen gemachtigde personen"),
            description=_("Aanvragen van organisatoren beoordelen, de oudste eerst."),
            url=tiles.url("accounts:review_queue"),
            count=" · ".join(counts),
            order=200,
        )
