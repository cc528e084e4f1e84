"""Pages of the questionnaires app itself: the anonymised research export."""

from __future__ import annotations

import csv

from allauth.account.decorators import reauthentication_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts import audit, policies
from portal.lib.spreadsheets import neutralise_formula

from . import selectors


@policies.requires("questionnaire_research")
def research_index(request: HttpRequest) -> HttpResponse:
    questionnaires = list(selectors.research_questionnaires())
    return render(request, "questionnaires/research_index.html", {"questionnaires": questionnaires})


@policies.requires("questionnaire_research")
@reauthentication_required
def research_export(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = get_object_or_404(selectors.research_questionnaires(), pk=questionnaire_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="onderzoek-{questionnaire.code}-{stamp}.csv"'
    )
    writer = csv.writer(response, delimiter=";")
    count = -1
    for row in selectors.research_export_rows(questionnaire):
        writer.writerow([neutralise_formula(str(v)) if isinstance(v, str) else v for v in row])
        count += 1
    audit.record(
        action="questionnaire.research_export",
        category=audit.Category.EXPORT,
        request=request,
        obj=questionnaire,
        details={"rows": count},
    )
    return response
