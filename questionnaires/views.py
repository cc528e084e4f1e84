"""The agency's pages of the questionnaires app: rounds for organisations (open, follow, close,
read and export the answers), a preview of a questionnaire, and the anonymised research export.
The members' pages of a round are in entry_views.py."""

from __future__ import annotations

import csv
from datetime import datetime, time, timedelta

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import audit, policies
from portal.lib.spreadsheets import neutralise_formula

from . import exports, selectors, services
from .forms import RoundForm, SectionForm
from .models import Questionnaire


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


# --- Rounds (the agency) --------------------------------------------------------------------------


@policies.requires("questionnaire_rounds_agency")
def round_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rounds = selectors.rounds_for_agency(request.user)
    return render(
        request,
        "questionnaires/rounds/agency_list.html",
        {
            "rows": [(r, r.state(now)) for r in rounds],
            "questionnaires": list(selectors.questionnaires_for_rounds()),
        },
    )


def _start_of(day) -> datetime:  # noqa: ANN001
    return timezone.make_aware(datetime.combine(day, time.min))


def _end_of(day) -> datetime:  # noqa: ANN001
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


@policies.requires("questionnaire_rounds_agency")
def round_new(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = RoundForm(
        request.POST or None,
        questionnaires=selectors.questionnaires_for_rounds(),
        organisations=selectors.organisations_for_rounds(),
        initial={"opens_on": today, "deadline_on": today + timedelta(days=28)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.round_open(
                actor=request.user,
                questionnaire=data["questionnaire"],
                title=data["title"],
                opens_at=_start_of(data["opens_on"]),
                deadline=_end_of(data["deadline_on"]),
                organisations=data["organisations"],
                reminder_days=data["reminder_days"],
                request=request,
            )
        except ValidationError as error:
            fields = {"deadline": "deadline_on"}
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(
                        fields.get(field, field if field in form.fields else None), problem
                    )
        else:
            messages.success(
                request,
                _("De ronde is geopend voor %(count)s organisaties.")
                % {"count": len(data["organisations"])},
            )
            return redirect("questionnaires:round_detail", round_.pk)
    return render(
        request,
        "questionnaires/rounds/agency_new.html",
        {"form": form, "has_questionnaires": form.fields["questionnaire"].queryset.exists()},
        status=400 if form.is_bound and form.errors else 200,
    )


@policies.requires("questionnaire_rounds_agency")
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = selectors.round_get_for_agency(request.user, round_id)
    rows = selectors.round_status(round_)
    counts = {
        state: sum(1 for r in rows if r.state == state)
        for state in ("not_started", "busy", "submitted")
    }
    return render(
        request,
        "questionnaires/rounds/agency_detail.html",
        {
            "round": round_,
            "state": round_.state(timezone.now()),
            "rows": rows,
            "counts": counts,
            "total": len(rows),
            "question_count": selectors.question_count(round_.questionnaire_id),
        },
    )


@policies.requires("questionnaire_rounds_agency")
def round_close(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = selectors.round_get_for_agency(request.user, round_id)
    if round_.closed_at is not None:
        return redirect("questionnaires:round_detail", round_.pk)
    rows = selectors.round_status(round_)
    if request.method == "POST":
        services.round_close(actor=request.user, round=round_, request=request)
        messages.success(
            request, _("De ronde is afgesloten. Niemand kan nog antwoorden wijzigen of indienen.")
        )
        return redirect("questionnaires:round_detail", round_.pk)
    return render(
        request,
        "questionnaires/rounds/agency_close.html",
        {
            "round": round_,
            "open_count": sum(1 for r in rows if r.state != "submitted"),
            "total": len(rows),
        },
    )


@policies.requires("questionnaire_rounds_agency")
def round_entry(request: HttpRequest, round_id: int, entry_id: int) -> HttpResponse:
    round_ = selectors.round_get_for_agency(request.user, round_id)
    entry = selectors.entry_get_for_agency(request.user, round_, entry_id)
    rows = selectors.answer_rows(entry.response) if entry.response.is_submitted else []
    if rows:
        audit.record(
            action="questionnaire_round.read_answers",
            category=audit.Category.READ,
            request=request,
            obj=entry.response,
            organisation=entry.organisation,
        )
    return render(
        request,
        "questionnaires/rounds/agency_entry.html",
        {"round": round_, "entry": entry, "rows": rows},
    )


def _local(moment: datetime | None) -> datetime | None:
    """openpyxl writes naive datetimes: the Brussels wall-clock time."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


STATE_LABELS = {
    "not_started": gettext_lazy("Niet begonnen"),
    "busy": gettext_lazy("Bezig"),
    "submitted": gettext_lazy("Ingediend"),
}


@policies.requires("questionnaire_rounds_agency")
@reauthentication_required
def round_export(request: HttpRequest, round_id: int) -> HttpResponse:
    """The round in one workbook: status per organisation and the submitted answers."""
    round_ = selectors.round_get_for_agency(request.user, round_id)
    rows = selectors.round_status(round_)
    status_sheet = (
        _("Status"),
        [
            _("Organisatie"),
            _("Status"),
            _("Beantwoorde vragen"),
            _("Laatst bewaard"),
            _("Ingediend op"),
            _("Ingediend door"),
            _("E-mails verstuurd"),
        ],
        [
            [
                r.entry.organisation.name,
                str(STATE_LABELS[r.state]),
                r.answered,
                _local(r.last_saved),
                _local(r.entry.response.submitted_at),
                str(r.entry.response.submitted_by or ""),
                r.notices,
            ]
            for r in rows
        ],
    )
    questions, answer_rows = selectors.round_answer_table(round_)
    answers_sheet = (
        _("Antwoorden"),
        [_("Organisatie"), _("Ingediend op"), *[q.code for q in questions]],
        [[name, _local(at), *values] for name, at, values in answer_rows],
    )
    questions_sheet = (
        _("Vragen"),
        [_("Code"), _("Onderdeel"), _("Vraag"), _("Soort")],
        [[q.code, q.section.title, q.text, q.get_kind_display()] for q in questions],
    )
    data = exports.workbook_bytes([status_sheet, answers_sheet, questions_sheet])
    audit.record(
        action="questionnaire_round.export",
        category=audit.Category.EXPORT,
        request=request,
        obj=round_,
        details={"organisations": len(rows), "submitted": len(answer_rows)},
    )
    response = HttpResponse(data, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="ronde-{round_.pk}.xlsx"'
    return response


@policies.requires("questionnaire_rounds_agency")
def preview(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    """Every section as the organisations will see it (nothing can be saved here)."""
    questionnaire = get_object_or_404(
        Questionnaire.objects.filter(audience=Questionnaire.Audience.ORGANISATIONS),
        pk=questionnaire_id,
    )
    sections = selectors.sections_of(questionnaire)
    blocks = []
    for section in sections:
        form = SectionForm(questions=list(section.questions.all()), answers={})
        blocks.append(
            (section, form.rows_with_visibility(sections=sections, section=section, answers={}))
        )
    return render(
        request,
        "questionnaires/rounds/preview.html",
        {"questionnaire": questionnaire, "blocks": blocks},
    )
