"""How the import commands print problems and summaries (translated; Dutch by default)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def problem_lines(problems: Iterable[Any], limit: int) -> list[str]:
    """Problems grouped by line, as the spreadsheet numbers them (1 = the header)."""
    by_line: dict[int, list[Any]] = defaultdict(list)
    for problem in problems:
        by_line[problem.line].append(problem)
    lines: list[str] = []
    shown = 0
    for line in sorted(by_line):
        found = by_line[line]
        if shown >= limit:
            rest = sum(len(p) for n, p in by_line.items() if n >= line)
            lines.append(
                ngettext(
                    "… en nog %(count)s probleem (gebruik --max-problems).",
                    "… en nog %(count)s problemen (gebruik --max-problems).",
                    rest,
                )
                % {"count": rest}
            )
            break
        lines.append(
            ngettext(
                "Regel %(line)s: %(count)s probleem",
                "Regel %(line)s: %(count)s problemen",
                len(found),
            )
            % {"line": line, "count": len(found)}
        )
        for problem in found:
            column = f"{problem.header}: " if problem.header else ""
            lines.append(f"  - {column}{problem.message()}")
        shown += len(found)
    return lines


def summary_line(summary: Any) -> str:
    return _(
        "%(rows)s rijen gelezen, %(errors)s fouten op %(lines)s rijen. Er is niets opgeslagen."
    ) % {
        "rows": summary.rows_read,
        "errors": summary.errors,
        "lines": summary.rows_with_errors,
    }


def existing_file(name: str) -> Path:
    path = Path(name)
    if not path.is_file():
        raise CommandError(_("Dit bestand bestaat niet: %(path)s") % {"path": path})
    return path


def actor_from_email(email: str | None) -> Any:
    """The account named by --actor (for the audit log), or None."""
    from accounts.models import User

    if not email:
        return None
    actor = User.objects.filter(email__iexact=email.strip()).first()
    if actor is None:
        raise CommandError(_("Er is geen account met e-mailadres %(email)s.") % {"email": email})
    return actor
