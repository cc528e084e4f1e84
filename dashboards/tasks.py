"""Celery work of the dashboards, on the aggregation queue (`.aggregation.` in the task name)."""

from __future__ import annotations

from celery import shared_task

from . import facts


@shared_task(name="dashboards.aggregation.refresh_dirty_days", acks_late=True)
def refresh_dirty_days() -> int:
    """Refresh the bureau-days whose sessions or appointments changed (idempotent).

    Facts never built, or emptied by a database crash (they are unlogged), are rebuilt in full.
    """
    if facts.needs_full_rebuild():
        return facts.rebuild_all()["bureau_rows"]
    return facts.refresh_dirty()


@shared_task(
    name="dashboards.aggregation.rebuild_facts",
    acks_late=True,
    soft_time_limit=1800,
    time_limit=1900,
)
def rebuild_facts() -> dict:
    """Nightly full rebuild: whatever a refresh could have missed is recomputed."""
    return facts.rebuild_all()
