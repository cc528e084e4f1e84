"""Home tiles: the circle's GP list (with its errors) and, for the agency, every circle."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import policies
from accounts.models import Role
from portal import tiles
from portal.tiles import Tile, Todo

from .models import Submission, ValidationRun
from .selectors import unseen_submission_count


@tiles.for_membership
def gp_list_tiles(user: Any, membership: Any) -> Iterator[Tile]:
    if membership.role in policies.GP_CIRCLE_ROLES:
        latest = (
            ValidationRun.objects.filter(circle=membership.organisation, submission__isnull=True)
            .exclude(status=ValidationRun.Status.REFUSED)
            .only("error_count")
            .order_by("-created_at")
            .first()
        )
        count = ""
        if latest and latest.error_count:
            count = ngettext(
                "%(count)s fout in je lijst", "%(count)s fouten in je lijst", latest.error_count
            ) % {"count": latest.error_count}
        yield Tile(
            title=_("Huisartsenlijst"),
            description=_("Download de template, controleer je lijst en dien ze in."),
            url=tiles.url("excel_intake:circle", membership.organisation_id),
            count=count,
            order=100,
        )
    if membership.role == Role.AGENCY_ADMIN:
        unseen = unseen_submission_count()
        yield Tile(
            title=_("Huisartsenlijsten"),
            description=_("Status van elke kring, versies, export en werkingsgebieden."),
            url=tiles.url("excel_intake:overview"),
            count=ngettext("%(count)s nieuwe indiening", "%(count)s nieuwe indieningen", unseen)
            % {"count": unseen}
            if unseen
            else "",
            order=150,
        )


@tiles.todos
def gp_list_todo(user: Any, membership: Any) -> Iterator[Todo]:
    if (
        membership.role in policies.GP_LIST_SUBMITTER_ROLES
        and not Submission.objects.filter(circle=membership.organisation).exists()
    ):
        yield Todo(
            text=_("Je kring diende nog geen lijst van de aangesloten huisartsen in."),
            url=tiles.url("excel_intake:circle", membership.organisation_id),
            action=_("Lijst indienen"),
        )
