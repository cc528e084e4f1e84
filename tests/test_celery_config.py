from __future__ import annotations

from django.conf import settings

from portal.celery import app


def test_every_periodic_job_names_a_registered_task():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_tasks_travel_as_json_only():
    assert settings.CELERY_TASK_SERIALIZER == "json"
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]
    assert settings.CELERY_TASK_ACKS_LATE is True


def test_retention_jobs_go_to_their_own_queue():
    route = app.amqp.router.route({}, "accounts.retention.apply_audit_retention")
    assert route["queue"].name == "retention"
