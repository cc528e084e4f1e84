"""Writes on responses (start, save answers as they go, submit once, delete after retention) and
on rounds for organisations (open, save and submit an organisation's entry, close)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit, policies

from . import logic
from .models import Answer, Question, Questionnaire, Response, Round, RoundEntry


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


# --- Rounds for organisations ---------------------------------------------------------------------

DEFAULT_REMINDER_DAYS = (7, 2)
RoundListener = Callable[[Round], None]
_round_closed_listeners: list[RoundListener] = []


class RoundClosedError(Exception):
    """The round is not open (not started, past its deadline or closed): answers are read-only."""


def on_round_closed(listener: RoundListener) -> RoundListener:
    """Register `listener(round)`, called inside the transaction that closes a round (queue
    follow-up work with transaction.on_commit)."""
    _round_closed_listeners.append(listener)
    return listener


@transaction.atomic
def round_open(
    *,
    actor: Any,
    questionnaire: Questionnaire,
    title: str,
    opens_at: datetime,
    deadline: datetime,
    organisations: Iterable[Any],
    reminder_days: Iterable[int] = DEFAULT_REMINDER_DAYS,
    request: Any = None,
) -> Round:
    """Open a round: one entry (with an empty response) per organisation; they are told by
    e-mail once the round starts."""
    organisations = list(organisations)
    errors: dict[str, list[str]] = {}
    if (
        questionnaire.audience != Questionnaire.Audience.ORGANISATIONS
        or not questionnaire.is_active
    ):
        errors.setdefault("questionnaire", []).append(
            _("Kies een vragenlijst die in gebruik is en bedoeld is voor organisaties.")
        )
    elif not Question.objects.filter(section__questionnaire=questionnaire).exists():
        errors.setdefault("questionnaire", []).append(
            _("Deze vragenlijst heeft nog geen vragen. Voeg eerst vragen toe.")
        )
    if deadline <= timezone.now():
        errors.setdefault("deadline", []).append(_("Kies een deadline in de toekomst."))
    elif deadline <= opens_at:
        errors.setdefault("deadline", []).append(_("Kies een deadline na de start."))
    if not organisations:
        errors.setdefault("organisations", []).append(_("Kies minstens één organisatie."))
    elif any(o.kind not in policies.ROUND_KINDS for o in organisations):
        errors.setdefault("organisations", []).append(
            _("Een ronde is voor huisartsenkringen en zorgvoorzieningen.")
        )
    if errors:
        raise ValidationError(errors)
    days = sorted({int(d) for d in reminder_days if 0 < int(d) <= 60}, reverse=True)
    round_ = Round(
        questionnaire=questionnaire,
        title=title.strip(),
        opens_at=opens_at,
        deadline=deadline,
        reminder_days=days,
        created_by=actor,
    )
    round_.full_clean()
    round_.save()
    delete_after = add_years(timezone.localdate(), questionnaire.retention_years)
    responses = Response.objects.bulk_create(
        [
            Response(
                questionnaire=questionnaire,
                research_pseudonym=research_pseudonym(f"organisation:{o.pk}"),
                delete_after=delete_after,
            )
            for o in organisations
        ]
    )
    RoundEntry.objects.bulk_create(
        [
            RoundEntry(round=round_, organisation=o, response=r)
            for o, r in zip(organisations, responses, strict=True)
        ]
    )
    audit.record(
        action="questionnaire_round.open",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        obj=round_,
        details={"questionnaire": questionnaire.pk, "organisations": len(organisations)},
    )
    from .tasks import send_round_notices

    transaction.on_commit(lambda: send_round_notices.delay(round_.pk))
    return round_


def _lock_open_round(entry: RoundEntry) -> Round:
    """Lock the entry's round: a save or submission either ends before a closing or sees it."""
    round_ = Round.objects.select_for_update().get(pk=entry.round_id)
    if not round_.is_open(timezone.now()):
        raise RoundClosedError
    return round_


@transaction.atomic
def round_answers_save(
    *, actor: Any, entry: RoundEntry, values: dict[int, Any], request: Any = None
) -> Response:
    """Save answers of an organisation's entry while its round is open."""
    _lock_open_round(entry)
    return answers_save(actor=actor, response=entry.response, values=values, request=request)


@transaction.atomic
def round_entry_submit(*, actor: Any, entry: RoundEntry, request: Any = None) -> Response:
    """Submit the organisation's answers once; only its (main) access managers or director."""
    _lock_open_round(entry)
    if not policies.can_submit_round_entry(actor, entry):
        raise PermissionDenied("questionnaire_round_submit")
    return response_submit(actor=actor, response=entry.response, request=request)


@transaction.atomic
def round_close(*, actor: Any, round: Round, request: Any = None) -> Round:
    """Close a round (idempotent); the listeners run inside this transaction."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.closed_at is not None:
        return locked
    locked.closed_at = timezone.now()
    locked.closed_by = actor
    locked.save(update_fields=["closed_at", "closed_by"])
    entries = RoundEntry.objects.filter(round=locked)
    audit.record(
        action="questionnaire_round.close",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        obj=locked,
        details={
            "entries": entries.count(),
            "submitted": entries.filter(response__status=Response.Status.SUBMITTED).count(),
            "automatic": actor is None,
        },
    )
    for listener in _round_closed_listeners:
        listener(locked)
    return locked


def close_rounds_past_deadline(*, now: datetime | None = None) -> int:
    """Close every round whose deadline passed (the periodic task); returns how many."""
    now = now or timezone.now()
    due = list(Round.objects.filter(closed_at__isnull=True, deadline__lte=now))
    for round_ in due:
        round_close(actor=None, round=round_)
    return len(due)
