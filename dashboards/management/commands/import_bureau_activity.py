"""Load sessions and appointments from an existing planning system (.csv or .xlsx).

    python manage.py import_bureau_activity extract-2024.xlsx --source kindplanner
    python manage.py import_bureau_activity extract-2024.csv --dry-run

Every row is checked first (line-level errors, also across rows and against the database);
nothing is written while there is one error. The columns are described in README.md
("Importing history and allocated hours").
Exit status 0 when the file was loaded (or, with --dry-run, could be), 1 when it has errors.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from dashboards import importing

from ._report import actor_from_email, existing_file, problem_lines, summary_line


class Command(BaseCommand):
    help = "Load sessions and appointments from a planning system's extract (.csv or .xlsx)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the .csv or .xlsx extract")
        parser.add_argument("--dry-run", action="store_true", help="check only; store nothing")
        parser.add_argument(
            "--source",
            default="planning",
            help="name of the source system; its references are kept per source (default: "
            "planning)",
        )
        parser.add_argument("--actor", help="e-mail of the person running the import (audit)")
        parser.add_argument("--max-problems", type=int, default=200)
        parser.add_argument("--language", choices=["nl", "en"], default="nl")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            path = existing_file(options["file"])
            source = options["source"].strip().lower()
            if not importing.SOURCE_PATTERN.match(source):
                raise CommandError(
                    _("--source: kleine letters, cijfers, '.', '_' of '-', hoogstens 50 tekens.")
                )
            actor = actor_from_email(options["actor"])
            with path.open("rb") as handle:
                result = importing.validate_activity(handle, source=source)
            if not result.can_load:
                for line in problem_lines(result.all_problems(), options["max_problems"]):
                    self.stdout.write(line)
                self.stdout.write(summary_line(result.summary))
                sys.exit(1)
            # Warnings only (e.g. unknown extra columns): shown, not blocking.
            for line in problem_lines(result.problems, options["max_problems"]):
                self.stdout.write(line)
            report = importing.load_activity(
                result, actor=actor, file_name=path.name, dry_run=options["dry_run"]
            )
            self.stdout.write(self.style.SUCCESS(_report(report)))


def _report(report: importing.ActivityReport) -> str:
    if report.dry_run:
        facts = _("Proefdraai (--dry-run): er is niets opgeslagen.")
    elif report.rebuilt:
        facts = _("De dashboardcijfers zijn volledig opnieuw berekend.")
    else:
        facts = _("%(days)s bureaudagen worden bijgewerkt in de dashboards.") % {
            "days": report.dirty_days
        }
    return "\n".join(
        [
            _("Ingelezen uit %(source)s: %(rows)s rijen.") % {"source": report.source,
                                                              "rows": report.rows},
            _("Zittingen: %(new)s nieuw, %(changed)s gewijzigd, %(same)s ongewijzigd.")
            % {"new": report.sessions_created, "changed": report.sessions_updated,
               "same": report.sessions_unchanged},
            _("Afspraken: %(new)s nieuw, %(changed)s gewijzigd, %(same)s ongewijzigd.")
            % {"new": report.appointments_created, "changed": report.appointments_updated,
               "same": report.appointments_unchanged},
            _("Kinderen: %(new)s nieuw, %(reused)s al bekend.")
            % {"new": report.children_created, "reused": report.children_reused},
            _("Zorgverleners: %(new)s nieuw (inactief, zonder wachtwoord), %(linked)s al bekend.")
            % {"new": report.practitioners_created, "linked": report.practitioners_linked},
            _("Bureaus: %(bureaus)s; periode %(first)s tot en met %(last)s.")
            % {"bureaus": report.bureaus,
               "first": importing.format_date(report.first_date),
               "last": importing.format_date(report.last_date)},
            facts,
        ]
    )  # fmt: skip
