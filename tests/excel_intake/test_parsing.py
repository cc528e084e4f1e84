"""Reading files as a person means them: line numbers, numbers, dates, headers, markers."""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook

from excel_intake import engine
from excel_intake.columns import DATA_SHEET, HEADERS, TEMPLATE_VERSION
from excel_intake.parsing import IntakeLimits

from .conftest import context, csv_bytes, good_row, xlsx


def check(data: bytes, **kwargs) -> engine.ValidationResult:
    return engine.validate_file(io.BytesIO(data), context(), **kwargs)


def test_line_numbers_are_excels_also_after_blank_rows():
    data = xlsx([good_row(), [], [None] * 16, good_row(riziv_number="1-01857-48-004", sex="?")])
    result = check(data)
    assert [(p.line, p.code) for p in result.problems] == [(5, "choice")]
    assert result.summary.rows_read == 2


def test_header_offset_by_empty_rows_and_columns_keeps_excel_numbering():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    for column, header in enumerate(HEADERS, start=2):
        sheet.cell(row=3, column=column, value=header)
    for column, value in enumerate(good_row(sex="?"), start=2):
        sheet.cell(row=4, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = check(buffer.getvalue())
    assert [(p.line, p.code) for p in result.problems] == [(4, "choice")]
    assert result.source_columns["sex"] == "E"


def test_values_are_read_as_meant_trimmed_numbers_and_dates():
    rows = [
        good_row(
            riziv_number=10829059004.0,
            last_name="  Peeters  ",
            start_date=datetime(2020, 9, 1),  # noqa: DTZ001 - Excel dates are naive
        ),
        good_row(riziv_number="1 01857 48 004", start_date="01/09/2024", hours_per_week="37,75"),
    ]
    result = check(xlsx(rows))
    assert result.problems == []
    _problems, clean, _summary = engine.validate_records(_stored(rows), context())
    assert clean[0]["riziv_number"] == "10829059004"
    assert clean[0]["last_name"] == "Peeters"
    assert clean[0]["start_date"] == date(2020, 9, 1)
    assert clean[1]["start_date"] == date(2024, 9, 1)
    assert str(clean[1]["hours_per_week"]) == "37.75"


def _stored(rows: list[list]) -> list[tuple[int, list[str]]]:
    writer = engine.RowWriter()
    engine.validate_file(io.BytesIO(xlsx(rows)), context(), sink=writer)
    return list(engine.read_rows(writer.close()))


def test_a_file_without_the_marker_is_accepted_and_columns_may_be_in_any_order():
    headers = list(reversed(HEADERS))
    row = list(reversed(good_row()))
    result = check(xlsx([row], headers=headers, marker=None))
    assert result.refusal is None
    assert result.problems == []


def test_an_older_template_version_is_one_clear_error():
    result = check(xlsx([good_row(sex="?")] * 500, marker=TEMPLATE_VERSION - 1))
    assert [p.code for p in result.all_problems()] == ["template_outdated"]
    assert f"versie {TEMPLATE_VERSION - 1}" in result.refusal.message()


def test_wrong_headers_are_one_clear_error_listing_what_is_missing():
    headers = list(HEADERS)
    headers[0] = "RIZIV"
    result = check(xlsx([good_row()] * 300, headers=headers))
    assert [p.code for p in result.all_problems()] == ["template_wrong"]
    assert "RIZIV-nummer" in result.refusal.message()


def test_unknown_extra_columns_are_a_warning():
    result = check(xlsx([[*good_row(), "iets"]], headers=[*HEADERS, "Opmerking"]))
    assert [(p.code, p.value) for p in result.problems] == [("extra_columns", "Opmerking")]


def test_an_empty_file_and_a_file_with_only_headers_are_refused():
    assert check(b"").refusal.code == "file_empty"
    assert check(xlsx([])).refusal.code == "file_empty"
    assert check(xlsx([[], [None] * 16])).refusal.code == "file_empty"


def test_csv_with_semicolons_or_commas_in_utf8_or_windows_1252():
    rows = [good_row(last_name="Vandenbroucke-Çelik")]
    for delimiter, encoding in ((";", "utf-8"), (",", "cp1252"), (";", "utf-8-sig")):
        result = check(csv_bytes(rows, delimiter=delimiter, encoding=encoding))
        assert result.refusal is None, (delimiter, encoding)
        assert result.problems == [], (delimiter, encoding)


def test_a_file_over_the_row_limit_is_refused_with_the_limit():
    result = check(xlsx([good_row()] * 30), limits=IntakeLimits(max_rows=20))
    assert result.refusal.code == "too_many_rows"
    assert "20" in result.refusal.message()
    result = check(csv_bytes([good_row()] * 30), limits=IntakeLimits(max_rows=20))
    assert result.refusal.code == "too_many_rows"


def test_a_file_over_the_size_limit_is_refused_with_the_limit():
    result = check(xlsx([good_row()] * 50), limits=IntakeLimits(max_bytes=1024 * 1024 // 256))
    assert result.refusal.code == "file_too_large"
