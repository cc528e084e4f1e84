from __future__ import annotations

import csv
import io
from uuid import UUID

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit, policies
from portal.lib.spreadsheets import neutralise_formula

from . import engine, selectors, services
from .columns import COLUMNS, HEADERS, INDEX, KEYS
from .diff import diff_rows, shown
from .forms import AreaForm, UploadForm
from .postcodes import directory
from .rules import RULES, Severity, format_riziv
from .template import build_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEMS_PER_PAGE = 100
SORTS = {
    "rij": engine.problem_order,
    "kolom": lambda p: (INDEX.get(p.column, -1), p.line),
    "regel": lambda p: (p.code, p.line),
    "soort": lambda p: (p.severity != Severity.ERROR, p.line),
}


@policies.requires("gp_list_read")
def index(request: HttpRequest) -> HttpResponse:
    if policies.can_oversee_gp_lists(request.user):
        return redirect("excel_intake:overview")
    circles = list(policies.gp_circles_visible_to(request.user))
    if len(circles) == 1:
        return redirect("excel_intake:circle", circles[0].pk)
    return render(request, "excel_intake/index.html", {"circles": circles})


@policies.requires("gp_list_read")
def circle(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = selectors.circle_get_for_reader(request.user, circle_id)
    can_work = policies.has_role(request.user, *policies.GP_CIRCLE_ROLES, organisation=circle)
    can_submit = policies.has_role(
        request.user, *policies.GP_LIST_SUBMITTER_ROLES, organisation=circle
    )
    versions = selectors.circle_versions(circle)
    return render(
        request,
        "excel_intake/circle.html",
        {
            "circle": circle,
            "versions": versions,
            "current": next((v for v in versions if v.is_current), None),
            "runs": selectors.recent_runs(circle) if can_work else [],
            "form": UploadForm() if can_work else None,
            "can_work": can_work,
            "can_submit": can_submit,
            "is_agency": policies.can_oversee_gp_lists(request.user),
            "area": selectors.circle_area(circle),
            "columns": COLUMNS,
        },
    )


@policies.requires("gp_list_read")
def template_download(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = selectors.circle_get_for_reader(request.user, circle_id)
    current = selectors.current_submission(circle)
    rows = [_template_row(row) for row in selectors.submission_rows(current)]
    buffer = io.BytesIO()
    build_template(buffer, circle_name=circle.name, rows=rows)
    if current:
        audit.record(
            action="gp_list.template_prefilled",
            category=audit.Category.EXPORT,
            request=request,
            obj=current,
            organisation=circle,
        )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="huisartsenlijst-{circle.code}.xlsx"'
    return response


def _template_row(row: dict) -> list:
    values = []
    for key in KEYS:
        value = row.get(key)
        if key == "riziv_number":
            value = format_riziv(value)
        elif key == "hours_per_week":
            value = float(value)
        elif value == "":
            value = None
        values.append(value)
    return values


@policies.requires("gp_list_work")
@reauthentication_required
def upload(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = selectors.circle_get_for_worker(request.user, circle_id)
    if request.method != "POST":
        # After a re-authentication the browser comes back here with GET: choose the file again.
        return redirect("excel_intake:circle", circle.pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "excel_intake/circle.html",
            {
                "circle": circle,
                "form": form,
                "can_work": True,
                "versions": selectors.circle_versions(circle),
                "current": selectors.current_submission(circle),
                "runs": selectors.recent_runs(circle),
                "area": selectors.circle_area(circle),
                "columns": COLUMNS,
            },
            status=400,
        )
    run = services.validation_start(
        actor=request.user, circle=circle, upload=form.cleaned_data["file"], request=request
    )
    return redirect("excel_intake:run", run.pk)


@policies.requires("gp_list_work")
def run(request: HttpRequest, run_id: UUID) -> HttpResponse:
    check = selectors.run_get_for_user(request.user, run_id)
    context = {
        "run": check,
        "circle": check.circle,
        "can_submit": check.can_submit
        and policies.has_role(
            request.user, *policies.GP_LIST_SUBMITTER_ROLES, organisation=check.circle
        ),
    }
    if check.is_finished:
        context.update(_problem_context(request, check))
    return render(request, "excel_intake/run.html", context)


def _problem_context(request: HttpRequest, check) -> dict:  # noqa: ANN001
    problems = engine.unpack_problems(bytes(check.problems or b""))
    by_rule: dict[str, dict] = {}
    for problem in problems:
        entry = by_rule.setdefault(
            problem.code, {"rule": RULES[problem.code], "errors": 0, "warnings": 0}
        )
        entry["errors" if problem.severity == Severity.ERROR else "warnings"] += 1
    chosen_rule = request.GET.get("regel", "")
    shown_problems = [p for p in problems if p.code == chosen_rule] if chosen_rule else problems
    sort = request.GET.get("sorteer", "rij")
    shown_problems.sort(key=SORTS.get(sort, SORTS["rij"]))
    errors_per_line: dict[int, int] = {}
    for problem in problems:
        if problem.severity == Severity.ERROR:
            errors_per_line[problem.line] = errors_per_line.get(problem.line, 0) + 1
    page = Paginator(shown_problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("pagina"))
    letters = check.source_columns or {}
    return {
        "summary": check.summary,
        "rule_counts": sorted(by_rule.values(), key=lambda e: (-e["errors"], -e["warnings"])),
        "page": page,
        "rows": [
            {
                "line": p.line,
                "column": p.header,
                "letter": letters.get(p.column, ""),
                "value": p.value,
                "message": p.message(),
                "is_error": p.severity == Severity.ERROR,
                "code": p.code,
                "errors_on_line": errors_per_line.get(p.line, 0),
            }
            for p in page
        ],
        "chosen_rule": chosen_rule,
        "sort": sort,
        "refusal": problems[0].message() if check.status == check.Status.REFUSED else "",
    }


@policies.requires("gp_list_work")
def run_status(request: HttpRequest, run_id: UUID) -> JsonResponse:
    check = selectors.run_get_for_user(request.user, run_id)
    return JsonResponse(
        {
            "status": check.status,
            "finished": check.is_finished,
            "rows_processed": check.rows_processed,
            "rows_total": check.rows_total,
            "percent": check.progress_percent,
        }
    )


@policies.requires("gp_list_work")
def run_report(request: HttpRequest, run_id: UUID) -> HttpResponse:
    check = selectors.run_get_for_user(request.user, run_id)
    if check.status != check.Status.DONE:
        raise Http404
    data = services.report_bytes(check)
    audit.record(
        action="gp_list.report_download",
        category=audit.Category.EXPORT,
        request=request,
        obj=check,
        organisation=check.circle,
    )
    response = HttpResponse(data, content_type=XLSX)
    stem = check.file_name.rsplit(".", 1)[0][:60] or "lijst"
    response["Content-Disposition"] = f'attachment; filename="controle-{_safe(stem)}.xlsx"'
    return response


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name)


@policies.requires("gp_list_submit")
@reauthentication_required
def submit(request: HttpRequest, run_id: UUID) -> HttpResponse:
    check = selectors.run_get_for_user(request.user, run_id)
    if not policies.has_role(
        request.user, *policies.GP_LIST_SUBMITTER_ROLES, organisation=check.circle
    ):
        raise Http404
    if check.submission_id:
        return redirect("excel_intake:version", check.circle_id, check.submission.version)
    if not check.can_submit:
        messages.error(request, _("Alleen een foutloos gecontroleerd bestand kan je indienen."))
        return redirect("excel_intake:run", check.pk)
    current = selectors.current_submission(check.circle)
    if request.method == "POST":
        try:
            submission = services.submission_create(actor=request.user, run=check, request=request)
        except services.SubmissionRefusedError as error:
            messages.error(request, str(error))
            return redirect("excel_intake:run", check.pk)
        messages.success(
            request,
            _(
                "Versie %(version)s is ingediend. Het agentschap is verwittigd en bekijkt je "
                "lijst; heeft het vragen, dan krijg je een bericht in Zorgportaal."
            )
            % {"version": submission.version},
        )
        return redirect("excel_intake:version", check.circle_id, submission.version)
    return render(
        request,
        "excel_intake/submit.html",
        {"run": check, "circle": check.circle, "current": current},
    )


@policies.requires("gp_list_read")
def version(request: HttpRequest, circle_id: int, version: int) -> HttpResponse:
    circle = selectors.circle_get_for_reader(request.user, circle_id)
    submission = selectors.submission_get_for_user(request.user, circle, version)
    previous = selectors.previous_submission(submission)
    rows = selectors.submission_rows(submission)
    changes = diff_rows(selectors.submission_rows(previous), rows) if previous else None
    if changes:
        for row in [*changes.added, *changes.removed]:
            row["riziv_shown"] = format_riziv(row["riziv_number"])
    if policies.can_oversee_gp_lists(request.user):
        services.submission_mark_seen(actor=request.user, submission=submission)
    audit.record(
        action="gp_list.version_read",
        category=audit.Category.READ,
        request=request,
        obj=submission,
        organisation=circle,
    )
    return render(
        request,
        "excel_intake/version.html",
        {
            "circle": circle,
            "submission": submission,
            "previous": previous,
            "changes": changes,
            "rows": [_display_row(row) for row in rows],
            "headers": HEADERS,
        },
    )


def _display_row(row: dict) -> list[str]:
    return [
        format_riziv(row["riziv_number"]) if key == "riziv_number" else shown(row.get(key))
        for key in KEYS
    ]


@policies.requires("gp_list_agency")
def overview(request: HttpRequest) -> HttpResponse:
    statuses = selectors.agency_overview(request.user)
    return render(request, "excel_intake/overview.html", {"statuses": statuses})


@policies.requires("gp_list_agency")
@reauthentication_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    rows = selectors.consolidated_rows(request.user)
    header = [_("Huisartsenkring"), _("Versie"), *HEADERS]
    audit.record(
        action="gp_list.export_all",
        category=audit.Category.EXPORT,
        request=request,
        details={"format": fmt},
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # Excel opens UTF-8 with a byte-order mark correctly
        writer = csv.writer(response, delimiter=";")
        writer.writerow(header)
        for row in rows.iterator(chunk_size=5000):
            writer.writerow(_export_values(row))
        response["Content-Disposition"] = f'attachment; filename="huisartsen-{stamp}.csv"'
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Huisartsen"))
    sheet.append(header)
    for row in rows.iterator(chunk_size=5000):
        sheet.append(_export_values(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="huisartsen-{stamp}.xlsx"'
    return response


def _export_values(row) -> list:  # noqa: ANN001
    values = [neutralise_formula(row.submission.circle.name), row.submission.version]
    for key in KEYS:
        value = getattr(row, key)
        if key == "riziv_number":
            value = format_riziv(value)
        if isinstance(value, str):
            value = neutralise_formula(value)
        values.append(value if value is not None else "")
    return values


@policies.requires("gp_list_agency")
def area(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = selectors.circle_get_for_reader(request.user, circle_id)
    current = selectors.circle_area(circle)
    initial = {
        "care_zone": current.care_zone if current else "",
        "postal_codes": " ".join(current.postal_codes) if current else "",
    }
    form = AreaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.circle_area_set(
            actor=request.user,
            circle=circle,
            postal_codes=form.cleaned_data["postal_codes"],
            care_zone=form.cleaned_data["care_zone"],
            request=request,
        )
        messages.success(request, _("Het werkingsgebied is bewaard."))
        return redirect("excel_intake:circle", circle.pk)
    postal = directory()
    codes = current.postal_codes if current else []
    return render(
        request,
        "excel_intake/area.html",
        {
            "circle": circle,
            "form": form,
            "codes": [(code, " / ".join(postal.names(code))) for code in codes],
        },
    )
