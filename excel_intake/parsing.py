"""Reading a GP list (.xlsx or .csv) into rows of text, as a person means them. No ORM.

    table = open_table(fileobj, limits)       # checks the file, finds the header and marker
    for line, cells in table.records():       # Excel's row numbers, blank rows skipped
        ...

The GP list's columns are the default; another column set (`columns.Layout`) is read the same
way with `open_table(fileobj, limits, layout=...)`.

Every refusal of the whole file (unsafe, wrong kind, too big, wrong or outdated template,
empty) is an `IntakeRefusal` with a rule code from `rules.RULES`; nothing else escapes for
hostile input. Cells come out as trimmed text in the order of the layout's columns, whatever the
column order of the file: numbers without a trailing ".0", Excel dates as dd/mm/yyyy, so the
rules and a later re-validation of stored rows see exactly the same values.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from operator import itemgetter
from typing import IO, Any

import python_calamine

from portal.lib import filesafety
from portal.lib.filesafety import Kind, UnsafeFileError, ZipLimits

from . import columns
from .columns import COLUMNS, GP_LIST, Layout

EMPTY_ROW = ("",) * len(COLUMNS)


@dataclass(frozen=True)
class IntakeLimits:
    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 120_000
    # Longer cells are cut (and reported); no column needs more, Excel allows 32,767.
    max_cell_chars: int = 1000
    zip: ZipLimits = field(default_factory=ZipLimits)


class IntakeRefusal(Exception):  # noqa: N818 - a refusal, not a programming error
    """The whole file is refused with one clear message (see rules.RULES[code])."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# Kinds that are spreadsheets in another format: the person only has to save as .xlsx.
SAVE_AS_XLSX = {
    Kind.OLD_OFFICE: ".xls",
    Kind.XLSM: ".xlsm",
    Kind.XLSB: ".xlsb",
    Kind.ODS: ".ods",
}


