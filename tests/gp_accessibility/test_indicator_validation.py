"""The indicator file is checked with the GP-list engine's pieces: safe opening, line and cell
problems with messages that say what to do, warnings that do not block, an annotated report."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from excel_intake.report import write_report
from excel_intake.services import report_labels
from gp_accessibility import validation
from tests.gp_accessibility.helpers import csv_bytes, indicator_row, xlsx

TODAY = date(2026, 6, 1)


def check(data: bytes) -> validation.IndicatorValidation:
    return validation.validate_file(io.BytesIO(data), today=TODAY)


def found(result, line: int | None = None) -> list[tuple[int, str, str]]:  # noqa: ANN001
    return [
        (p.line, p.column, p.code) for p in result.all_problems() if line is None or p.line == line
    ]


def test_a_good_file_can_be_saved():
    result = check(xlsx([indicator_row("44021", "Gent"), indicator_row("44021A00-", "", 2023)]))
    assert result.can_save
    assert found(result) == []
    assert result.years == [2023, 2024]
    gent = result.clean_rows[0]
    assert (gent["area_code"], gent["municipality_code"], gent["population"]) == (
        "44021",
        "44021",
        10_000,
    )
    assert result.clean_rows[1]["municipality_code"] == "44021"


def test_codes_are_checked_against_the_municipalities_of_2025():
    result = check(
        xlsx(
            [
                indicator_row("4402"),  # too short
                indicator_row("99999"),  # no such municipality
                indicator_row("62063", "Luik"),  # Liège: Wallonia
                indicator_row("31005", "Gent"),  # that is Brugge
                indicator_row("44021Z9"),  # not a sector code
            ]
        )
    )
    assert found(result) == [
        (2, "area_code", "code_format"),
        (3, "area_code", "code_unknown"),
        (4, "area_code", "code_outside"),
        (5, "name", "name_mismatch"),
        (6, "area_code", "code_format"),
    ]
    messages = [p.message() for p in result.problems]
    assert "“4402” is geen NIS-code" in messages[0]
    assert "62063 (Luik) ligt niet in Vlaanderen of Brussel" in messages[2]
    assert "NIS-code 31005 is Brugge, niet “Gent”" in messages[3]
    assert [p.severity for p in result.problems] == [
        "error",
        "error",
        "warning",
        "warning",
        "error",
    ]


def test_values_out_of_range_and_not_numbers():
    result = check(
        xlsx(
            [
                indicator_row("44021", "", 2024, 10_000, 50, 120, 21, 9, 8, 4, 21_000),
                indicator_row("31005", "", 2024, "veel", 0, "abc", 21, 9, 8, 4, -5),
                indicator_row("24062", "", 1990, "12,5", 50, 2, 21, 9, 8, 4, 20_000),
            ]
        )
    )
    assert found(result) == [
        (2, "arrears_share", "share_range"),
        (3, "population", "population_invalid"),
        (3, "area_km2", "area_invalid"),
        (3, "arrears_share", "number_invalid"),
        (3, "net_income", "value_range"),
        (4, "year", "year_range"),
        (4, "population", "population_invalid"),
    ]
    by_code = {p.code: p.message() for p in result.problems}
    assert by_code["share_range"] == (
        "120 kan niet in Kredietnemers met achterstal (%): vul een percentage tussen 0 en 100 in."
    )
    assert "“abc” is geen getal in Kredietnemers met achterstal (%)" in by_code["number_invalid"]
    assert "tussen 0 en 250000" in by_code["value_range"]
    assert "kies een jaar tussen 2000 en 2026" in by_code["year_range"]
    assert result.summary.errors_per_line == {2: 1, 3: 4, 4: 2}


def test_required_cells_and_an_empty_indicator():
    result = check(xlsx([["44021", "", 2024, None, 50, None, 21, 9, 8, 4, 21_000]]))
    assert found(result) == [(2, "population", "required")]  # an empty indicator is allowed
    assert result.problems[0].message() == "Vul Inwoners in; dit veld is verplicht."


def test_duplicates_and_a_municipality_given_whole_and_in_sectors():
    result = check(
        xlsx(
            [
                indicator_row("44021"),
                indicator_row("44021"),
                indicator_row("44021A001"),
                indicator_row("44021A001", "", 2023),
            ]
        )
    )
    assert found(result) == [
        (3, "area_code", "duplicate_area"),
        (4, "area_code", "mixed_levels"),
    ]
    assert "ook op rij 2" in result.problems[0].message()


def test_fractions_instead_of_percentages_are_a_warning():
    rows = [indicator_row(code, "", 2024, 10_000, 50, 0.02, 21, 9, 8, 4, 21_000)
            for code in ("44021", "31005", "24062")]  # fmt: skip
    result = check(xlsx(rows))
    assert found(result) == [(1, "arrears_share", "share_as_fraction")]
    assert result.can_save  # a warning does not block


def test_an_implausible_density_is_a_warning():
    result = check(xlsx([indicator_row("44021", "", 2024, 265_000, 1.5)]))  # ha typed as km²
    assert found(result) == [(2, "area_km2", "density_unusual")]
    assert "176.667 inwoners per km²" in result.problems[0].message()


def test_a_csv_with_semicolons_and_decimal_commas():
    data = csv_bytes([["44021", "Gent", "2024", "265.086", "156,18", "2,4", "21,3%", "9,1",
                       "8,0", "4,2", "€ 21.350"]])  # fmt: skip
    result = check(data)
    assert found(result) == []
    row = result.clean_rows[0]
    assert (row["population"], row["area_km2"], row["chronic_share"]) == (265_086, 156.18, 21.3)
    assert row["net_income"] == 21_350


def test_a_file_without_the_columns_is_refused_with_one_message():
    result = check(xlsx([["44021", 2024]], headers=["Code", "Jaar"]))
    assert not result.can_save
    assert result.refusal.code == "template_wrong"
    assert "Ontbrekend: NIS-code, Inwoners, Oppervlakte (km²)" in result.refusal.message()


def test_an_old_excel_file_is_refused_before_any_parser_opens_it():
    result = check(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert result.refusal.code == "file_other_format"


def test_an_empty_file_says_what_to_do():
    result = check(xlsx([]))
    assert result.refusal.code == "file_empty"
    assert result.refusal.message() == (
        "Het bestand bevat geen cijfers. Vul onder de kolomtitels minstens één rij in."
    )


def test_the_annotated_report_colours_and_comments_the_offending_cells():
    result = check(xlsx([indicator_row("44021"), indicator_row("99999", "", 2024, 5)]))
    buffer = io.BytesIO()
    write_report(
        result.rows, result.problems, buffer, labels=report_labels(), layout=validation.LAYOUT
    )
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = workbook["Indicatoren"]
    assert sheet["A3"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "99999 is geen Belgische gemeente" in sheet["A3"].comment.text
    assert sheet["A2"].comment is None
    problems = list(workbook["Problemen"].values)
    assert problems[1][:3] == (3, "NIS-code", "fout")
