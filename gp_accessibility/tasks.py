"""Celery work of gp_accessibility: the results job, on the aggregation queue."""

from __future__ import annotations

from celery import shared_task

from . import services


# Named under `aggregation` so the router sends it to the aggregation queue.
@shared_task(name="gp_accessibility.aggregation.compute_results", acks_late=True)
def compute_results(reason: str) -> int:
    """Recompute every circle's results from the current data; returns the new result set's id.
    Idempotent: running it twice stores two equal sets, pages read the newest."""
    return services.results_compute(reason=services.validate_reason(reason)).pk
