"""Loaded with `-p tests.pytest_env`, before Django reads its settings.

Each xdist worker gets its own Redis database (cache flushes and broker queues never collide)
and its own cache key prefix. Playwright's sync API runs an event loop beside the ORM.
"""

from __future__ import annotations

import os
import re


def _per_worker_redis_url() -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    url = os.environ.get("REDIS_URL")
    if url:
        match = re.match(r"^(redis://[^/]+)(?:/(\d+))?/?$", url)
        if match:
            base = int(match.group(2) or 0)
            os.environ["REDIS_URL"] = f"{match.group(1)}/{base + int(worker.removeprefix('gw'))}"
    os.environ.setdefault("CACHE_KEY_PREFIX", f"test-{worker}")


_per_worker_redis_url()
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
