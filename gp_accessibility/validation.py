"""Checking an indicator file with the GP-list engine's pieces: the same file-safety checks and
calamine reader (`excel_intake.parsing.open_table` with this app's `LAYOUT`), the same kind of
line and cell problems (a `Problem` subclass over this app's rule registry), the same summary
and annotated report. No ORM: the known municipalities come from `areas`.

Each rule has a code, a severity (an error blocks saving, a warning does not), a column (or none)
and a Dutch message (English through the catalogue) that names the value and says what to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from excel_intake import rules as intake_rules
from excel_intake.engine import refusal_problem as _intake_refusal
from excel_intake.parsing import IntakeLimits, IntakeRefusal, open_table
from excel_intake.postcodes import place_key
from excel_intake.rules import Rule, Severity, Summary, summarise

from . import areas
from .indicators import BY_KEY as INDICATORS
from .indicators import LAYOUT, NEED_INDICATORS

E, W = Severity.ERROR, Severity.WARNING
RULES: dict[str, Rule] = {}

# The whole-file refusals and the generic cell rules read as well for this file: shared.
for _code in (
    "file_too_large",
    "too_many_rows",
    "file_other_format",
    "file_not_spreadsheet",
    "file_encrypted",
    "file_broken",
    "file_unsafe",
    "template_outdated",
    "template_wrong",
    "extra_columns",
    "required",
    "too_long",
):
    RULES[_code] = intake_rules.RULES[_code]


def _rule(code: str, severity: Severity, column: str | None, title: Promise, message: Promise):
    if code in RULES:
        raise ValueError(f"rule {code!r} declared twice")
    RULES[code] = Rule(code, severity, column, message, title)


_rule(
    "file_empty",
    E,
    None,
    _("Leeg bestand"),
    _("Het bestand bevat geen cijfers. Vul onder de kolomtitels minstens één rij in."),
)
_rule(
    "code_format",
    E,
    "area_code",
    _("NIS-code: formaat"),
    _(
        "“%(value)s” is geen NIS-code. Vul de 5 cijfers van een gemeente in (bv. 44021) of de "
        "code van een statistische sector (bv. 44021A00-)."
    ),
)
_rule(
    "code_unknown",
    E,
    "area_code",
    _("Onbekende gemeente"),
    _(
        "NIS-code %(value)s is geen Belgische gemeente (codes van 1 januari 2025, na de "
        "gemeentefusies). Kijk de code na."
    ),
)
_rule(
    "code_outside",
    W,
    "area_code",
    _("Buiten Vlaanderen en Brussel"),
    _(
        "NIS-code %(value)s (%(name)s) ligt niet in Vlaanderen of Brussel. Deze rij wordt niet "
        "opgeslagen."
    ),
)
_rule(
    "name_mismatch",
    W,
    "name",
    _("Naam past niet bij de code"),
    _("NIS-code %(code)s is %(expected)s, niet “%(value)s”. Kijk na of de code klopt."),
)
_rule(
    "year_invalid",
    E,
    "year",
    _("Jaar: formaat"),
    _("“%(value)s” is geen jaartal. Vul vier cijfers in, bv. 2024."),
)
_rule(
    "year_range",
    E,
    "year",
    _("Jaar buiten bereik"),
    _("Jaar %(value)s kan niet: kies een jaar tussen %(low)s en %(high)s."),
)
_rule(
    "number_invalid",
    E,
    None,
    _("Geen getal"),
    _("“%(value)s” is geen getal in %(column)s. Vul een getal in, bv. 12,5."),
)
_rule(
    "share_range",
    E,
    None,
    _("Percentage buiten 0–100"),
    _("%(value)s kan niet in %(column)s: vul een percentage tussen 0 en 100 in."),
)
_rule(
    "value_range",
    E,
    None,
    _("Waarde buiten bereik"),
    _("%(value)s kan niet in %(column)s: vul een waarde tussen %(low)s en %(high)s in."),
)
_rule(
    "population_invalid",
    E,
    "population",
    _("Inwoners: geen aantal"),
    _("“%(value)s” is geen aantal inwoners: vul een geheel getal groter dan 0 in."),
)
_rule(
    "area_invalid",
    E,
    "area_km2",
    _("Oppervlakte onmogelijk"),
    _("%(value)s km² kan niet: vul een oppervlakte groter dan 0 in."),
)
_rule(
    "density_unusual",
    W,
    "area_km2",
    _("Ongewone bevolkingsdichtheid"),
    _(
        "Dat geeft %(density)s inwoners per km², wat ongewoon is. Kijk het aantal inwoners en "
        "de oppervlakte (in km², niet in ha) na."
    ),
)
_rule(
    "duplicate_area",
    E,
    "area_code",
    _("Dubbele rij"),
    _(
        "NIS-code %(value)s staat meer dan eens voor %(year)s in het bestand (ook op rij "
        "%(other)s)."
    ),
)
_rule(
    "mixed_levels",
    E,
    "area_code",
    _("Gemeente en sectoren samen"),
    _(
        "Voor gemeente %(municipality)s staan in %(year)s zowel cijfers voor de hele gemeente "
        "als voor statistische sectoren (ook rij %(other)s). Kies één van beide."
    ),
)
_rule(
    "share_as_fraction",
    W,
    None,
    _("Breuken in plaats van percentages?"),
    _(
        "Alle waarden in %(column)s zijn 1 of kleiner. Zijn het breuken (0,12) in plaats van "
        "percentages (12)? Vul percentages tussen 0 en 100 in."
    ),
)


class IndicatorProblem(intake_rules.Problem):
    """A problem of an indicator file: the GP list's Problem over this file's rules and columns."""

    __slots__ = ()
    rules = RULES
    columns = LAYOUT.by_key


class Invalid(Exception):  # noqa: N818 - control flow inside a check, never escapes
    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params


# --- Cell checks --------------------------------------------------------------------------------

MUNICIPALITY_CODE = re.compile(r"^\d{5}$")
SECTOR_CODE = re.compile(r"^(\d{5})[A-Z]\d{2}[0-9A-Z-]$")


def check_code(text: str) -> tuple[str, str]:
    """(area code, municipality code) from a NIS code or a statistical sector code."""
    code = text.strip().upper()
    if MUNICIPALITY_CODE.match(code):
        municipality = code
    else:
        match = SECTOR_CODE.match(code)
        if not match:
            raise Invalid("code_format")
        municipality = match[1]
    found = areas.municipalities().get(municipality)
    if found is None:
        raise Invalid("code_unknown")
    return code, municipality


THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_number(text: str, *, grouping: bool = False) -> float:
    """12,5 / 12.5 / 1.234,5 / 1 234 / 12,5% / € 21.350 as a person means them. With
    `grouping` (counts and amounts, never below 1,000 in practice) "21.350" is 21350, as
    written in Belgium; otherwise a lone dot is a decimal point (as Excel's numbers are read)."""
    cleaned = text.replace("%", "").replace("€", "").replace("\u00a0", "").replace("\u202f", "")
    cleaned = cleaned.replace(" ", "").strip()
    if grouping and THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    elif "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")  # 1.234,5
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif cleaned.count(".") > 1:
        cleaned = cleaned.replace(".", "")  # 1.234.567
    try:
        value = float(cleaned)
    except ValueError as error:
        raise Invalid("number_invalid") from error
    if value != value or value in (float("inf"), float("-inf")):
        raise Invalid("number_invalid")
    return value


