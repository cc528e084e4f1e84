from __future__ import annotations

import csv

from allauth.account.decorators import reauthentication_required
from allauth.account.utils import perform_login
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.lib.spreadsheets import neutralise_formula

from . import audit, invitations, policies, selectors
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


INVITATION_CHECKED_KEY = "zp_invitation_checked"


@policies.requires(policies.PUBLIC)
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation: the purpose's extra check, then a password, then MFA set-up."""
    invitation = invitations.invitation_for_token(token)
    problem = _invitation_problem(request, invitation)
    if problem:
        status, reason = problem
        return render(
            request, "accounts/invitation_problem.html", {"reason": reason}, status=status
        )
    check = invitations.check_for(invitation.purpose)
    if check and request.session.get(INVITATION_CHECKED_KEY) != invitation.pk:
        return _invitation_check_step(request, invitation, check)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.invitation_accept(
                invitation=invitation, password=form.cleaned_data["new_password1"], request=request
            )
        except invitations.InvitationAlreadyUsedError:
            return render(
                request, "accounts/invitation_problem.html", {"reason": "used"}, status=410
            )
        request.session.pop(INVITATION_CHECKED_KEY, None)
        return perform_login(request, user, email_verification="none", redirect_url="/")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "form": form, "step": "password"},
    )


def _invitation_problem(request: HttpRequest, invitation) -> tuple[int, str] | None:  # noqa: ANN001
    if invitation is None:
        return 404, "unknown"
    if invitation.used_at:
        return 410, "used"
    if invitation.revoked_at:
        return 410, "revoked"
    if not invitation.is_usable():
        return 410, "expired"
    if request.user.is_authenticated:
        return 409, "logged_in"
    return None


def _invitation_check_step(request: HttpRequest, invitation, check) -> HttpResponse:  # noqa: ANN001
    form = check.form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if check.passes(invitation, form.cleaned_data):
            request.session[INVITATION_CHECKED_KEY] = invitation.pk
            return redirect(request.path)
        revoked = invitations.invitation_record_failed_check(invitation=invitation, request=request)
        if revoked:
            return render(
                request, "accounts/invitation_problem.html", {"reason": "too_many"}, status=410
            )
        form.add_error(None, _("Dat klopt niet. Kijk het na en probeer opnieuw."))
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "form": form, "step": "check", "check": check},
    )
