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

from .columns import GP_LIST, INSTRUCTIONS_SHEET, ColumnKind, Layout
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
    layout: Layout = GP_LIST,
    instructions: list[str] | None = None,
    attribution: str = DATA_ATTRIBUTION,
) -> None:
    """Write the template, prefilled with `rows` (the circle's last accepted list) if given.
    Another layout brings its own instruction lines (the first is the title)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = INSTRUCTIONS_SHEET
    _write_instructions(sheet, circle_name, layout, instructions or INSTRUCTIONS, attribution)
    data = workbook.create_sheet(layout.data_sheet)
    _write_data_sheet(data, rows, layout)
    marker = workbook.create_sheet(layout.marker_sheet)
    marker.append([layout.marker_text, layout.template_version])
    marker.sheet_state = "veryHidden"
    workbook.active = 1
    workbook.save(target)


def _write_instructions(
    sheet: Any, circle_name: str, layout: Layout, lines: list[str], attribution: str
) -> None:
    lines = list(lines)
    if circle_name:
        lines[0] = f"{lines[0]} – {circle_name}"
    for line in lines:
        sheet.append([line])
    for column in layout.columns:
        optional = "" if column.required else " (optioneel)"
        choices = f" Keuze: {', '.join(column.choices)}." if column.choices else ""
        sheet.append([f"• {column.header}{optional}: {column.hint}{choices}".strip()])
    sheet.append([""])
    sheet.append([f"Templateversie {layout.template_version}. {attribution}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 110


def _write_data_sheet(sheet: Any, rows: Iterable[list[Any]], layout: Layout) -> None:
    sheet.append([column.header for column in layout.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32
    for row in rows:
        sheet.append([neutralise_formula(v) if isinstance(v, str) else v for v in row])
    last = VALIDATED_ROWS + 1
    for index, column in enumerate(layout.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        cells = f"{letter}2:{letter}{last}"
        # Column-wide formats (no pre-made empty cells): text keeps "1-08290-59-004" as typed.
        if column.kind in (ColumnKind.RIZIV, ColumnKind.POSTAL_CODE, ColumnKind.CODE):
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
