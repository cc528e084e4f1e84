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


# `.aggregation.` routes the heavy analysis to its own queue; acks late and retried on a lost
# worker (settings), idempotent in the service.
@shared_task(
    name="registration.aggregation.run_study_analysis", soft_time_limit=600, time_limit=660
)
def run_study_analysis(run_id: int) -> str:
    return services.analysis_execute(run_id=run_id).status


@shared_task(name="registration.retention.delete_expired_raw_data")
def delete_expired_raw_data() -> list[int]:
    return services.raw_data_delete_expired()
