"""Writes on responses: start, save answers as they go, submit once, delete after retention."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit

from . import logic
from .models import Answer, Question, Questionnaire, Response


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class ResponseAlreadySubmittedError(Exception):
    """A submitted response is read-only."""


def research_pseudonym(source: str) -> str:
    """A stable pseudonym for a target (e.g. "child:42"): a keyed hash nobody can reverse
    without the key. Researchers receive only this value, never the source."""
    key = (getattr(settings, "RESEARCH_PSEUDONYM_KEY", "") or settings.SECRET_KEY).encode()
    return hmac.new(key, f"zorgportaal-research:{source}".encode(), hashlib.sha256).hexdigest()[:24]


def response_start(*, questionnaire: Questionnaire, pseudonym_source: str) -> Response:
    response = Response(
        questionnaire=questionnaire,
        research_pseudonym=research_pseudonym(pseudonym_source),
        delete_after=add_years(timezone.localdate(), questionnaire.retention_years),
    )
    response.full_clean()
    response.save()
    return response


def questions_of(questionnaire: Questionnaire) -> list[Question]:
    return list(
        Question.objects.filter(section__questionnaire=questionnaire)
        .select_related("section")
        .prefetch_related("choices")
        .order_by("section__position", "section_id", "position", "pk")
    )


def answers_of(response: Response) -> dict[int, Any]:
    return dict(response.answers.values_list("question_id", "value"))


@transaction.atomic
def answers_save(
    *,
    actor: Any,
    response: Response,
    values: dict[int, Any],
    subject: Any = None,
    request: Any = None,
) -> Response:
    """Store the given answers (question id -> value), replacing earlier ones; empty removes."""
    locked = Response.objects.select_for_update().get(pk=response.pk)
    if locked.is_submitted:
        raise ResponseAlreadySubmittedError
    valid_ids = set(
        Question.objects.filter(section__questionnaire_id=locked.questionnaire_id).values_list(
            "pk", flat=True
        )
    )
    unknown = set(values) - valid_ids
    if unknown:
        raise ValidationError(_("Deze vraag hoort niet bij de vragenlijst."))
    empty = [qid for qid, value in values.items() if logic.is_empty(value)]
    Answer.objects.filter(response=locked, question_id__in=empty).delete()
    for question_id, value in values.items():
        if question_id in empty:
            continue
        Answer.objects.update_or_create(
            response=locked, question_id=question_id, defaults={"value": value, "updated_by": actor}
        )
    locked.save(update_fields=["updated_at"])
    audit.record(
        action="questionnaire_response.save",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        obj=locked,
        subject_ref=audit.subject_ref_for(subject) if subject is not None else "",
        details={"answers": len(values)},
    )
    return locked


@transaction.atomic
def response_submit(
    *, actor: Any, response: Response, subject: Any = None, request: Any = None
) -> Response:
    """Submit once: every shown required question answered; hidden answers are dropped."""
    locked = Response.objects.select_for_update().get(pk=response.pk)
    if locked.is_submitted:
        raise ResponseAlreadySubmittedError
    questions = questions_of(locked.questionnaire)
    answers = answers_of(locked)
    missing = logic.missing_required(questions, answers)
    if missing:
        raise ValidationError(
            _("Beantwoord eerst deze vragen: %(list)s")
            % {"list": "; ".join(q.text for q in missing)},
            code="missing",
            params={"missing": [q.pk for q in missing]},
        )
    hidden = [q.pk for q in logic.hidden_questions(questions, answers)]
    Answer.objects.filter(response=locked, question_id__in=hidden).delete()
    now = timezone.now()
    locked.status = Response.Status.SUBMITTED
    locked.submitted_at = now
    locked.submitted_by = actor
    locked.delete_after = add_years(timezone.localdate(now), locked.questionnaire.retention_years)
    locked.full_clean()
    locked.save(
        update_fields=["status", "submitted_at", "submitted_by", "delete_after", "updated_at"]
    )
    audit.record(
        action="questionnaire_response.submit",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        obj=locked,
        subject_ref=audit.subject_ref_for(subject) if subject is not None else "",
    )
    return locked


def delete_expired_responses(*, today: date | None = None) -> int:
    """Retention: remove responses (and their answers and assignments) past their date."""
    today = today or timezone.localdate()
    expired = Response.objects.filter(delete_after__lt=today)
    count = expired.count()
    if count:
        with transaction.atomic():
            expired.delete()
            audit.record(
                action="questionnaire_response.retention_delete",
                category=audit.Category.DELETE,
                details={"deleted": count, "before": today.isoformat()},
            )
    return count
