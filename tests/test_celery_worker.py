"""A real Celery worker on the machine's Redis runs our tasks (CI sets REDIS_URL)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="REDIS_URL is not set: no Redis broker to run a real worker against",
    ),
]


@pytest.fixture
def worker(transactional_db):  # noqa: ANN001, ANN201
    """A worker process on the test database, consuming every queue of the portal."""
    env = dict(os.environ)
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = (
            f"postgres://{connection.settings_dict['USER']}@{connection.settings_dict['HOST']}:"
            f"{connection.settings_dict['PORT']}/{connection.settings_dict['NAME']}"
        )
    else:
        env["DATABASE_URL"] = f"sqlite:///{connection.settings_dict['NAME']}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "-Q",
            "default,aggregation,email,retention",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_real_worker_completes_a_task(worker):
    from portal.tasks import ping

    assert not settings.CELERY_TASK_ALWAYS_EAGER
    assert ping.delay().get(timeout=60) == "pong"


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("sqlite") or not os.environ.get("DATABASE_URL"),
    reason="the worker shares the test database only on PostgreSQL",
)
def test_a_real_worker_runs_audit_retention_on_the_database(worker):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from accounts import audit
    from accounts.models import AuditEvent
    from accounts.tasks import apply_audit_retention

    with time_machine.travel(timezone.now() - timedelta(days=365 * 11), tick=False):
        old = audit.record(action="test.old", category=audit.Category.READ)
    young = audit.record(action="test.young", category=audit.Category.READ)

    removed = apply_audit_retention.apply_async(queue="retention").get(timeout=60)

    assert removed == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=young.pk).exists()
