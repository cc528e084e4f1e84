"""Generate synthetic consultation-bureau activity (demo and benchmark data); see
dashboards/generator.py for what it makes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dashboards import facts, generator


class Command(BaseCommand):
    help = (
        "Generate realistic consultation-bureau activity (organisers, bureaus, doctors and "
        "nurses, sessions, children, appointments, allocated hours), marked as demo data. "
        "300 bureaus x 10 years is about 10 million appointments. Refused in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bureaus", type=int, default=300)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--organisers", type=int, default=None, help="default: bureaus / 9")
        parser.add_argument("--seed", type=int, default=8)
        parser.add_argument(
            "--end-date", type=date.fromisoformat, default=None, help="YYYY-MM-DD, default today"
        )
        parser.add_argument(
            "--replace", action="store_true", help="delete earlier generated activity first"
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="multiplies the number of children"
        )
        parser.add_argument(
            "--no-rebuild", action="store_true", help="do not rebuild the dashboard facts"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Generated activity is refused in production mode.")
        if options["bureaus"] < 1 or options["years"] < 1:
            raise CommandError("--bureaus and --years must be at least 1.")
        try:
            result = generator.generate(
                bureaus=options["bureaus"],
                years=options["years"],
                organisers=options["organisers"],
                seed=options["seed"],
                end_date=options["end_date"],
                replace_existing=options["replace"],
                scale=options["scale"],
                progress=self.stdout.write,
            )
        except generator.GeneratedDataExists as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Generated {result.summary()}.")
        self.stdout.write(
            "Timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items())
        )
        if not options["no_rebuild"]:
            outcome = facts.rebuild_all()
            self.stdout.write(f"Rebuilt the dashboard facts: {outcome}.")
