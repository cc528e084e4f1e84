"""Home tiles: parents get their children's portal, doctors and nurses their clinic pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import policies
from accounts.models import Role
from portal import tiles
from portal.tiles import Tile, Todo


@tiles.for_membership
def parent_portal_tiles(user: Any, membership: Any) -> Iterator[Tile]:
    # A parent at a care facility uses the client portal (client_portal), not this one.
    if membership.role == Role.PARENT and membership.organisation.kind in (
        policies.YOUTH_HEALTH_KINDS
    ):
        count = policies.children_of_parent(user).count()
        yield Tile(
            title=_("Ouderportaal"),
            description=_("Afspraken, groei, ontwikkeling en vragenlijsten van je kinderen."),
            url=tiles.url("parent_portal:children"),
            count=ngettext("%(n)s kind", "%(n)s kinderen", count) % {"n": count} if count else "",
            order=10,
        )
        yield Tile(
            title=_("Herinneringen"),
            description=_("Kies of en wanneer je een herinnering voor een afspraak krijgt."),
            url=tiles.url("parent_portal:reminders"),
            order=20,
        )
    if membership.role == Role.PRACTITIONER and membership.organisation.kind in (
        policies.YOUTH_HEALTH_KINDS
    ):
        yield Tile(
            title=_("Kinderen en zittingen"),
            description=_("Dossiers, metingen, Van Wiechen en vragenlijsten van de kinderen."),
            url=tiles.url("parent_portal:staff_home"),
            order=10,
        )
        if membership.organisation.kind == "consultation_bureau":
            yield Tile(
                title=_("Weekplanning"),
                description=_("Zittingen plannen, kinderen inplannen, uitkomsten noteren."),
                url=tiles.url("parent_portal:week", membership.organisation_id),
                order=20,
            )
    if membership.role in (Role.RESEARCHER, Role.AGENCY_ADMIN):
        yield Tile(
            title=_("Vragenlijsten voor onderzoek"),
            description=_("Anonieme export van de onderzoeksvragen."),
            url=tiles.url("questionnaires:research_index"),
            order=600,
        )


@tiles.todos
def parent_todos(user: Any, membership: Any) -> Iterator[Todo]:
    if membership.role != Role.PARENT:
        return
    from .models import QuestionnaireAssignment

    open_assignment = (
        QuestionnaireAssignment.objects.filter(
            child__in=policies.children_of_parent(user),
            child__organisation=membership.organisation,
            response__status="draft",
        )
        .select_related("child")
        .first()
    )
    if open_assignment:
        yield Todo(
            text=_("Vul de vragenlijst van %(name)s in.")
            % {"name": open_assignment.child.first_name},
            url=tiles.url(
                "parent_portal:questionnaire", open_assignment.child_id, open_assignment.pk
            ),
            action=_("Invullen"),
        )
