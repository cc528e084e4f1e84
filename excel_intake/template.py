"""The downloadable template: instructions, a data sheet with drop-downs and hints, and a hidden
version marker. Built with openpyxl from the column registry (no ORM)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portal.lib.spreadsheets import neutralise_formula

from .columns import (
    COLUMNS,
    DATA_SHEET,
    INSTRUCTIONS_SHEET,
    MARKER_SHEET,
    MARKER_TEXT,
    TEMPLATE_VERSION,
    ColumnKind,
)
from .postcodes import DATA_ATTRIBUTION

# Drop-downs and hints cover this many rows; people may type below them too.
VALIDATED_ROWS = 5000
HEADER_FILL = PatternFill("solid", fgColor="0B5A8A")

INSTRUCTIONS = [
    "Lijst van de aangesloten huisartsen",
    "",
    "Zo vul je de lijst in:",
    "1. Vul op het werkblad “Huisartsen” één rij per huisarts in, vanaf rij 2.",
    "2. Verander de kolomtitels op rij 1 niet. Je mag gegevens uit je eigen bestand plakken.",
    "3. Kolommen met een keuzelijst: kies een waarde uit de lijst.",
    "4. Datums schrijf je als dd/mm/jjjj. Uren per kwartier: 38 of 37,75.",
    "5. Bewaar als Excel-werkmap (.xlsx) en laad het bestand op in Zorgportaal.",
    "6. Zorgportaal controleert alles vóór je indient en toont per rij wat je moet aanpassen.",
    "",
    "De kolommen:",
]


def build_template(
    target: str | IO[bytes],
    *,
    circle_name: str = "",
    rows: Iterable[list[Any]] = (),
) -> None:
    """Write the template, prefilled with `rows` (the circle's last accepted list) if given."""
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions, circle_name)
    data = workbook.create_sheet(DATA_SHEET)
    _write_data_sheet(data, rows)
    marker = workbook.create_sheet(MARKER_SHEET)
    marker.append([MARKER_TEXT, TEMPLATE_VERSION])
    marker.sheet_state = "veryHidden"
    workbook.active = 1
    workbook.save(target)


def _write_instructions(sheet: Any, circle_name: str) -> None:
    lines = list(INSTRUCTIONS)
    if circle_name:
        lines[0] = f"{lines[0]} – {circle_name}"
    for line in lines:
        sheet.append([line])
    for column in COLUMNS:
        optional = "" if column.required else " (optioneel)"
        choices = f" Keuze: {', '.join(column.choices)}." if column.choices else ""
        sheet.append([f"• {column.header}{optional}: {column.hint}{choices}".strip()])
    sheet.append([""])
    sheet.append([f"Templateversie {TEMPLATE_VERSION}. {DATA_ATTRIBUTION}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 110


def _write_data_sheet(sheet: Any, rows: Iterable[list[Any]]) -> None:
    sheet.append([column.header for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32
    for row in rows:
        sheet.append([neutralise_formula(v) if isinstance(v, str) else v for v in row])
    last = VALIDATED_ROWS + 1
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        cells = f"{letter}2:{letter}{last}"
        # Column-wide formats (no pre-made empty cells): text keeps "1-08290-59-004" as typed.
        if column.kind in (ColumnKind.RIZIV, ColumnKind.POSTAL_CODE):
            sheet.column_dimensions[letter].number_format = "@"
        elif column.kind == ColumnKind.DATE:
            sheet.column_dimensions[letter].number_format = "DD/MM/YYYY"
        if column.choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=column.header,
                error=f"Kies uit: {', '.join(column.choices)}.",
            )
        else:
            validation = DataValidation(allow_blank=True)
        validation.showInputMessage = True
        validation.promptTitle = column.header[:32]
        validation.prompt = (column.hint or column.header)[:255]
        validation.add(cells)
        sheet.add_data_validation(validation)
