"""Reads of questionnaires: definitions, a response's answers for display, research export, and
rounds for organisations (the agency's status table, a member's entries), scoped by
accounts.policies."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts import policies
from accounts.models import Organisation

from . import logic
from .models import Answer, Question, Questionnaire, Response, Round, RoundEntry, Section


def sections_of(questionnaire: Questionnaire) -> list[Section]:
    return list(
        questionnaire.sections.prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.select_related("show_if_question")
                .prefetch_related("choices")
                .order_by("position", "pk"),
            )
        ).order_by("position", "pk")
    )


@dataclass
class AnswerRow:
    question: Question
    display: str
    shown: bool


def display_value(question: Question, value: Any) -> str:
    if logic.is_empty(value):
        return ""
    labels = {c.value: c.label for c in question.choices.all()}
    if isinstance(value, list):
        return ", ".join(labels.get(v, str(v)) for v in value)
    if question.kind == Question.Kind.DATE:
        from datetime import date

        return date.fromisoformat(value).strftime("%d/%m/%Y")
    return labels.get(str(value), str(value))


def answer_rows(response: Response) -> list[tuple[Section, list[AnswerRow]]]:
    """Every section with each question's answer as text, and whether the question is shown."""
    sections = sections_of(response.questionnaire)
    answers = dict(response.answers.values_list("question_id", "value"))
    all_questions = [q for s in sections for q in s.questions.all()]
    by_id = {q.pk: q for q in all_questions}
    return [
        (
            section,
            [
                AnswerRow(q, display_value(q, answers.get(q.pk)), logic.is_shown(q, answers, by_id))
                for q in section.questions.all()
            ],
        )
        for section in sections
    ]


def research_questionnaires() -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(sections__questions__is_research=True).distinct()


def research_export_rows(questionnaire: Questionnaire) -> Iterator[list[Any]]:
    """Header, then one row per submitted response: pseudonym, month of submission, and the
    answers to the research questions only. No names, dates of birth, ids or free text about
    who answered."""
    questions = list(
        Question.objects.filter(section__questionnaire=questionnaire, is_research=True)
        .prefetch_related("choices")
        .order_by("section__position", "position", "pk")
    )
    yield ["pseudoniem", "ingediend_maand", *[q.code for q in questions]]
    responses = (
        Response.objects.submitted()
        .filter(questionnaire=questionnaire)
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.filter(question__in=questions),
                to_attr="research_answers",
            )
        )
        .order_by("submitted_at", "pk")
    )
    for response in responses.iterator(chunk_size=500):
        values = {a.question_id: a.value for a in response.research_answers}
        row = [response.research_pseudonym, response.submitted_at.strftime("%Y-%m")]
        for q in questions:
            value = values.get(q.pk)
            row.append(
                "|".join(map(str, value))
                if isinstance(value, list)
                else ("" if value is None else value)
            )
        yield row


# --- Rounds for organisations ---------------------------------------------------------------------


def questionnaires_for_rounds() -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(
        audience=Questionnaire.Audience.ORGANISATIONS, is_active=True
    ).order_by("title")


def organisations_for_rounds() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=policies.ROUND_KINDS).order_by("kind", "name")


def question_count(questionnaire_id: int) -> int:
    return Question.objects.filter(section__questionnaire_id=questionnaire_id).count()


def rounds_for_agency(user: Any) -> list[Round]:
    """Every round with its number of organisations and submissions (one query)."""
    return list(
        policies.rounds_visible_to(user)
        .select_related("questionnaire")
        .annotate(
            entry_count=Count("entries", distinct=True),
            submitted_count=Count(
                "entries",
                filter=Q(entries__response__status=Response.Status.SUBMITTED),
                distinct=True,
            ),
        )
        .order_by("-opens_at", "-pk")
    )


def round_get_for_agency(user: Any, round_id: int) -> Round:
    return get_object_or_404(
        policies.rounds_visible_to(user).select_related("questionnaire", "created_by", "closed_by"),
        pk=round_id,
    )


@dataclass
class EntryStatus:
    entry: RoundEntry
    state: str  # not_started | busy | submitted
    answered: int
    last_saved: datetime | None
    notices: int
    last_notice: datetime | None


