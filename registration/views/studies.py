"""Studies (the agency), participation agreements and provider lists (facility directors)."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import audit, policies

from .. import costs, selectors, services
from ..forms import ProviderForm, SignForm, StudyForm
from ..models import Participation


def _apply_validation_error(form, error: ValidationError) -> None:  # noqa: ANN001
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@policies.requires("registration_any")
def index(request: HttpRequest) -> HttpResponse:
    """The registration tile: providers to their day, everyone else to the studies."""
    if policies.is_registration_reader(request.user):
        return redirect("registration:studies")
    return redirect("registration:day_today")


@policies.requires("registration_reports")
def studies(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.studies_for_user(request.user))
    return render(
        request,
        "registration/studies.html",
        {
            "studies": rows,
            "can_create": policies.is_registration_study_admin(request.user),
            "today": timezone.localdate(),
        },
    )


@policies.requires("registration_study_admin")
def study_create(request: HttpRequest) -> HttpResponse:
    form = StudyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        facilities = data.pop("facilities")
        try:
            study = services.study_create(
                actor=request.user, facilities=facilities, request=request, **data
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "De studie is aangemaakt. De directies van de %(count)s voorzieningen zien ze "
                    "nu en kunnen de overeenkomst ondertekenen."
                )
                % {"count": len(facilities)},
            )
            return redirect("registration:study_detail", study.pk)
    return render(request, "registration/study_form.html", {"form": form, "study": None})


@policies.requires("registration_study_admin")
def study_edit(request: HttpRequest, study_id: int) -> HttpResponse:
    study = selectors.study_get_for_admin(request.user, study_id)
    form = StudyForm(request.POST if request.method == "POST" else None, instance=study)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        facilities = data.pop("facilities")
        try:
            with transaction.atomic():
                services.study_update(
                    actor=request.user, study=study, facilities=facilities, request=request, **data
                )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(request, _("De studie is bijgewerkt."))
            return redirect("registration:study_detail", study.pk)
    return render(request, "registration/study_form.html", {"form": form, "study": study})


@policies.requires("registration_reports")
def study_detail(request: HttpRequest, study_id: int) -> HttpResponse:
    study = selectors.study_get_for_user(request.user, study_id)
    agency = policies.is_registration_agency(request.user)
    context = {
        "study": study,
        "agency": agency,
        "is_admin": policies.is_registration_study_admin(request.user),
        "is_researcher": policies.is_registration_researcher(request.user),
        "today": timezone.localdate(),
        "run": selectors.latest_run(study),
        "done_run": selectors.latest_done_run(study),
    }
    if agency:
        context["participations"] = selectors.study_participations(study)
    else:
        context["participations"] = selectors.participations_of_director(request.user, study)
    return render(request, "registration/study_detail.html", context)


# --- Participation agreement ----------------------------------------------------------------------


@policies.requires("registration_director")
@reauthentication_required(allow_get=True)
def agreement(request: HttpRequest, study_id: int, facility_id: int) -> HttpResponse:
    participation = selectors.participation_get_for_user(request.user, study_id, facility_id)
    form = SignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not participation.is_signed and form.is_valid():
        services.participation_sign(
            actor=request.user, participation=participation, request=request
        )
        messages.success(
            request,
            _(
                "De overeenkomst is ondertekend. Zet nu je zorgverleners op de lijst: zij krijgen "
                "een uitnodiging om te registreren."
            ),
        )
        return redirect("registration:providers", study_id, facility_id)
    return render(
        request,
        "registration/agreement.html",
        {"participation": participation, "study": participation.study, "form": form},
    )


# --- Provider list with cost profiles -------------------------------------------------------------


def _participation(request: HttpRequest, study_id: int, facility_id: int) -> Participation:
    return selectors.participation_get_for_user(request.user, study_id, facility_id)


@policies.requires("registration_director")
def providers(request: HttpRequest, study_id: int, facility_id: int) -> HttpResponse:
    participation = _participation(request, study_id, facility_id)
    rows = selectors.providers_of_participation(request.user, participation)
    audit.record(
        action="registration_provider.list",
        category=audit.Category.READ,
        request=request,
        organisation=participation.facility,
        obj=participation,
        details={"count": len(rows)},
    )
    return render(
        request,
        "registration/providers.html",
        {
            "participation": participation,
            "study": participation.study,
            "providers": rows,
            "months": costs.MONTHS_PER_YEAR,
            "weeks": costs.WEEKS_PER_YEAR,
        },
    )


def _provider_form_page(
    request: HttpRequest,
    participation: Participation,
    form: ProviderForm,
    provider=None,  # noqa: ANN001
) -> HttpResponse:
    return render(
        request,
        "registration/provider_form.html",
        {
            "participation": participation,
            "study": participation.study,
            "form": form,
            "provider": provider,
            "months": costs.MONTHS_PER_YEAR,
            "weeks": costs.WEEKS_PER_YEAR,
        },
    )


@policies.requires("registration_director")
def provider_create(request: HttpRequest, study_id: int, facility_id: int) -> HttpResponse:
    participation = _participation(request, study_id, facility_id)
    form = ProviderForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.provider_create(
                actor=request.user,
                participation=participation,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            text = _("%(name)s staat op de lijst.") % {"name": provider.full_name}
            if provider.invited_at:
                text += " " + _("We stuurden een uitnodiging naar %(email)s.") % {
                    "email": provider.email
                }
            messages.success(request, text)
            if "another" in request.POST:
                return redirect("registration:provider_create", study_id, facility_id)
            return redirect("registration:providers", study_id, facility_id)
    return _provider_form_page(request, participation, form)


@policies.requires("registration_director")
def provider_edit(request: HttpRequest, study_id: int, facility_id: int, pk: int) -> HttpResponse:
    participation = _participation(request, study_id, facility_id)
    provider = selectors.provider_get_for_user(request.user, participation, pk)
    form = ProviderForm(request.POST if request.method == "POST" else None, instance=provider)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_update(
                actor=request.user, provider=provider, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(
                request, _("De gegevens van %(name)s zijn bewaard.") % {"name": provider.full_name}
            )
            return redirect("registration:providers", study_id, facility_id)
    else:
        audit.record_personal_data(request, operation="read", obj=provider, subject=provider)
    return _provider_form_page(request, participation, form, provider)


@policies.requires("registration_director")
@require_POST
def provider_invite(request: HttpRequest, study_id: int, facility_id: int, pk: int) -> HttpResponse:
    participation = _participation(request, study_id, facility_id)
    provider = selectors.provider_get_for_user(request.user, participation, pk)
    try:
        with transaction.atomic():
            services.provider_invite(actor=request.user, provider=provider, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Nieuwe uitnodiging gestuurd naar %(email)s.") % {"email": provider.email}
        )
    return redirect("registration:providers", study_id, facility_id)


@policies.requires("registration_director")
def provider_delete(request: HttpRequest, study_id: int, facility_id: int, pk: int) -> HttpResponse:
    participation = _participation(request, study_id, facility_id)
    provider = selectors.provider_get_for_user(request.user, participation, pk)
    if request.method == "POST":
        try:
            services.provider_delete(actor=request.user, provider=provider, request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s staat niet meer op de lijst.") % {"name": provider.full_name}
            )
        return redirect("registration:providers", study_id, facility_id)
    return render(
        request,
        "registration/provider_delete.html",
        {"participation": participation, "study": participation.study, "provider": provider},
    )


@policies.requires("registration_director")
def completeness(request: HttpRequest, study_id: int, facility_id: int) -> HttpResponse:
    participation = _participation(request, study_id, facility_id)
    result = selectors.completeness(participation)
    audit.record(
        action="registration_completeness.read",
        category=audit.Category.READ,
        request=request,
        organisation=participation.facility,
        obj=participation,
    )
    return render(
        request,
        "registration/completeness.html",
        {"participation": participation, "study": participation.study, "result": result},
    )


def provider_list_url(participation: Participation) -> str:
    return reverse(
        "registration:providers", args=[participation.study_id, participation.facility_id]
    )
