"""The annotated report: the uploaded rows with every offending cell coloured and commented,
plus a sheet listing the problems. Written with openpyxl's constant-memory (write-only) mode;
the template marker is kept, so the fixed file can be uploaded again (no ORM)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from portal.lib.spreadsheets import FORMULA_PREFIXES, neutralise_formula

from .columns import GP_LIST, Layout
from .rules import Problem, Severity

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")  # light red
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")  # light yellow
BOLD = Font(bold=True)
AUTHOR = "Zorgportaal"
FORMULA_START = frozenset(FORMULA_PREFIXES)


def write_report(
    rows: Iterable[tuple[int, list[str]]],
    problems: list[Problem],
    target: str | IO[bytes],
    *,
    labels: dict[str, str],
    layout: Layout = GP_LIST,
) -> None:
    """`labels` holds the translated words of the problems sheet (line, column, ...)."""
    by_cell: dict[tuple[int, int], list[Problem]] = defaultdict(list)
    for problem in problems:
        by_cell[(problem.line, layout.index.get(problem.column, 0))].append(problem)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(layout.data_sheet)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(layout.columns):
        letter = chr(65 + index) if index < 26 else "A" + chr(65 + index - 26)
        sheet.column_dimensions[letter].width = column.width
    sheet.append([_bold(sheet, column.header) for column in layout.columns])
    lines = {line for line, _index in by_cell}
    for line, cells in rows:
        out: list[Any] = [
            (neutralise_formula(cell) if cell[0] in FORMULA_START else cell) if cell else None
            for cell in cells
        ]
        if line in lines:
            for index in range(len(out)):
                found = by_cell.get((line, index))
                if found:
                    out[index] = _annotated(sheet, out[index], found)
        sheet.append(out)
    _problem_sheet(workbook, problems, labels)
    marker = workbook.create_sheet(layout.marker_sheet)
    marker.append([layout.marker_text, layout.template_version])
    marker.sheet_state = "veryHidden"
    workbook.save(target)


def _bold(sheet: Any, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = BOLD
    return cell


def _annotated(sheet: Any, value: str, problems: list[Problem]) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    is_error = any(p.severity == Severity.ERROR for p in problems)
    cell.fill = ERROR_FILL if is_error else WARNING_FILL
    text = "\n".join(p.message() for p in problems)
    comment = Comment(text[:2000], AUTHOR)
    comment.width, comment.height = 320, 120
    cell.comment = comment
    return cell


def _problem_sheet(workbook: Workbook, problems: list[Problem], labels: dict[str, str]) -> None:
    sheet = workbook.create_sheet(labels["sheet"][:31])
    sheet.append(
        [
            _bold(sheet, labels["line"]),
            _bold(sheet, labels["column"]),
            _bold(sheet, labels["severity"]),
            _bold(sheet, labels["value"]),
            _bold(sheet, labels["message"]),
        ]
    )
    for problem in problems:
        severity = labels["error"] if problem.severity == Severity.ERROR else labels["warning"]
        sheet.append(
            [
                problem.line,
                problem.header,
                severity,
                neutralise_formula(problem.value),
                neutralise_formula(problem.message()),
            ]
        )
