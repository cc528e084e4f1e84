"""A real Celery worker runs a requested analysis from the aggregation queue (PostgreSQL, Redis)."""

from __future__ import annotations

import os
import time
from datetime import date

import pytest

from accounts.models import Role
from registration import services
from registration.models import AnalysisRun, TimeEntry
from tests.test_celery_worker import worker  # noqa: F401 - the fixture

from .conftest import activity, ensure_catalogue

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL")
        or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs Redis as broker and PostgreSQL shared with the worker",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_a_requested_analysis_is_queued_after_commit_and_run_by_a_worker(cast, provider, worker):  # noqa: F811
    ensure_catalogue()
    TimeEntry.objects.create(
        provider=provider,
        day=date(2024, 10, 16),
        activity=activity("treatment", "team_meeting"),
        minutes=90,
    )
    study = provider.participation.study
    run = services.analysis_request(actor=cast.users[Role.AGENCY_ADMIN], study=study)
    assert run.status == AnalysisRun.Status.QUEUED
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if not run.is_pending:
            break
        time.sleep(0.5)
    assert run.status == AnalysisRun.Status.DONE, run.error
    assert run.results.count() == 2  # the sector and facility F
