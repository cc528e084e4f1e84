from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accounts.audit import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; report OK or the first broken row."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"BROKEN at event #{result.broken_sequence}: {result.reason} "
                f"({result.checked} events verified before it)"
            )
        self.stdout.write(f"OK: {result.checked} events verified")
