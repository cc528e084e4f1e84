from __future__ import annotations

import csv

from allauth.account.decorators import reauthentication_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.lib.spreadsheets import neutralise_formula

from . import audit, policies, selectors
from .middleware import CURRENT_ORGANISATION_KEY


@policies.requires(policies.AUTHENTICATED)
def access_log(request: HttpRequest) -> HttpResponse:
    """'Who looked at my data': reads and changes by others of the person's (or child's) records."""
    events = list(selectors.access_log_for_person(request.user))
    audit.record(action="audit.read_own", category=audit.Category.READ, request=request)
    return render(request, "accounts/access_log.html", {"events": events})


@policies.requires(policies.AUTHENTICATED)
@reauthentication_required
def access_log_export(request: HttpRequest) -> HttpResponse:
    events = selectors.access_log_for_person(request.user, limit=10_000)
    audit.record(action="audit.export_own", category=audit.Category.EXPORT, request=request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="inzage-{stamp}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Tijdstip"), _("Wie"), _("Organisatie"), _("Wat"), _("Gegevens")])
    for event in events:
        writer.writerow(
            [
                timezone.localtime(event.occurred_at).strftime("%d/%m/%Y %H:%M"),
                neutralise_formula(event.actor_email),
                neutralise_formula(str(event.organisation or "")),
                event.get_category_display(),
                neutralise_formula(event.object_type),
            ]
        )
    return response


@policies.requires("organisation_manager")
def organisation_members(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_manager(request.user, organisation_id)
    members = list(selectors.organisation_members(organisation))
    audit.record(
        action="membership.list",
        category=audit.Category.READ,
        request=request,
        obj=organisation,
        organisation=organisation,
    )
    return render(
        request,
        "accounts/organisation_members.html",
        {"organisation": organisation, "members": members, "now": timezone.now()},
    )


@policies.requires(policies.AUTHENTICATED)
@require_POST
def switch_organisation(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("organisation", "")
    for membership in policies.active_memberships(request.user):
        if str(membership.organisation_id) == wanted:
            request.session[CURRENT_ORGANISATION_KEY] = membership.organisation_id
            break
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "home"
    return redirect(next_url)
