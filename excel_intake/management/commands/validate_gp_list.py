"""Check a GP list from the command line with the portal's own engine; stores nothing.

    python manage.py validate_gp_list lijst.xlsx --circle hak-gent --format json

Exit status 0 when the file could be submitted, 1 when it has errors (or is refused).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accounts.models import Organisation
from excel_intake import engine, selectors
from excel_intake.services import intake_limits


class Command(BaseCommand):
    help = "Check a GP list (.xlsx or .csv) and print every problem; stores nothing."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the .xlsx or .csv file to check")
        parser.add_argument(
            "--circle", help="code of the GP circle (its care zone and other circles' lists)"
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--language", choices=["nl", "en"], default="nl")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        circle = None
        if options["circle"]:
            circle = Organisation.objects.filter(
                code=options["circle"], kind=Organisation.Kind.GP_CIRCLE
            ).first()
            if circle is None:
                raise CommandError(f"No GP circle with code {options['circle']!r}")
        with translation.override(options["language"]):
            ctx = selectors.rule_context_for(circle)
            with path.open("rb") as handle:
                result = engine.validate_file(handle, ctx, limits=intake_limits())
            output = result.as_json()
            if options["format"] == "json":
                self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
            else:
                for problem in output["problems"]:
                    column = f" [{problem['column']}]" if problem["column"] else ""
                    self.stdout.write(
                        f"{problem['severity']:<8} line {problem['line']}{column}: "
                        f"{problem['message']}"
                    )
                summary = output["summary"]
                self.stdout.write(
                    f"{summary['rows_read']} rows, {summary['errors']} errors, "
                    f"{summary['warnings']} warnings"
                )
        sys.exit(0 if result.can_submit else 1)
