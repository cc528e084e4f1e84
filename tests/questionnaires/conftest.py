from __future__ import annotations

import pytest


@pytest.fixture
def eager_tasks():  # noqa: ANN201
    """Run queued Celery tasks in the test's process, also when REDIS_URL points at a broker
    (the portal's configuration for a run without workers; no task is replaced)."""
    from portal.celery import app

    previous = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous
