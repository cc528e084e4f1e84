"""Pages of access management (GP circles, care facilities) and of contact persons."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import audit, policies
from ..models import Role
from . import selectors, services
from .forms import ContactPersonForm, TeamMemberForm


def _appoints_main_access_manager(request: HttpRequest) -> bool:
    # Appointing a circle's legal representative is sensitive: the password is asked again.
    return request.method == "POST" and request.POST.get("role") == Role.MAIN_ACCESS_MANAGER


@policies.requires("team_manager")
@reauthentication_required(enabled=_appoints_main_access_manager)
def team(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """Who has which e-loket role here, with forms for the roles the viewer manages."""
    organisation = selectors.team_organisation_get(request.user, organisation_id)
    roles = [
        role
        for role in policies.TEAM_ROLES_BY_KIND.get(organisation.kind, ())
        if role in policies.roles_manageable_by(request.user, organisation)
    ]
    form = TeamMemberForm(request.POST if request.method == "POST" else None, roles=roles)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.team_member_add(
                actor=request.user,
                organisation=organisation,
                role=data["role"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                request=request,
            )
        except services.AlreadyMember as already:
            form.add_error(
                "email",
                _("%(person)s heeft deze rol al. Er is niets gewijzigd.") % {"person": already},
            )
        else:
            user = membership.user
            messages.success(
                request,
                _(
                    "%(person)s is toegevoegd als %(role)s. Een nieuwe persoon krijgt een "
                    "uitnodiging per e-mail."
                )
                % {
                    "person": user.full_name or user.email,
                    "role": membership.get_role_display().lower(),
                },
            )
            return redirect("accounts:team", organisation.pk)
    audit.record(
        action="membership.list",
        category=audit.Category.READ,
        request=request,
        obj=organisation,
        organisation=organisation,
    )
    return render(
        request,
        "accounts/access_management/team.html",
        {
            "organisation": organisation,
            "groups": selectors.team(organisation, request.user),
            "form": form,
            "can_add": bool(roles),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@policies.requires("team_manager")
def team_member_remove(
    request: HttpRequest, organisation_id: int, membership_id: int
) -> HttpResponse:
    organisation = selectors.team_organisation_get(request.user, organisation_id)
    membership = selectors.team_membership_get(organisation, membership_id)
    if membership.role not in policies.roles_manageable_by(request.user, organisation):
        raise PermissionDenied("role not managed by this user")
    person = membership.user.full_name or membership.user.email
    if request.method == "POST":
        try:
            services.team_member_remove(actor=request.user, membership=membership, request=request)
        except services.NotRemovable as refusal:
            messages.warning(request, str(refusal))
        else:
            messages.success(
                request,
                _("%(person)s is verwijderd en heeft vanaf nu geen toegang meer als %(role)s.")
                % {"person": person, "role": membership.get_role_display().lower()},
            )
        return redirect("accounts:team", organisation.pk)
    return render(
        request,
        "accounts/access_management/team_member_remove.html",
        {
            "organisation": organisation,
            "membership": membership,
            "is_self": membership.user_id == request.user.pk,
        },
    )


@policies.requires("agency_admin")
def organisations_overview(request: HttpRequest) -> HttpResponse:
    rows = selectors.agency_overview(request.user)
    audit.record(action="membership.overview", category=audit.Category.READ, request=request)
    return render(request, "accounts/access_management/overview.html", {"rows": rows})


# --- Contact persons ------------------------------------------------------------------------------


def _contact_values(form: ContactPersonForm) -> dict[str, str]:
    return {name: form.cleaned_data[name] for name in ("name", "role", "email", "phone")}


def _form_errors(form: ContactPersonForm, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


@policies.requires("contact_person_manager")
def contact_persons(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = selectors.contact_organisation_get(request.user, organisation_id)
    form = ContactPersonForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_person_create(
                actor=request.user,
                organisation=organisation,
                request=request,
                **_contact_values(form),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is toegevoegd als contactpersoon.") % {"name": contact.name}
            )
            return redirect("accounts:contact_persons", organisation.pk)
    contacts = list(selectors.contact_persons(organisation))
    audit.record(
        action="contact_person.list",
        category=audit.Category.READ,
        request=request,
        obj=organisation,
        organisation=organisation,
    )
    return render(
        request,
        "accounts/access_management/contact_persons.html",
        {
            "organisation": organisation,
            "contacts": contacts,
            "status": selectors.contact_status(organisation),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@policies.requires("contact_person_manager")
def contact_person_edit(
    request: HttpRequest, organisation_id: int, contact_id: int
) -> HttpResponse:
    organisation = selectors.contact_organisation_get(request.user, organisation_id)
    contact = selectors.contact_person_get(organisation, contact_id)
    initial = {
        "name": contact.name,
        "role": contact.role,
        "email": contact.email,
        "phone": contact.phone,
    }
    form = ContactPersonForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organisation=organisation,
        exclude=contact.pk,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_person_update(
                actor=request.user, contact=contact, request=request, **_contact_values(form)
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("De gegevens van %(name)s zijn bewaard en bevestigd.") % {"name": contact.name},
            )
            return redirect("accounts:contact_persons", organisation.pk)
    return render(
        request,
        "accounts/access_management/contact_person_form.html",
        {"organisation": organisation, "contact": contact, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@policies.requires("contact_person_manager")
def contact_person_remove(
    request: HttpRequest, organisation_id: int, contact_id: int
) -> HttpResponse:
    organisation = selectors.contact_organisation_get(request.user, organisation_id)
    contact = selectors.contact_person_get(organisation, contact_id)
    if request.method == "POST":
        try:
            services.contact_person_remove(actor=request.user, contact=contact, request=request)
        except services.NotRemovable as refusal:
            messages.info(request, str(refusal))
        else:
            messages.success(
                request, _("%(name)s is geen contactpersoon meer.") % {"name": contact.name}
            )
        return redirect("accounts:contact_persons", organisation.pk)
    return render(
        request,
        "accounts/access_management/contact_person_remove.html",
        {"organisation": organisation, "contact": contact},
    )


@policies.requires("contact_person_manager")
@require_POST
def contact_persons_confirm(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = selectors.contact_organisation_get(request.user, organisation_id)
    confirmed = services.contact_persons_confirm(
        actor=request.user, organisation=organisation, request=request
    )
    if confirmed:
        messages.success(request, _("Bedankt. De contactpersonen zijn bevestigd als juist."))
    else:
        messages.info(request, _("Er zijn nog geen contactpersonen om te bevestigen."))
    return redirect("accounts:contact_persons", organisation.pk)
