"""Show-if conditions and answer checks, without the ORM (tested on plain objects)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def is_shown(question: Any, answers: dict[int, Any], by_id: dict[int, Any] | None = None) -> bool:
    """A question is shown unless its condition's question is hidden or answered otherwise.

    `answers` maps question id -> value; a multiple-choice value matches when any chosen value
    is among `show_if_values`.
    """
    depends_on = question.show_if_question_id
    if not depends_on:
        return True
    if (
        by_id is not None
        and depends_on in by_id
        and not is_shown(by_id[depends_on], answers, by_id)
    ):
        return False
    value = answers.get(depends_on)
    if is_empty(value):
        return False
    wanted = {str(v) for v in (question.show_if_values or [])}
    chosen = {str(v) for v in value} if isinstance(value, list) else {str(value)}
    return bool(wanted & chosen)


def missing_required(questions: Iterable[Any], answers: dict[int, Any]) -> list[Any]:
    """Required questions that are shown and still empty."""
    questions = list(questions)
    by_id = {q.pk: q for q in questions}
    return [
        q
        for q in questions
        if q.required and is_shown(q, answers, by_id) and is_empty(answers.get(q.pk))
    ]


def hidden_questions(questions: Iterable[Any], answers: dict[int, Any]) -> list[Any]:
    questions = list(questions)
    by_id = {q.pk: q for q in questions}
    return [q for q in questions if not is_shown(q, answers, by_id)]