def round_status(round_: Round) -> list[EntryStatus]:
    """Each organisation's progress in the round, submitted ones last (one query)."""
    entries = (
        RoundEntry.objects.filter(round=round_)
        .select_related("organisation", "response", "response__submitted_by")
        .annotate(
            answered=Count("response__answers", distinct=True),
            last_saved=Max("response__answers__updated_at"),
            notice_count=Count("notices", distinct=True),
            last_notice=Max("notices__sent_at"),
        )
        .order_by("organisation__name")
    )
    rows = []
    for entry in entries:
        if entry.response.is_submitted:
            state = "submitted"
        elif entry.answered:
            state = "busy"
        else:
            state = "not_started"
        rows.append(
            EntryStatus(
                entry,
                state,
                entry.answered,
                entry.last_saved,
                entry.notice_count,
                entry.last_notice,
            )
        )
    order = {"not_started": 0, "busy": 1, "submitted": 2}
    rows.sort(key=lambda row: order[row.state])
    return rows


def entry_get_for_agency(user: Any, round_: Round, entry_id: int) -> RoundEntry:
    return get_object_or_404(
        RoundEntry.objects.filter(round__in=policies.rounds_visible_to(user)).select_related(
            "round__questionnaire", "organisation", "response", "response__submitted_by"
        ),
        round=round_,
        pk=entry_id,
    )


def entries_of_member(user: Any) -> list[RoundEntry]:
    """The user's organisations' entries in rounds that have started, open ones first."""
    now = timezone.now()
    entries = list(
        policies.round_entries_fillable_by(user)
        .select_related("round__questionnaire", "organisation", "response")
        .annotate(answered=Count("response__answers"))
        .order_by("-round__deadline", "organisation__name")
    )
    entries.sort(key=lambda e: (not e.round.is_open(now), e.round.deadline))
    return entries


def entry_get_for_member(user: Any, entry_id: int) -> RoundEntry:
    return get_object_or_404(
        policies.round_entries_fillable_by(user).select_related(
            "round__questionnaire", "organisation", "response", "response__submitted_by"
        ),
        pk=entry_id,
    )


def round_answer_table(
    round_: Round,
) -> tuple[list[Question], list[tuple[str, datetime | None, list[Any]]]]:
    """The questions, and per submitted organisation its answers in question order (numbers
    stay numbers, choices become their labels)."""
    questions = list(
        Question.objects.filter(section__questionnaire_id=round_.questionnaire_id)
        .select_related("section")
        .prefetch_related("choices")
        .order_by("section__position", "section_id", "position", "pk")
    )
    entries = (
        RoundEntry.objects.filter(round=round_, response__status=Response.Status.SUBMITTED)
        .select_related("organisation", "response")
        .prefetch_related("response__answers")
        .order_by("organisation__name")
    )
    numeric = {Question.Kind.NUMBER, Question.Kind.SCALE}
    rows = []
    for entry in entries:
        answers = {a.question_id: a.value for a in entry.response.answers.all()}
        values = [
            answers.get(q.pk) if q.kind in numeric else display_value(q, answers.get(q.pk))
            for q in questions
        ]
        rows.append((entry.organisation.name, entry.response.submitted_at, values))
    return questions, rows


@dataclass
class SectionProgress:
    number: int
    section: Section
    answered: int
    shown: int
    missing: int  # required questions shown and still empty


def section_progress(sections: list[Section], answers: dict[int, Any]) -> list[SectionProgress]:
    """How far each section is, from the saved answers (no queries: sections are prefetched)."""
    all_questions = [q for s in sections for q in s.questions.all()]
    by_id = {q.pk: q for q in all_questions}
    result = []
    for number, section in enumerate(sections, start=1):
        shown = [q for q in section.questions.all() if logic.is_shown(q, answers, by_id)]
        answered = sum(1 for q in shown if not logic.is_empty(answers.get(q.pk)))
        missing = sum(1 for q in shown if q.required and logic.is_empty(answers.get(q.pk)))
        result.append(SectionProgress(number, section, answered, len(shown), missing))
    return result