def check_year(text: str, today: date) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise Invalid("year_invalid")
    year = int(text)
    low, high = 2000, today.year
    if not low <= year <= high:
        raise Invalid("year_range", low=low, high=high)
    return year


def check_population(text: str) -> int:
    try:
        value = parse_number(text, grouping=True)
    except Invalid as error:
        raise Invalid("population_invalid") from error
    if value <= 0 or not value.is_integer():
        raise Invalid("population_invalid")
    return int(value)


def check_area(text: str) -> float:
    value = parse_number(text)
    if value <= 0:
        raise Invalid("area_invalid")
    return value


def check_indicator(key: str, text: str) -> float:
    indicator = INDICATORS[key]
    value = parse_number(text, grouping=not indicator.is_share)
    if not indicator.low <= value <= indicator.high:
        if indicator.is_share:
            raise Invalid("share_range")
        raise Invalid("value_range", low=f"{indicator.low:g}", high=f"{indicator.high:g}")
    return value


# --- Rows and the whole file ----------------------------------------------------------------------

KEYS = LAYOUT.keys
INDEX = LAYOUT.index
DENSITY_RANGE = (5, 30_000)  # inhabitants per km²; outside is a warning (e.g. area in hectares)


def check_row(line: int, cells: list[str], today: date, problems: list[Any]) -> dict[str, Any]:
    """Check one row; append its problems; return the clean values of the cells that passed."""
    clean: dict[str, Any] = {"line": line}
    for column in LAYOUT.columns:
        text = cells[INDEX[column.key]]
        if not text:
            if column.required:
                problems.append(IndicatorProblem(line, column.key, "required"))
            continue
        if len(text) > column.max_length:
            shown = text if len(text) <= 60 else text[:60] + "…"
            problems.append(
                IndicatorProblem(line, column.key, "too_long", shown, {"limit": column.max_length})
            )
            continue
        try:
            if column.key == "area_code":
                clean["area_code"], clean["municipality_code"] = check_code(text)
            elif column.key == "name":
                clean["name"] = text
            elif column.key == "year":
                clean["year"] = check_year(text, today)
            elif column.key == "population":
                clean["population"] = check_population(text)
            elif column.key == "area_km2":
                clean["area_km2"] = check_area(text)
            else:
                clean[column.key] = check_indicator(column.key, text)
        except Invalid as invalid:
            problems.append(IndicatorProblem(line, column.key, invalid.code, text, invalid.params))
    municipality = areas.municipalities().get(clean.get("municipality_code", ""))
    if municipality is not None:
        if not municipality.is_covered:
            problems.append(
                IndicatorProblem(
                    line,
                    "area_code",
                    "code_outside",
                    clean["area_code"],
                    {"name": municipality.name},
                )
            )
        is_municipality_row = clean["area_code"] == municipality.code
        name = clean.get("name")
        if name and is_municipality_row and place_key(name) not in municipality.name_keys:
            problems.append(
                IndicatorProblem(
                    line,
                    "name",
                    "name_mismatch",
                    name,
                    {"code": municipality.code, "expected": municipality.name},
                )
            )
    if "population" in clean and "area_km2" in clean:
        density = clean["population"] / clean["area_km2"]
        if not DENSITY_RANGE[0] <= density <= DENSITY_RANGE[1]:
            problems.append(
                IndicatorProblem(
                    line,
                    "area_km2",
                    "density_unusual",
                    cells[INDEX["area_km2"]],
                    {"density": f"{density:,.0f}".replace(",", ".")},
                )
            )
    return clean


