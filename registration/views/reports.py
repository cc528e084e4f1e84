"""Analyses: start a run, follow its progress, read the facility and sector reports (tables,
charts, .xlsx) and try a sensitivity analysis. Pages read stored results, never raw entries."""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import audit, policies

from .. import reports, reports_xlsx, selectors, sensitivity, services
from ..models import AnalysisRun, RegistrationStudy

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@policies.requires("registration_agency")
@require_POST
def analysis_run(request: HttpRequest, study_id: int) -> HttpResponse:
    study = selectors.study_get_for_user(request.user, study_id)
    try:
        run = services.analysis_request(actor=request.user, study=study, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if run.status == AnalysisRun.Status.DONE:
            messages.success(request, _("De analyse is klaar."))
        else:
            messages.success(
                request,
                _(
                    "De analyse is gestart. Je kan deze pagina verlaten; de voortgang blijft "
                    "hier staan."
                ),
            )
    return redirect("registration:study_detail", study.pk)


@policies.requires("registration_agency")
def analysis_status(request: HttpRequest, study_id: int) -> JsonResponse:
    """The progress of the latest run, for the progress bar (polled by analysis.js)."""
    study = selectors.study_get_for_user(request.user, study_id)
    run = selectors.latest_run(study)
    if run is None:
        return JsonResponse({"status": "none"})
    return JsonResponse(
        {
            "status": run.status,
            "label": str(run.get_status_display()),
            "steps_done": run.steps_done,
            "steps_total": run.steps_total,
            "percent": run.progress_percent,
            "error": run.error,
        }
    )


def _xlsx_size(key: str, build: Any) -> int:
    """Size of the download for its link text; computed once per run and language."""
    return cache.get_or_set(key, lambda: len(build()), 24 * 3600)


def _xlsx_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Facility report ------------------------------------------------------------------------------


def _facility_report(request: HttpRequest, study_id: int, facility_id: int) -> dict[str, Any]:
    participation = selectors.participation_get_for_user(request.user, study_id, facility_id)
    study = participation.study
    run = selectors.latest_done_run(study)
    result = selectors.facility_result(request.user, run, participation.facility)
    report = None
    if result is not None:
        # A director sees their own facility's name; everyone else but the researchers, the
        # pseudonym. Provider costs: only the director and the researchers.
        own = policies.has_role(
            request.user, "facility_director", organisation=participation.facility
        )
        report = reports.facility_report(
            result.data,
            selectors.report_labels(),
            show_names=own or policies.sees_registration_names(request.user),
            show_costs=policies.can_see_registration_costs(request.user),
        )
    return {
        "study": study,
        "participation": participation,
        "run": run,
        "report": report,
        "agency": policies.is_registration_agency(request.user),
    }


@policies.requires("registration_reports")
def facility_report(request: HttpRequest, study_id: int, facility_id: int) -> HttpResponse:
    context = _facility_report(request, study_id, facility_id)
    report = context["report"]
    if report is not None:
        key = (
            f"registration:xlsx:facility:{context['run'].pk}:{facility_id}:"
            f"{report['show_costs']}:{get_language()}"
        )
        context["xlsx_size"] = _xlsx_size(key, lambda: reports_xlsx.facility_workbook(report))
    audit.record(
        action="registration_report.read",
        category=audit.Category.READ,
        request=request,
        organisation=context["participation"].facility,
        obj=context["participation"],
    )
    return render(request, "registration/facility_report.html", context)


@policies.requires("registration_reports")
@reauthentication_required
def facility_report_xlsx(request: HttpRequest, study_id: int, facility_id: int) -> HttpResponse:
    context = _facility_report(request, study_id, facility_id)
    if context["report"] is None:
        messages.info(request, _("Er is nog geen rapport om te downloaden."))
        return redirect("registration:facility_report", study_id, facility_id)
    audit.record(
        action="registration_report.export",
        category=audit.Category.EXPORT,
        request=request,
        organisation=context["participation"].facility,
        obj=context["participation"],
    )
    name = f"rapport-{slugify(context['report']['title'])}-{timezone.localdate():%Y%m%d}.xlsx"
    return _xlsx_response(reports_xlsx.facility_workbook(context["report"]), name)


# --- Sector report --------------------------------------------------------------------------------


def _sector_report(request: HttpRequest, study_id: int) -> dict[str, Any]:
    study = selectors.study_get_for_user(request.user, study_id)
    run = selectors.latest_done_run(study)
    result = selectors.sector_result(request.user, run)
    report = None
    if result is not None:
        report = reports.sector_report(
            result.data,
            selectors.report_labels(),
            show_names=policies.sees_registration_names(request.user),
        )
    return {"study": study, "run": run, "report": report, "result": result}


@policies.requires("registration_agency")
def sector_report(request: HttpRequest, study_id: int) -> HttpResponse:
    context = _sector_report(request, study_id)
    if context["report"] is not None:
        names = policies.sees_registration_names(request.user)
        key = f"registration:xlsx:sector:{context['run'].pk}:{names}:{get_language()}"
        context["xlsx_size"] = _xlsx_size(
            key, lambda: reports_xlsx.sector_workbook(context["report"])
        )
    audit.record(
        action="registration_sector_report.read",
        category=audit.Category.READ,
        request=request,
        obj=context["study"],
    )
    return render(request, "registration/sector_report.html", context)


@policies.requires("registration_agency")
@reauthentication_required
def sector_report_xlsx(request: HttpRequest, study_id: int) -> HttpResponse:
    context = _sector_report(request, study_id)
    if context["report"] is None:
        messages.info(request, _("Er is nog geen rapport om te downloaden."))
        return redirect("registration:sector_report", study_id)
    audit.record(
        action="registration_sector_report.export",
        category=audit.Category.EXPORT,
        request=request,
        obj=context["study"],
    )
    name = f"sectorrapport-{slugify(context['study'].name)}-{timezone.localdate():%Y%m%d}.xlsx"
    return _xlsx_response(reports_xlsx.sector_workbook(context["report"]), name)


# --- Sensitivity ----------------------------------------------------------------------------------

BASE_LABELS = {
    "all": gettext_lazy("Alle voorzieningen"),
    "car": gettext_lazy("Alleen CAR"),
    "cgg": gettext_lazy("Alleen CGG"),
}


class SensitivityForm(forms.Form):
    basis = forms.ChoiceField(label=gettext_lazy("Gegevens van"))
    item = forms.ChoiceField(label=gettext_lazy("Wat verander je?"))
    share = forms.DecimalField(
        label=gettext_lazy("Nieuw tijdsaandeel (in %)"),
        min_value=0,
        max_value=500,
        decimal_places=1,
        localize=True,
        help_text=gettext_lazy(
            "Het aandeel in de huidige totale tijd, bv. 20 voor 20 %. De tijd van al het "
            "andere blijft gelijk."
        ),
        error_messages={
            "required": gettext_lazy("Vul een nieuw tijdsaandeel in, bv. 20."),
            "invalid": gettext_lazy("Vul een getal in, bv. 20 of 17,5."),
            "min_value": gettext_lazy("Een aandeel kan niet negatief zijn."),
            "max_value": gettext_lazy("Vul een aandeel tot %(limit_value)s %% in."),
            "max_decimal_places": gettext_lazy("Vul hoogstens één cijfer na de komma in."),
        },
    )

    def __init__(
        self, *args: Any, data_result: dict[str, Any], labels: reports.Labels, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["basis"].choices = [
            (key, BASE_LABELS[key]) for key in reports.BASES if key in data_result["bases"]
        ]
        self.fields["item"].choices = reports.sensitivity_choices(data_result, labels)


@policies.requires("registration_agency")
def sensitivity_view(request: HttpRequest, study_id: int) -> HttpResponse:
    context = _sector_report(request, study_id)
    study: RegistrationStudy = context["study"]
    result = context["result"]
    context["form"] = None
    if result is None:
        return render(request, "registration/sensitivity.html", context)
    labels = selectors.report_labels()
    data = result.data
    bound = "item" in request.GET
    form = SensitivityForm(request.GET if bound else None, data_result=data, labels=labels)
    if not bound:
        # Start from the seed's example: team meeting within specialised treatment.
        default_item = "activity:treatment:team_meeting"
        choices = [
            value for _group, options in form.fields["item"].choices for value, _l in options
        ]
        form.initial = {
            "basis": "all",
            "item": default_item if default_item in choices else (choices[0] if choices else ""),
        }
    context["form"] = form
    if bound and form.is_valid():
        items, names, scope = reports.sensitivity_items(
            data, form.cleaned_data["basis"], form.cleaned_data["item"], labels
        )
        try:
            outcome = sensitivity.apply(
                items, form.cleaned_data["item"], float(form.cleaned_data["share"]) / 100
            )
        except sensitivity.SensitivityError:
            form.add_error("item", _("Voor deze keuze zijn er geen uren in deze gegevens."))
        else:
            overall_hours = data["bases"][form.cleaned_data["basis"]]
            all_hours = sum(r["hours"] or 0 for r in overall_hours["clusters"])
            all_cost = sum(r["cost"] or 0 for r in overall_hours["clusters"])
            context.update(
                {
                    "outcome": outcome,
                    "rows": [(names[row.key], row) for row in outcome.rows],
                    "scope": scope,
                    "overall_time": (all_hours + outcome.extra_hours) / all_hours
                    if all_hours
                    else None,
                    "overall_cost": (all_cost + outcome.extra_cost) / all_cost
                    if all_cost
                    else None,
                    "figure": reports.sensitivity_figure(outcome, names),
                    "chosen": names[form.cleaned_data["item"]],
                }
            )
            audit.record(
                action="registration_sensitivity.run",
                category=audit.Category.READ,
                request=request,
                obj=study,
                details={
                    "item": form.cleaned_data["item"],
                    "share": str(form.cleaned_data["share"]),
                },
            )
    return render(request, "registration/sensitivity.html", context)


# --- Research export ---------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


@policies.requires("registration_researcher")
@reauthentication_required
def research_export(request: HttpRequest, study_id: int) -> HttpResponse:
    """The raw entries, pseudonymised (keyed hash), for the researchers, as CSV (streamed)."""
    import csv

    from django.http import StreamingHttpResponse

    from .. import costs
    from ..pseudonyms import pseudonym

    study = selectors.study_get_for_user(request.user, study_id)
    if study.raw_deleted_at:
        messages.info(
            request,
            _("De ruwe gegevens zijn verwijderd; de geaggregeerde rapporten blijven beschikbaar."),
        )
        return redirect("registration:study_detail", study.pk)
    audit.record(
        action="registration_research.export",
        category=audit.Category.EXPORT,
        request=request,
        obj=study,
        legal_basis="deelnameovereenkomst",
    )
    writer = csv.writer(_Echo(), delimiter=";")
    header = [
        "facility",
        "facility_type",
        "size_class",
        "provider",
        "care_function",
        "weekly_clinical_hours",
        "cost_per_clinical_hour",
        "youth_share_percent",
        "seniority_years",
        "day",
        "cluster",
        "activity",
        "minutes",
    ]

    def rows():  # noqa: ANN202
        yield writer.writerow(header)
        for (
            facility_id,
            facility_type,
            size,
            provider_id,
            function,
            hours,
            monthly,
            youth,
            seniority,
            day,
            cluster,
            activity,
            minutes,
        ) in selectors.research_rows(study):
            yield writer.writerow(
                [
                    pseudonym("facility", study.pk, facility_id),
                    facility_type,
                    size,
                    pseudonym("provider", study.pk, provider_id),
                    function,
                    hours,
                    costs.cost_per_clinical_hour(monthly, hours),
                    youth,
                    seniority,
                    day.isoformat(),
                    cluster,
                    activity,
                    minutes,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    name = f"onderzoeksexport-{slugify(study.name)}-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
