"""Reads of questionnaires: definitions, a response's answers for display, research export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from . import logic
from .models import Answer, Question, Questionnaire, Response, Section


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
