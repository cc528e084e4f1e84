"""A member's pages of a round: the organisation's entry, its sections (saved as you go), the
review with the one submission by a (main) access manager or director, and a printable copy.
Everyone of the organisation's team fills in the same response; after the deadline or once
submitted, everything is read-only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policies
from accounts.models import Membership

from . import selectors, services
from .forms import SectionForm


def _submitters(entry) -> list[str]:  # noqa: ANN001
    """Who can submit for the organisation, to tell a member whom to ask."""
    return sorted(
        {
            m.user.get_full_name() or m.user.email
            for m in Membership.objects.active()
            .filter(
                organisation_id=entry.organisation_id,
                role__in=policies.ROUND_SUBMIT_ROLES,
                user__is_active=True,
            )
            .select_related("user")
        }
    )


@policies.requires("questionnaire_round_member")
def my_rounds(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    entries = selectors.entries_of_member(request.user)
    counts = {
        q_id: selectors.question_count(q_id) for q_id in {e.round.questionnaire_id for e in entries}
    }
    return render(
        request,
        "questionnaires/rounds/my_rounds.html",
        {"rows": [(e, e.round.is_open(now), counts[e.round.questionnaire_id]) for e in entries]},
    )


def _context(request: HttpRequest, entry) -> dict:  # noqa: ANN001
    now = timezone.now()
    return {
        "entry": entry,
        "round": entry.round,
        "questionnaire": entry.round.questionnaire,
        "is_open": entry.round.is_open(now),
        "editable": entry.round.is_open(now) and not entry.response.is_submitted,
        "can_submit": policies.can_submit_round_entry(request.user, entry),
    }


@policies.requires("questionnaire_round_member")
def entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    """The organisation's place in the round: progress per section, or the read-only copy."""
    item = selectors.entry_get_for_member(request.user, entry_id)
    context = _context(request, item)
    sections = selectors.sections_of(item.round.questionnaire)
    answers = services.answers_of(item.response)
    progress = selectors.section_progress(sections, answers)
    context.update(
        {
            "progress": progress,
            "missing": sum(p.missing for p in progress),
            "answered": sum(p.answered for p in progress),
            "next_number": next((p.number for p in progress if p.missing), 1),
            "submitters": _submitters(item),
            "rows": selectors.answer_rows(item.response) if not context["editable"] else [],
        }
    )
    return render(request, "questionnaires/rounds/entry.html", context)


@policies.requires("questionnaire_round_member")
def entry_section(request: HttpRequest, entry_id: int, number: int) -> HttpResponse:
    item = selectors.entry_get_for_member(request.user, entry_id)
    context = _context(request, item)
    if not context["editable"]:
        if request.method == "POST" and request.POST.get("action") == "autosave":
            return HttpResponse(status=409)
        messages.warning(request, _("Deze vragenlijst kan je niet meer wijzigen."))
        return redirect("questionnaires:entry", item.pk)
    sections = selectors.sections_of(item.round.questionnaire)
    if not 1 <= number <= len(sections):
        raise Http404
    section = sections[number - 1]
    answers = services.answers_of(item.response)
    form = SectionForm(
        request.POST or None, questions=list(section.questions.all()), answers=answers
    )
    if request.method == "POST":
        action = request.POST.get("action", "next")
        if form.is_valid():
            try:
                services.round_answers_save(
                    actor=request.user, entry=item, values=form.values(), request=request
                )
            except (services.RoundClosedError, services.ResponseAlreadySubmittedError):
                if action == "autosave":
                    return HttpResponse(status=409)
                messages.warning(
                    request, _("De deadline is voorbij of de vragenlijst is al ingediend.")
                )
                return redirect("questionnaires:entry", item.pk)
            if action == "autosave":
                return HttpResponse(status=204)
            if action == "previous" and number > 1:
                return redirect("questionnaires:entry_section", item.pk, number - 1)
            if action == "later":
                messages.success(
                    request,
                    _("Je antwoorden zijn bewaard. Jij of een collega kan later verder gaan."),
                )
                return redirect("questionnaires:entry", item.pk)
            if number < len(sections):
                return redirect("questionnaires:entry_section", item.pk, number + 1)
            return redirect("questionnaires:entry_review", item.pk)
        if action == "autosave":
            return HttpResponse(status=400)
    context.update(
        {
            "section": section,
            "form": form,
            "rows": form.rows_with_visibility(sections=sections, section=section, answers=answers),
            "number": number,
            "total": len(sections),
        }
    )
    return render(
        request,
        "questionnaires/rounds/entry_section.html",
        context,
        status=400 if form.is_bound and form.errors else 200,
    )


@policies.requires("questionnaire_round_member")
def entry_review(request: HttpRequest, entry_id: int) -> HttpResponse:
    item = selectors.entry_get_for_member(request.user, entry_id)
    context = _context(request, item)
    if not context["editable"]:
        return redirect("questionnaires:entry", item.pk)
    problems: list[int] = []
    if request.method == "POST":
        try:
            services.round_entry_submit(actor=request.user, entry=item, request=request)
        except (services.RoundClosedError, services.ResponseAlreadySubmittedError):
            messages.warning(
                request, _("De deadline is voorbij of de vragenlijst is al ingediend.")
            )
            return redirect("questionnaires:entry", item.pk)
        except ValidationError as error:
            problems = error.params.get("missing", []) if error.params else []
        else:
            return redirect("questionnaires:entry_submitted", item.pk)
    context.update(
        {
            "rows": selectors.answer_rows(item.response),
            "problems": problems,
            "submitters": _submitters(item),
        }
    )
    return render(
        request,
        "questionnaires/rounds/entry_review.html",
        context,
        status=400 if problems else 200,
    )


@policies.requires("questionnaire_round_member")
def entry_submitted(request: HttpRequest, entry_id: int) -> HttpResponse:
    item = selectors.entry_get_for_member(request.user, entry_id)
    if not item.response.is_submitted:
        return redirect("questionnaires:entry", item.pk)
    return render(request, "questionnaires/rounds/entry_submitted.html", _context(request, item))


@policies.requires("questionnaire_round_member")
def entry_print(request: HttpRequest, entry_id: int) -> HttpResponse:
    """A printable copy (the browser prints it or saves it as PDF)."""
    item = selectors.entry_get_for_member(request.user, entry_id)
    context = _context(request, item)
    context.update({"rows": selectors.answer_rows(item.response), "printed_at": timezone.now()})
    return render(request, "questionnaires/rounds/entry_print.html", context)
