"""Each rule with a value that passes and one that fails; no database."""

from __future__ import annotations

import io

import pytest

from excel_intake import engine
from excel_intake.rules import RULES, Severity, riziv_check_ok, riziv_digits

from .conftest import GOOD_RIZIV, GOOD_RIZIV_89, context, good_row, xlsx


def problems_for(row: list, ctx=None, rows=None) -> list:  # noqa: ANN001
    data = xlsx(rows if rows is not None else [row])
    result = engine.validate_file(io.BytesIO(data), ctx or context())
    return result.all_problems()


def codes(row: list, **kwargs) -> set[str]:
    return {p.code for p in problems_for(row, **kwargs)}


def test_a_good_row_has_no_problem():
    assert problems_for(good_row()) == []


def test_both_public_riziv_examples_pass_their_check_digit_rule():
    assert riziv_check_ok(riziv_digits(GOOD_RIZIV))  # mod 97
    assert riziv_check_ok(riziv_digits(GOOD_RIZIV_89))  # mod 89
    assert codes(good_row(riziv_number=GOOD_RIZIV_89)) == set()


@pytest.mark.parametrize(
    ("column", "good", "bad", "code"),
    [
        ("riziv_number", "1.08290.59.004", "1-08290-59-04", "riziv_format"),
        ("riziv_number", 10829059004, "2-08290-59-004", "riziv_not_doctor"),
        ("riziv_number", "1 08290 59 004", "1-08290-58-004", "riziv_check_digits"),
        ("riziv_number", "1-08290-59-003", "1-08290-59-580", "riziv_not_gp"),
        ("last_name", "Van den Broeck", "", "required"),
        ("last_name", "Peeters", "x" * 101, "too_long"),
        ("sex", "m", "Man", "choice"),
        ("birth_year", "1978", "78", "year_invalid"),
        ("birth_year", 1960, 2015, "birth_year_range"),
        ("postal_code", "9050", "9999", "postal_code_unknown"),
        ("municipality", "gent", "Leuven", "municipality_mismatch"),
        ("practice_form", "Wijkgezondheidscentrum", "praktijk", "choice"),
        ("hours_per_week", "37,75", "abc", "hours_invalid"),
        ("hours_per_week", 80, 80.25, "hours_range"),
        ("hours_per_week", "12.5", "38.1", "hours_quarter"),
        ("accepts_new_patients", "Beperkt", "soms", "choice"),
        ("start_date", "01/09/2024", "31/02/2024", "date_invalid"),
        ("start_date", "2025-06-01", "02/06/2025", "start_in_future"),
        ("end_date", "31/12/2024", "31/08/2020", "end_before_start"),
        ("email", "", "an.peeters@", "email_invalid"),
    ],
)
def test_each_rule_passes_a_good_value_and_flags_a_bad_one(column, good, bad, code):
    from excel_intake.columns import INDEX

    row = good_row()
    row[INDEX[column]] = good
    assert code not in codes(row), f"{good!r} should pass"
    row[INDEX[column]] = bad
    found = problems_for(row)
    assert code in {p.code for p in found}, f"{bad!r} should be flagged {code}"
    problem = next(p for p in found if p.code == code)
    assert problem.line == 2
    assert problem.column == (RULES[code].column or column)
    assert problem.message()  # renders with its parameters


def test_postal_code_outside_the_zone_is_only_a_warning():
    found = problems_for(good_row(postal_code="9100", municipality="Sint-Niklaas"))
    assert [(p.code, p.severity) for p in found] == [("postal_code_outside_zone", Severity.WARNING)]
    assert problems_for(good_row(), ctx=context(zone=None)) == []


def test_an_unknown_municipality_name_is_a_warning_naming_the_right_one():
    found = problems_for(good_row(postal_code="9050", municipality="Gentbrugge"))
    assert [p.code for p in found] == ["municipality_unknown"]
    assert "Gent" in found[0].message()


def test_the_same_riziv_number_twice_flags_both_lines():
    found = problems_for(
        None,
        rows=[
            good_row(),
            good_row(riziv_number="10829059004"),
            good_row(riziv_number="1-01857-48-004"),
        ],
    )
    duplicates = [(p.line, p.code) for p in found]
    assert duplicates == [(2, "duplicate_riziv"), (3, "duplicate_riziv")]


def test_a_gp_on_another_circles_current_list_is_a_warning():
    ctx = context(other_circles=frozenset({"10829059"}))
    found = problems_for(good_row(), ctx=ctx)
    assert [(p.code, p.severity) for p in found] == [("other_circle", Severity.WARNING)]
    assert "andere huisartsenkring" in found[0].message()


def test_every_rule_has_a_severity_title_and_a_dutch_and_english_message():
    from django.utils import translation

    for rule in RULES.values():
        assert rule.severity in (Severity.ERROR, Severity.WARNING)
        with translation.override("nl"):
            dutch = str(rule.message)
        with translation.override("en"):
            english = str(rule.message)
        assert dutch != english, rule.code
