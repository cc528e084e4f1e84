"""Tiles of the foundation: account security for everyone, administration for the agency."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal import tiles
from portal.tiles import Tile, Todo

from .models import Organisation, Role
from .policies import CONTACT_PERSON_ROLES, MANAGER_ROLES


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


@tiles.for_membership
def access_management_tiles(user: Any, membership: Any) -> Iterator[Tile]:
    from .access_management import selectors as access

    organisation = membership.organisation
    if membership.role in (Role.MAIN_ACCESS_MANAGER, Role.ACCESS_MANAGER):
        users = access.active_member_count(organisation, Role.CIRCLE_USER)
        yield Tile(
            title=_("Toegangsbeheer"),
            description=_("Wie namens %(organisation)s in het portaal werkt.")
            % {"organisation": organisation.name},
            url=tiles.url("accounts:team", organisation.pk),
            count=ngettext("%(count)s gebruiker", "%(count)s gebruikers", users) % {"count": users},
            order=300,
        )
    if membership.role == Role.FACILITY_DIRECTOR:
        providers = access.active_member_count(organisation, Role.CARE_PROVIDER)
        yield Tile(
            title=_("Zorgverleners"),
            description=_("Wie als zorgverlener van %(organisation)s toegang heeft.")
            % {"organisation": organisation.name},
            url=tiles.url("accounts:team", organisation.pk),
            count=ngettext("%(count)s zorgverlener", "%(count)s zorgverleners", providers)
            % {"count": providers},
            order=300,
        )
    if membership.role in CONTACT_PERSON_ROLES:
        status = access.contact_status(organisation)
        yield Tile(
            title=_("Contactpersonen"),
            description=_("Wie het agentschap contacteert over %(organisation)s.")
            % {"organisation": organisation.name},
            url=tiles.url("accounts:contact_persons", organisation.pk),
            count=ngettext("%(count)s contactpersoon", "%(count)s contactpersonen", status.count)
            % {"count": status.count}
            if status.count
            else str(_("Nog geen contactpersoon")),
            order=310,
        )
    if membership.role == Role.AGENCY_ADMIN:
        yield Tile(
            title=_("Huisartsenkringen en voorzieningen"),
            description=_("Hoofdtoegangsbeheerders, directeurs en contactpersonen."),
            url=tiles.url("accounts:organisations_overview"),
            order=210,
        )


@tiles.todos
def contact_person_todos(user: Any, membership: Any) -> Iterator[Todo]:
    """A circle's first to-do is a contact person; after 12 months, a nudge to check them."""
    from .access_management import selectors as access

    if membership.role not in CONTACT_PERSON_ROLES:
        return
    organisation = membership.organisation
    status = access.contact_status(organisation)
    url = tiles.url("accounts:contact_persons", organisation.pk)
    if not status.count and organisation.kind == Organisation.Kind.GP_CIRCLE:
        yield Todo(
            text=_(
                "Voeg een contactpersoon toe. Zo kan het agentschap je huisartsenkring bereiken."
            ),
            url=url,
            action=_("Contactpersoon toevoegen"),
        )
    elif status.check_due:
        yield Todo(
            text=_("Kloppen je contactpersonen nog? Ze werden het laatst bevestigd op %(date)s.")
            % {"date": date_format(timezone.localtime(status.oldest_confirmation), "j F Y")},
            url=url,
            action=_("Contactpersonen nakijken"),
        )
