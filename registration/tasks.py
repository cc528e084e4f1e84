"""Celery tasks of the registration app: thin wrappers around services, queued by name.

Names decide the queue (portal/settings.py CELERY_TASK_ROUTES): `.email.` for the reminders,
`.aggregation.` for the analyses, `.retention.` for deleting raw data.
"""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="registration.email.send_daily_nudges")
def send_daily_nudges() -> int:
    return services.nudges_send()
