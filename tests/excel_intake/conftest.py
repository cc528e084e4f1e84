from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook

from excel_intake import samples
from excel_intake.columns import DATA_SHEET, HEADERS, MARKER_SHEET, MARKER_TEXT, TEMPLATE_VERSION
from excel_intake.rules import RuleContext

TODAY = date(2025, 6, 1)
GOOD_RIZIV = "1-08290-59-004"  # fits the mod-97 rule
GOOD_RIZIV_89 = "1-01857-48-004"  # fits the mod-89 rule (numbers since April 2019)


def good_row(**changes) -> list:
    row = {
        "riziv_number": GOOD_RIZIV,
        "last_name": "Peeters",
        "first_name": "An",
        "sex": "V",
        "birth_year": 1978,
        "practice_name": "Praktijk De Linde",
        "street": "Kerkstraat",
        "house_number": "12",
        "postal_code": "9000",
        "municipality": "Gent",
        "practice_form": "groep",
        "hours_per_week": 38,
        "accepts_new_patients": "ja",
        "start_date": date(2020, 9, 1),
        "end_date": None,
        "email": "an.peeters@praktijk.example",
    }
    row.update(changes)
    return list(row.values())


def xlsx(rows: list[list], *, headers=HEADERS, marker: int | None = TEMPLATE_VERSION) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    if marker is not None:
        hidden = workbook.create_sheet(MARKER_SHEET)
        hidden.append([MARKER_TEXT, marker])
        hidden.sheet_state = "veryHidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], *, delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    lines = [delimiter.join(HEADERS)]
    for row in rows:
        lines.append(delimiter.join("" if v is None else str(v) for v in row))
    return ("\n".join(lines) + "\n").encode(encoding)


def context(**changes) -> RuleContext:
    values = {
        "today": TODAY,
        "qualification_codes": frozenset({"003", "004", "005", "006", "007", "008", "009"}),
        "zone": frozenset(samples.GENT),
        "other_circles": frozenset(),
    }
    values.update(changes)
    return RuleContext(**values)


@pytest.fixture
def ctx() -> RuleContext:
    return context()
