"""Downloads of a dashboard: .xlsx (a sheet per table and one with the definition) and .csv
(semicolon-separated, decimal comma, UTF-8 with a byte-order mark, so Excel opens it as is)."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.lib.spreadsheets import neutralise_formula

from .selectors import Result, Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
BOLD = Font(bold=True)


def describe(result: Result, refreshed: datetime | None) -> list[tuple[str, str]]:
    f = result.filter
    return [
        (_("Vraag"), f"{result.question.number}. {result.question.title}"),
        (_("Organisator"), f.organiser.name),
        (_("Bureaus"), ", ".join(b.name for b in f.bureaus)),
        (
            _("Periode"),
            _("%(start)s tot en met %(end)s")
            % {
                "start": date_format(f.start, "j F Y"),
                "end": date_format(f.end, "j F Y"),
            },
        ),
        (_("Formule"), str(result.question.formula)),
        (_("Bron"), str(result.question.source)),
        (
            _("Laatst bijgewerkt"),
            date_format(timezone.localtime(refreshed), "SHORT_DATETIME_FORMAT")
            if refreshed
            else _("nog niet"),
        ),
        *((_("Opmerking"), note) for note in result.notes),
    ]


def _rows(table: Table) -> list[dict[str, Any]]:
    return [*table.rows, *([table.total] if table.total else [])]


def _sheet_title(text: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", text)[:31].strip() or _("Tabel")
    base, n = title, 2
    while title in used:
        title = f"{base[:28]} {n}"
        n += 1
    used.add(title)
    return title


def workbook(result: Result, refreshed: datetime | None) -> bytes:
    """Write-only (streamed) workbook: fast for a year of days."""
    book = Workbook(write_only=True)
    used: set[str] = set()
    for table in result.tables:
        sheet = book.create_sheet(_sheet_title(table.caption, used))
        sheet.column_dimensions["A"].width = 28
        for index in range(len(table.columns)):
            sheet.column_dimensions[get_column_letter(index + 2)].width = 16
        sheet.append([_bold(sheet, table.caption)])
        sheet.append(
            [_bold(sheet, table.row_header), *(_bold(sheet, c.label) for c in table.columns)]
        )
        # Plain values (already rounded like the page): per-cell styles would triple the time.
        for row in _rows(table):
            sheet.append([_text(row["label"]), *(row.get(c.key) for c in table.columns)])
    about = book.create_sheet(_sheet_title(_("Definitie"), used))
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 100
    for label, value in describe(result, refreshed):
        about.append([_text(label), _text(value)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value: Any) -> str:
    """Text as a spreadsheet shows it: names (a doctor's, a bureau's) never run as a formula."""
    return neutralise_formula(str(value))


def _bold(sheet: Any, text: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_text(text))
    cell.font = BOLD
    return cell


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return _text(value)


def csv_text(result: Result) -> str:
    """Every table one after the other: its caption, the header, the rows, a blank line."""
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads UTF-8 correctly with a byte-order mark
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for index, table in enumerate(result.tables):
        if index:
            writer.writerow([])
        writer.writerow([_text(table.caption)])
        writer.writerow([_text(table.row_header), *(_text(c.label) for c in table.columns)])
        for row in _rows(table):
            writer.writerow(
                [_text(row["label"]), *(_csv_value(row.get(c.key)) for c in table.columns)]
            )
    return out.getvalue()