def check_rows(
    records: Iterable[tuple[int, list[str]]],
    today: date,
    clean_rows: list[dict[str, Any]],
) -> Iterator[Any]:
    """Every row, then the file as a whole: duplicates, a municipality given both whole and in
    sectors, and share columns that look like fractions."""
    first_line: dict[tuple[str, int], int] = {}
    levels: dict[tuple[str, int], tuple[str, int]] = {}  # (municipality, year) -> (level, line)
    shares = [i.key for i in NEED_INDICATORS if i.is_share]
    largest = dict.fromkeys(shares, -1.0)
    for line, cells in records:
        problems: list[Any] = []
        clean = check_row(line, cells, today, problems)
        code, year = clean.get("area_code"), clean.get("year")
        if code and year:
            earlier = first_line.setdefault((code, year), line)
            if earlier != line:
                problems.append(
                    IndicatorProblem(
                        line, "area_code", "duplicate_area", code, {"year": year, "other": earlier}
                    )
                )
            level = "municipality" if code == clean["municipality_code"] else "sector"
            known = levels.setdefault((clean["municipality_code"], year), (level, line))
            if known[0] != level:
                problems.append(
                    IndicatorProblem(
                        line,
                        "area_code",
                        "mixed_levels",
                        code,
                        {
                            "municipality": clean["municipality_code"],
                            "year": year,
                            "other": known[1],
                        },
                    )
                )
        for key in shares:
            if key in clean:
                largest[key] = max(largest[key], clean[key])
        clean_rows.append(clean)
        yield from problems
    for key in shares:
        if 0 <= largest[key] <= 1 and sum(1 for row in clean_rows if key in row) >= 3:
            yield IndicatorProblem(1, key, "share_as_fraction")


@dataclass
class IndicatorValidation:
    refusal: Any = None
    problems: list[Any] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    clean_rows: list[dict[str, Any]] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def can_save(self) -> bool:
        return self.refusal is None and self.summary.can_submit

    def all_problems(self) -> list[Any]:
        return [self.refusal] if self.refusal else self.problems

    @property
    def years(self) -> list[int]:
        return sorted({row["year"] for row in self.clean_rows if "year" in row})


def problem_order(problem: Any) -> tuple[int, int]:
    return problem.line, INDEX.get(problem.column, -1)


def validate_file(
    fileobj: IO[bytes], *, today: date, limits: IntakeLimits | None = None
) -> IndicatorValidation:
    """Open (safely), read and check an indicator file. The rows are kept (as text) for the
    annotated report; the clean rows for saving."""
    result = IndicatorValidation()
    try:
        table = open_table(fileobj, limits or IntakeLimits(max_rows=50_000), layout=LAYOUT)
        if table.extra_headers:
            result.problems.append(
                IndicatorProblem(
                    table.header_line, "", "extra_columns", ", ".join(table.extra_headers)
                )
            )
        rows = list(table.records())
        result.rows = rows
        result.problems.extend(check_rows(rows, today, result.clean_rows))
        if not rows:
            raise IntakeRefusal("file_empty")
    except IntakeRefusal as refusal:
        generic = _intake_refusal(refusal)
        result.refusal = IndicatorProblem(generic.line, "", generic.code, "", generic.params)
        result.problems, result.clean_rows, result.rows = [], [], []
        result.summary = summarise([result.refusal], 0)
        return result
    result.problems.sort(key=problem_order)
    result.summary = summarise(result.problems, len(result.rows))
    return result
