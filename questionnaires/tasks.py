"""Periodic and queued work of questionnaires (schedules in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from . import notices, services


@shared_task(name="questionnaires.retention.delete_expired_responses", acks_late=True)
def delete_expired_responses() -> int:
    return services.delete_expired_responses()


# Named under `email` so the router sends it to the e-mail queue.
@shared_task(name="questionnaires.email.send_round_notices", acks_late=True)
def send_round_notices(round_id: int | None = None) -> int:
    """The opening e-mail of a new round (round_id given) or every due notice (beat)."""
    return notices.send_round_notices(round_id=round_id)


@shared_task(name="questionnaires.close_rounds_past_deadline", acks_late=True)
def close_rounds_past_deadline() -> int:
    return services.close_rounds_past_deadline()
