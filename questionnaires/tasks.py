"""Retention of questionnaire answers (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="questionnaires.retention.delete_expired_responses", acks_late=True)
def delete_expired_responses() -> int:
    return services.delete_expired_responses()
