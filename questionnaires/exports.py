"""Spreadsheets of a round for the agency: each organisation's status, and the submitted answers
(one row per organisation). Built with openpyxl's write-only mode; every text cell that a
spreadsheet would run as a formula is neutralised. No ORM."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from portal.lib.spreadsheets import neutralise_formula

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise_formula(value)
    return value


def _header(sheet: Any, titles: Iterable[str]) -> list[WriteOnlyCell]:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=_safe(str(title)))
        cell.font = BOLD
        cells.append(cell)
    return cells


def workbook_bytes(sheets: list[tuple[str, list[str], Iterable[list[Any]]]]) -> bytes:
    """Sheets as (title, header, rows); column widths follow the header's length."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        for index, text in enumerate(header):
            letter = _letter(index)
            sheet.column_dimensions[letter].width = max(12, min(60, len(str(text)) + 4))
        sheet.freeze_panes = "A2"
        sheet.append(_header(sheet, header))
        for row in rows:
            sheet.append([_safe(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
