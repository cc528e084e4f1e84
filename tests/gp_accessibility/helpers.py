"""Indicator files as a person makes them (xlsx or csv), for the tests."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from gp_accessibility.indicators import LAYOUT

HEADERS = list(LAYOUT.headers)


def indicator_row(code: str, name: str = "", year: Any = 2024, population: Any = 10_000,
                  area: Any = 50, *values: Any) -> list[Any]:  # fmt: skip
    values = list(values) or [2.5, 21.0, 9.5, 8.0, 4.1, 21_000]
    return [code, name, year, population, area, *values]


def xlsx(rows: list[list[Any]], headers: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = LAYOUT.data_sheet
    sheet.append(headers or HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]]) -> bytes:
    lines = [";".join(HEADERS)]
    for row in rows:
        lines.append(";".join("" if v is None else str(v) for v in row))
    return ("\n".join(lines) + "\n").encode("utf-8")
