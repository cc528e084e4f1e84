"""Load the agency's allocated hours per bureau and year (.csv or .xlsx).

    python manage.py import_allocated_hours uren-2027.xlsx

Columns: Bureaucode, Jaar, Artsenuren, Uren verpleegkundige, Opmerking (optional); see
README.md ("Importing history and allocated hours"). Every row is checked first;
nothing is written while there is one error.
Existing allocations of a bureau and year are updated. Exit status 1 when the file has errors.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from dashboards import importing

from ._report import actor_from_email, existing_file, problem_lines, summary_line


class Command(BaseCommand):
    help = "Load allocated doctor and nurse hours per bureau and year (.csv or .xlsx)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the .csv or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="check only; store nothing")
        parser.add_argument("--actor", help="e-mail of the person running the import (audit)")
        parser.add_argument("--max-problems", type=int, default=200)
        parser.add_argument("--language", choices=["nl", "en"], default="nl")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            path = existing_file(options["file"])
            actor = actor_from_email(options["actor"])
            with path.open("rb") as handle:
                result = importing.validate_hours(handle)
            if not result.can_load:
                for line in problem_lines(result.all_problems(), options["max_problems"]):
                    self.stdout.write(line)
                self.stdout.write(summary_line(result.summary))
                sys.exit(1)
            # Warnings only (e.g. unknown extra columns): shown, not blocking.
            for line in problem_lines(result.problems, options["max_problems"]):
                self.stdout.write(line)
            if options["dry_run"]:
                self.stdout.write(
                    _("Geen fouten in %(rows)s rijen. Niets opgeslagen (--dry-run).")
                    % {"rows": result.summary.rows_read}
                )
                return
            report = importing.load_hours(result, actor=actor, file_name=path.name)
            self.stdout.write(
                self.style.SUCCESS(
                    _("Toegekende uren: %(new)s nieuw, %(changed)s gewijzigd, %(same)s "
                      "ongewijzigd, voor %(bureaus)s bureaus (%(years)s).")
                    % {"new": report.created, "changed": report.updated,
                       "same": report.unchanged, "bureaus": report.bureaus,
                       "years": ", ".join(map(str, report.years))}
                )
            )  # fmt: skip
