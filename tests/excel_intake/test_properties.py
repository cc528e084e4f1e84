"""Property-based: random cell contents and random broken files never raise and never store."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Role
from excel_intake import engine
from excel_intake.columns import COLUMNS
from excel_intake.models import Submission, SubmissionRow, ValidationRun
from excel_intake.rules import RULES

from .conftest import context, csv_bytes, good_row, xlsx

# Text Excel can hold (no control characters openpyxl refuses), plus numbers and dates.
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40
) | st.sampled_from(["=1+1", "+32", "-", "@x", "1-08290-59-004", "31/02/2024", "9000", " ", "ja"])
cell = (
    cell_text
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.dates()
    | st.none()
)
row = st.lists(cell, min_size=len(COLUMNS), max_size=len(COLUMNS))


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(row, min_size=1, max_size=5))
def test_random_cells_never_raise_and_every_problem_renders(rows):
    result = engine.validate_file(io.BytesIO(xlsx(rows)), context())
    for problem in result.all_problems():
        assert problem.code in RULES
        assert problem.message()
        assert problem.line >= 1


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.lists(cell_text, min_size=len(COLUMNS), max_size=len(COLUMNS)), max_size=4))
def test_random_csv_cells_never_raise(rows):
    result = engine.validate_file(io.BytesIO(csv_bytes(rows)), context())
    assert all(problem.message() for problem in result.all_problems())


GOOD = xlsx([good_row()])


def corrupt(data: bytes, position: int, garbage: bytes) -> bytes:
    position %= len(data)
    return data[:position] + garbage + data[position + len(garbage) :]


@settings(max_examples=60, deadline=None)
@given(position=st.integers(0, 10**6), garbage=st.binary(min_size=1, max_size=64))
def test_randomly_broken_workbooks_never_raise(position, garbage):
    result = engine.validate_file(io.BytesIO(corrupt(GOOD, position, garbage)), context())
    assert result.refusal is not None or result.summary.rows_read >= 0
    assert all(problem.message() for problem in result.all_problems())


@settings(max_examples=30, deadline=None)
@given(data=st.binary(max_size=2048))
def test_random_bytes_never_raise(data):
    result = engine.validate_file(io.BytesIO(data), context())
    assert result.refusal is not None or result.problems is not None


@settings(max_examples=25, deadline=None)
@given(
    parts=st.dictionaries(
        st.sampled_from(
            [
                "xl/workbook.xml",
                "[Content_Types].xml",
                "xl/worksheets/sheet1.xml",
                "xl/sharedStrings.xml",
                "x.bin",
            ]
        ),
        st.binary(max_size=300),
        min_size=1,
    )
)
def test_random_zips_that_look_like_workbooks_never_raise(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    result = engine.validate_file(io.BytesIO(buffer.getvalue()), context())
    assert result.refusal is not None or result.summary.rows_read >= 0


@pytest.mark.django_db
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(position=st.integers(0, 10**6), garbage=st.binary(min_size=1, max_size=32))
def test_a_broken_upload_stores_no_rows_and_no_version(cast, position, garbage):
    from excel_intake import services

    from .helpers import upload_file

    run = services.validation_start(
        actor=cast.users[Role.ACCESS_MANAGER],
        circle=cast.organisations["circle_c"],
        upload=upload_file(corrupt(GOOD, position, garbage)),
    )
    assert run.is_finished
    if run.status == ValidationRun.Status.REFUSED:
        assert run.rows is None
    assert not Submission.objects.exists()
    assert not SubmissionRow.objects.exists()
