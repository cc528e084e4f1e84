"""Large files are checked by a worker with stored progress; checks are purged after 7 days."""

from __future__ import annotations

import io
import os
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from excel_intake import samples
from excel_intake.models import Submission, ValidationRun
from excel_intake.services import validation_purge
from excel_intake.tasks import validate_upload

from .helpers import client_for, upload


def big_file(rows: int) -> bytes:
    buffer = io.BytesIO()
    samples.write_xlsx(samples.gp_rows(rows, error_share=0.02), buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_large_file_goes_to_a_worker_and_the_page_shows_progress(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.EXCEL_INTAKE_SYNC_MAX_BYTES = 10_000
    client = client_for(cast.users[Role.ACCESS_MANAGER])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, cast.organisations["circle_c"], big_file(3000))
    run = ValidationRun.objects.get()
    assert run.status == "queued" and run.upload
    page = client.get(response.url).content.decode()
    assert "We controleren je lijst" in page
    assert 'id="progress-bar"' in page and "progress.js" in page
    status = client.get(reverse("excel_intake:run_status", args=[run.pk])).json()
    assert status == {
        "status": "queued",
        "finished": False,
        "rows_processed": 0,
        "rows_total": 0,
        "percent": 0,
    }
    assert len(callbacks) == 1  # the task is queued once the upload is committed
    validate_upload(str(run.pk))  # the worker's turn, run eagerly (a real worker: below)
    run.refresh_from_db()
    assert run.status == "done" and run.rows_read == 3000 and run.upload is None
    assert client.get(reverse("excel_intake:run_status", args=[run.pk])).json()["finished"]


@pytest.mark.django_db
def test_checks_older_than_seven_days_are_purged_but_versions_stay(cast):
    client = client_for(cast.users[Role.ACCESS_MANAGER])
    old = upload(client, cast.organisations["circle_c"], big_file(5))
    old_id = old.url.rstrip("/").split("/")[-1]
    client.post(reverse("excel_intake:submit", args=[old_id]))
    ValidationRun.objects.filter(pk=old_id).update(created_at=timezone.now() - timedelta(days=8))
    upload(client, cast.organisations["circle_c"], big_file(5))
    assert ValidationRun.objects.count() == 2
    assert validation_purge() == 1
    assert ValidationRun.objects.count() == 1
    assert Submission.objects.get().row_count == 5


@pytest.mark.celery_worker
@pytest.mark.skipif(
    not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="a real worker shares the test database only on PostgreSQL with Redis",
)
def test_a_real_worker_checks_a_large_file_and_stores_progress(cast, worker, settings):  # noqa: F811
    settings.EXCEL_INTAKE_SYNC_MAX_BYTES = 10_000
    client = client_for(cast.users[Role.ACCESS_MANAGER])
    response = upload(client, cast.organisations["circle_c"], big_file(20_000))
    run = ValidationRun.objects.get()
    deadline = time.time() + 90
    seen_progress = set()
    while time.time() < deadline:
        run.refresh_from_db()
        seen_progress.add(run.rows_processed)
        if run.is_finished:
            break
        time.sleep(0.2)
    assert run.status == "done", run.status
    assert run.rows_read == 20_000
    assert run.report  # the large report is built by the worker, not on download
    page = client.get(response.url).content.decode()
    assert "Rijen gelezen" in page
    assert settings.CELERY_BEAT_SCHEDULE["gp-list-validation-purge"]["task"] == (
        "excel_intake.retention.purge_validation_runs"
    )


from tests.test_celery_worker import worker  # noqa: E402, F401 - the real-worker fixture
