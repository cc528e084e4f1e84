"""A real Celery worker refreshes the facts of a booked day: the write enqueues the refresh."""

from __future__ import annotations

import os
import time as clock
from datetime import time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from dashboards.models import BureauDayFact, DirtyDay
from tests.parent_portal.factories import book, make_child, make_session
from tests.test_celery_worker import worker  # noqa: F401 - the real-worker fixture

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="needs Redis and PostgreSQL shared with a worker process",
    ),
]


def test_a_worker_refreshes_a_booked_day_within_a_minute(worker, cast):  # noqa: F811
    bureau = cast.organisations["bureau_a"]
    day = timezone.localdate() + timedelta(days=3)
    session = make_session(bureau, on=day, start=time(9, 0), end=time(10, 0), kind="doctor")
    book(session, make_child(bureau))
    deadline = clock.monotonic() + 60
    fact = None
    while clock.monotonic() < deadline:
        fact = BureauDayFact.objects.filter(bureau=bureau, date=day).first()
        if fact and fact.booked == 1 and not DirtyDay.objects.exists():
            break
        clock.sleep(0.5)
    assert fact is not None, "the worker did not refresh the booked day"
    assert (fact.sessions, fact.booked, fact.practitioner_kind) == (1, 1, "doctor")
