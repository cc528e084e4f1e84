"""The results job runs on the aggregation queue; with a real worker (PostgreSQL and Redis), the
round's closing queues it after the commit and the worker stores the results."""

from __future__ import annotations

import os
import time

import pytest
from django.conf import settings

from portal.celery import app
from tests.test_celery_worker import worker  # noqa: F401 - the real-worker fixture


def test_the_results_job_and_the_round_notices_have_their_queues():
    assert (
        app.amqp.router.route({}, "gp_accessibility.aggregation.compute_results")["queue"].name
        == "aggregation"
    )
    assert (
        app.amqp.router.route({}, "questionnaires.email.send_round_notices")["queue"].name
        == "email"
    )
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "questionnaires.email.send_round_notices",
        "questionnaires.close_rounds_past_deadline",
    } <= schedule


@pytest.mark.celery_worker
@pytest.mark.skipif(
    not os.environ.get("REDIS_URL")
    or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="a real worker shares the test database only on PostgreSQL with Redis",
)
def test_closing_the_round_has_a_real_worker_compute_the_results(worker, gp_world):  # noqa: F811
    from gp_accessibility.models import ResultSet
    from questionnaires import services as q_services
    from tests.questionnaires.factories import open_round

    again = open_round(
        gp_world.admin,
        [gp_world.organisations["circle_c"]],
        questionnaire=gp_world.questionnaire,
        title="Ronde voor de worker",
    )
    q_services.round_close(actor=gp_world.admin, round=again)  # commits: the job is queued
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        latest = ResultSet.objects.filter(
            round_title="Ronde voor de worker", reason="round_closed"
        ).first()
        if latest is not None:
            break
        time.sleep(0.5)
    assert latest is not None, "the worker did not store the results within a minute"
    assert latest.reason == "round_closed"
    assert latest.circles.count() == 5
