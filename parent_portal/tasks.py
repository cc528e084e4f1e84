"""Periodic jobs of the parent portal (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from . import reminders, services


@shared_task(
    name="parent_portal.email.send_due_reminders",
    acks_late=True,
    soft_time_limit=540,
    time_limit=600,
)
def send_due_reminders() -> int:
    return reminders.send_due_reminders()


@shared_task(name="parent_portal.close_portals_at_twelve", acks_late=True)
def close_portals_at_twelve() -> int:
    return services.close_portals_at_twelve()
