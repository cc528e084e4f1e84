"""Rebuild every dashboard fact from the sessions and appointments (set-based SQL)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dashboards import facts


class Command(BaseCommand):
    help = "Rebuild the dashboards' summary tables from all sessions and appointments."

    def handle(self, *args: Any, **options: Any) -> None:
        result = facts.rebuild_all()
        self.stdout.write(
            f"Rebuilt {result['bureau_rows']} bureau facts, {result['practitioner_rows']} "
            f"practitioner facts and {result['registration_rows']} registration facts in "
            f"{result['seconds']:.2f} s."
        )