def refuse_unsafe(error: UnsafeFileError, limits: IntakeLimits) -> IntakeRefusal:
    if error.code == "too_large":
        return IntakeRefusal("file_too_large", limit_mb=limits.max_bytes // (1024 * 1024))
    if error.code == "encrypted":
        return IntakeRefusal("file_encrypted")
    if error.code == "macros":
        return IntakeRefusal("file_other_format", found=".xlsm")
    if error.code == "broken_zip":
        return IntakeRefusal("file_broken")
    return IntakeRefusal("file_unsafe", reason=error.code)


@dataclass
class Table:
    """An opened data sheet: where each column is, the marker, and an iterator over raw rows."""

    positions: list[int | None]  # per canonical column: its index in the file's rows
    header_line: int  # Excel's row number of the header
    first_column: int  # 0-based column of the range's first cell (calamine skips empty ones)
    total_rows: int  # data rows, counting blank ones (an upper bound for the progress bar)
    raw_rows: Iterator[list[Any]]
    limits: IntakeLimits
    extra_headers: list[str] = field(default_factory=list)
    marker_version: int | None = None

    def records(
        self, progress: Callable[[int, int], None] | None = None, every: int = 2000
    ) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) for every non-blank row; line is the number Excel shows."""
        max_chars = self.limits.max_cell_chars
        max_rows = self.limits.max_rows
        # Missing optional columns read from one index past the row, padded with "".
        width = max((p for p in self.positions if p is not None), default=0) + 1
        indexes = [width if p is None else p for p in self.positions]
        pick = itemgetter(*indexes)
        padding = [""] * (width + 1)
        line = self.header_line
        seen = 0
        identity = indexes == list(range(len(indexes)))
        columns = len(indexes)
        for raw in self.raw_rows:
            line += 1
            seen += 1
            if progress is not None and seen % every == 0:
                progress(seen, self.total_rows)
            if identity and len(raw) == columns:
                values = raw  # the template's own layout: no reordering needed
            else:
                if len(raw) <= width:
                    raw = [*raw, *padding[: width + 1 - len(raw)]]
                values = pick(raw)
            # Text cells (most of them) only need trimming; whole numbers are common too.
            cells = [
                value.strip()
                if value.__class__ is str
                else (
                    str(int(value))
                    if value.__class__ is float and value.is_integer()
                    else display(value, max_chars)
                )
                for value in values
            ]
            if not any(cells):
                continue
            if max(map(len, cells)) > max_chars:
                cells = [display(cell, max_chars) for cell in cells]
            if seen > max_rows:
                raise IntakeRefusal("too_many_rows", limit=max_rows)
            yield line, cells
        if progress is not None:
            progress(seen, max(seen, self.total_rows))


TRUNCATION_MARK = "…"


def display(value: Any, max_chars: int) -> str:
    """A cell as the text a person sees (and means) in Excel."""
    kind = type(value)
    if kind is str:
        text = value.strip()
    elif kind is float:
        if value.is_integer():
            text = str(int(value))
        elif math.isfinite(value):
            text = repr(value)
        else:
            text = ""
    elif kind is int:
        text = str(value)
    elif kind is date:
        text = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    elif kind is datetime:
        text = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
        if value.time() != time(0):
            text += f" {value.hour:02d}:{value.minute:02d}"
    elif kind is bool:
        text = "WAAR" if value else "ONWAAR"
    elif kind is timedelta:
        minutes = round(value.total_seconds() / 60)
        text = f"{minutes // 60}:{minutes % 60:02d}"
    elif kind is time:
        text = f"{value.hour}:{value.minute:02d}"
    elif value is None:
        text = ""
    else:
        text = str(value).strip()
    if len(text) > max_chars:
        return text[:max_chars] + TRUNCATION_MARK
    return text


def was_truncated(text: str, max_chars: int) -> bool:
    return len(text) == max_chars + 1 and text.endswith(TRUNCATION_MARK)


# --- Opening --------------------------------------------------------------------------------------


def open_table(
    fileobj: IO[bytes], limits: IntakeLimits | None = None, layout: Layout = GP_LIST
) -> Table:
    """Check the file (content, not name), then open its data sheet streaming, values only."""
    limits = limits or IntakeLimits()
    size = filesafety.file_size(fileobj)
    if size == 0:
        raise IntakeRefusal("file_empty")
    if size > limits.max_bytes:
        raise IntakeRefusal("file_too_large", limit_mb=limits.max_bytes // (1024 * 1024))
    kind = filesafety.sniff(fileobj)
    if kind in SAVE_AS_XLSX:
        raise IntakeRefusal("file_other_format", found=SAVE_AS_XLSX[kind])
    if kind == Kind.ENCRYPTED_OFFICE:
        raise IntakeRefusal("file_encrypted")
    if kind == Kind.XLSX:
        try:
            filesafety.check_office_zip(fileobj, limits.zip)
        except UnsafeFileError as error:
            raise refuse_unsafe(error, limits) from error
        return _open_xlsx(fileobj, limits, layout)
    if kind == Kind.TEXT:
        return _open_csv(fileobj, limits, layout)
    if kind == Kind.ZIP:
        raise IntakeRefusal("file_broken")
    raise IntakeRefusal("file_not_spreadsheet")


def _open_xlsx(fileobj: IO[bytes], limits: IntakeLimits, layout: Layout) -> Table:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(fileobj)
        names = workbook.sheet_names
        marker_version = _marker_version(workbook, names, layout)
        if marker_version is not None and marker_version != layout.template_version:
            raise IntakeRefusal(
                "template_outdated", found=marker_version, current=layout.template_version
            )
        sheet = workbook.get_sheet_by_name(_data_sheet_name(workbook, names, layout))
        total = sheet.height
        if total - 1 > limits.max_rows:
            raise IntakeRefusal("too_many_rows", limit=limits.max_rows)
        first_row, first_column = sheet.start or (0, 0)
        rows = sheet.iter_rows()
    except python_calamine.PasswordError as error:
        raise IntakeRefusal("file_encrypted") from error
    except (python_calamine.CalamineError, ValueError, OSError, UnicodeError) as error:
        raise IntakeRefusal("file_broken") from error
    # calamine may yield the empty rows above the range; the header is the first row with text.
    header = next((row for row in rows if any(cell not in ("", None) for cell in row)), None)
    if header is None:
        raise IntakeRefusal("file_empty")
    table = _table_from_header(
        [display(cell, limits.max_cell_chars) for cell in header],
        header_line=first_row + 1,
        first_column=first_column,
        total_rows=max(total - 1, 0),
        raw_rows=_guard(rows),
        limits=limits,
        layout=layout,
    )
    table.marker_version = marker_version
    return table


def _guard(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """calamine decodes lazily; a damaged part surfaces while iterating."""
    try:
        yield from rows
    except (python_calamine.CalamineError, ValueError, UnicodeError) as error:
        raise IntakeRefusal("file_broken") from error


def _marker_version(workbook: Any, names: list[str], layout: Layout) -> int | None:
    if layout.marker_sheet not in names:
        return None
    cells = workbook.get_sheet_by_name(layout.marker_sheet).to_python(nrows=1)
    if not cells or len(cells[0]) < 2 or cells[0][0] != layout.marker_text:
        return None
    try:
        return int(float(cells[0][1]))
    except (TypeError, ValueError):
        return 0


def _data_sheet_name(workbook: Any, names: list[str], layout: Layout) -> str:
    """The template's data sheet; in a person's own workbook, the first visible sheet."""
    if layout.data_sheet in names:
        return layout.data_sheet
    for meta in workbook.sheets_metadata:
        if str(meta.visible).endswith("Visible") and meta.name != layout.marker_sheet:
            return meta.name
    raise IntakeRefusal("file_empty")


def _open_csv(fileobj: IO[bytes], limits: IntakeLimits, layout: Layout) -> Table:
    data = fileobj.read(limits.max_bytes + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = _csv_rows(reader)
    header = next(rows, None)
    if header is None or not any(cell.strip() for cell in header):
        raise IntakeRefusal("file_empty")
    return _table_from_header(
        [display(cell, limits.max_cell_chars) for cell in header],
        header_line=1,
        first_column=0,
        total_rows=text.count("\n"),
        raw_rows=rows,
        limits=limits,
        layout=layout,
    )


def _csv_rows(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    try:
        yield from reader
    except csv.Error as error:  # a field over csv's size limit, NUL bytes, ...
        raise IntakeRefusal("file_broken") from error


def _table_from_header(
    header: list[str],
    *,
    header_line: int,
    first_column: int,
    total_rows: int,
    raw_rows: Iterator[list[Any]],
    limits: IntakeLimits,
    layout: Layout = GP_LIST,
) -> Table:
    positions: dict[str, int] = {}
    extra: list[str] = []
    duplicated: list[str] = []
    lookup = layout.header_lookup
    for index, text in enumerate(header):
        if not text:
            continue
        key = lookup.get(columns.header_key(text))
        if key is None:
            extra.append(text[:40])
        elif key in positions:
            duplicated.append(layout.by_key[key].header)
        else:
            positions[key] = index
    missing = [c.header for c in layout.columns if c.required and c.key not in positions]
    if missing or duplicated:
        raise IntakeRefusal(
            "template_wrong",
            missing=", ".join(missing),
            duplicated=", ".join(duplicated),
            found=len(positions),
        )
    return Table(
        positions=[positions.get(key) for key in layout.keys],
        header_line=header_line,
        first_column=first_column,
        total_rows=total_rows,
        raw_rows=raw_rows,
        limits=limits,
        extra_headers=extra,
    )
