"""Pages of the bureau dashboards: an overview with a tile per question, a page per question
(filters, chart, table, definition, downloads) and the downloads. Every view is audited.
Pages read the summary tables through selectors; bureaus are scoped by accounts/policies.py."""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import reauthentication_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone

from accounts import audit, policies

from . import exports, filters, presentation, selectors
from .questions import BY_SLUG, QUESTIONS, Question


def _question(slug: str) -> Question:
    question = BY_SLUG.get(slug)
    if question is None:
        raise Http404
    return question


def _audit(request: HttpRequest, action: str, category: str, f: Any, slug: str, **extra: Any):  # noqa: ANN202
    details = f.audit_details(slug) if f is not None else {"slug": slug}
    audit.record(
        action=action,
        category=category,
        request=request,
        organisation=f.organiser if f is not None else None,
        details={**details, **extra},
    )


def _context(parsed: filters.Parsed, question: Question) -> dict[str, Any]:
    f = parsed.filter
    chosen = {b.pk for b in f.bureaus} if f and not f.all_bureaus else set()
    return {
        "question": question,
        "questions": QUESTIONS,
        "parsed": parsed,
        "filter": f,
        "form": parsed.form,
        "organisers": parsed.organisers,
        "bureau_choices": [(b, b.pk in chosen) for b in parsed.bureaus],
        "organiser_id": f.organiser.pk if f else None,
        "show_kind": parsed.form is not None and len(parsed.form.fields["kind"].choices) > 1,
        "other_query": f.query_string(kind="", doctor="") if f else "",
    }


@policies.requires("bureau_dashboards")
def overview(request: HttpRequest) -> HttpResponse:
    parsed = filters.parse(request.user, BY_SLUG["sessions"], request.GET)
    context = _context(parsed, BY_SLUG["sessions"])
    context["show_kind"] = False
    f = parsed.filter
    if f is not None:
        figures = selectors.headlines(f)
        query = f.query_string(granularity="", kind="", doctor="")
        context["tiles"] = [
            {
                "question": q,
                "figure": presentation.headline(*figures[q.slug]),
                "query": query,
            }
            for q in QUESTIONS
        ]
        context["refreshed"] = selectors.last_refresh()
    _audit(request, "dashboards.overview", audit.Category.READ, f, "overview")
    return render(request, "dashboards/overview.html", context)


@policies.requires("bureau_dashboards")
def question(request: HttpRequest, slug: str) -> HttpResponse:
    q = _question(slug)
    parsed = filters.parse(request.user, q, request.GET)
    context = _context(parsed, q)
    f = parsed.filter
    if f is not None:
        result = selectors.result_for(slug, f)
        refreshed = selectors.last_refresh()
        csv_size = len(exports.csv_text(result).encode())
        context.update(
            {
                "result": result,
                "tables": [presentation.shown(t, i) for i, t in enumerate(result.tables)],
                "refreshed": refreshed,
                "query": f.query_string(),
                "csv_size": csv_size,
                "source": q.source,
            }
        )
    _audit(request, "dashboards.read", audit.Category.READ, f, slug)
    return render(request, "dashboards/question.html", context)


@policies.requires("bureau_dashboards")
@reauthentication_required
def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    q = _question(slug)
    if fmt not in ("xlsx", "csv"):
        raise Http404
    parsed = filters.parse(request.user, q, request.GET)
    f = parsed.filter
    if f is None:
        if parsed.form is None:
            raise Http404
        messages = [e["message"] for errors in parsed.errors.values() for e in errors]
        return HttpResponseBadRequest("\n".join(messages), content_type="text/plain; charset=utf-8")
    result = selectors.result_for(slug, f)
    if fmt == "xlsx":
        response = HttpResponse(
            exports.workbook(result, selectors.last_refresh()), content_type=exports.XLSX
        )
    else:
        response = HttpResponse(exports.csv_text(result).encode(), content_type=exports.CSV)
    _audit(request, "dashboards.export", audit.Category.EXPORT, f, slug, format=fmt)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="dashboard-{slug}-{stamp}.{fmt}"'
    return response
