"""Every validation rule of the GP list, declared once, and the row checks that apply them.

A rule has a code, a severity (an error blocks submission, a warning does not), a column (or
none for the whole file) and a message in Dutch (English through the catalogue) that names the
offending value and says what to do. Checks are plain functions over text cells; every lookup
(postal codes, the circle's zone, other circles' GPs) comes in a `RuleContext` built once per
file, so no query runs per row. No ORM here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from operator import gt, itemgetter
from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .columns import BY_KEY, COLUMNS, INDEX, KEYS, ColumnKind
from .postcodes import PostalDirectory, directory, place_key


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    column: str | None  # a key of columns.COLUMNS; None for the whole file or row
    message: Promise  # Dutch, with %(value)s and the rule's own parameters
    title: Promise  # a short name for the summary and the filter

    def render(self, value: str, params: dict[str, Any] | None = None) -> str:
        column = BY_KEY[self.column].header if self.column in BY_KEY else ""
        return str(self.message) % {"value": value, "column": column, **(params or {})}


RULES: dict[str, Rule] = {}


def _rule(code: str, severity: Severity, column: str | None, title: Promise, message: Promise):
    if code in RULES:
        raise ValueError(f"rule {code!r} declared twice")
    RULES[code] = Rule(code, severity, column, message, title)


E, W = Severity.ERROR, Severity.WARNING

# --- The whole file (each of these refuses the file with one message) -----------------------------
_rule(
    "file_empty",
    E,
    None,
    _("Leeg bestand"),
    _("Het bestand bevat geen huisartsen. Vul onder de kolomtitels minstens één rij in."),
)
_rule(
    "file_too_large",
    E,
    None,
    _("Bestand te groot"),
    _("Het bestand is groter dan %(limit_mb)s MB. Verwijder lege werkbladen of afbeeldingen."),
)
_rule(
    "too_many_rows",
    E,
    None,
    _("Te veel rijen"),
    _("Het bestand heeft meer dan %(limit)s rijen. Dien je lijst in delen in of vraag hulp."),
)
_rule(
    "file_other_format",
    E,
    None,
    _("Ander bestandsformaat"),
    _(
        "Dit is een %(found)s-bestand. Open het in Excel en kies Bestand › Opslaan als › "
        "Excel-werkmap (.xlsx); laad dat bestand op."
    ),
)
_rule(
    "file_not_spreadsheet",
    E,
    None,
    _("Geen Excel-bestand"),
    _(
        "Dit bestand is geen Excel-werkmap (.xlsx) of CSV, wat de naam ook zegt. "
        "Bewaar je lijst in Excel als .xlsx en laad dat bestand op."
    ),
)
_rule(
    "file_encrypted",
    E,
    None,
    _("Beveiligd met wachtwoord"),
    _(
        "Het bestand is beveiligd met een wachtwoord. Haal het wachtwoord weg (Bestand › Info › "
        "Werkmap beveiligen) en bewaar opnieuw als .xlsx."
    ),
)
_rule(
    "file_broken",
    E,
    None,
    _("Beschadigd bestand"),
    _("Het bestand is beschadigd of onvolledig. Bewaar het opnieuw als .xlsx en probeer nog eens."),
)
_rule(
    "file_unsafe",
    E,
    None,
    _("Onveilig bestand"),
    _(
        "Het bestand is geweigerd omdat het onderdelen bevat die we om veiligheidsredenen niet "
        "openen (%(reason)s). Kopieer je gegevens naar de template en bewaar als .xlsx."
    ),
)
_rule(
    "template_outdated",
    E,
    None,
    _("Oude template"),
    _(
        "Je gebruikt versie %(found)s van de template; de huidige versie is %(current)s. "
        "Download de nieuwe template en neem je gegevens over."
    ),
)
_rule(
    "template_wrong",
    E,
    None,
    _("Verkeerde kolommen"),
    _(
        "Rij 1 heeft niet de kolomtitels van de template. Ontbrekend: %(missing)s. "
        "Dubbel: %(duplicated)s. Download de template en neem de kolomtitels exact over."
    ),
)
_rule(
    "extra_columns",
    W,
    None,
    _("Onbekende kolommen"),
    _("Deze kolommen kennen we niet en lezen we niet in: %(value)s."),
)

# --- One cell -------------------------------------------------------------------------------------
_rule(
    "required",
    E,
    None,
    _("Verplicht veld leeg"),
    _("Vul %(column)s in; dit veld is verplicht."),
)
_rule(
    "too_long",
    E,
    None,
    _("Te lange waarde"),
    _("%(column)s is te lang: maximaal %(limit)s tekens. Kort de waarde in."),
)
_rule(
    "riziv_format",
    E,
    "riziv_number",
    _("RIZIV-nummer: formaat"),
    _("“%(value)s” is geen RIZIV-nummer. Vul een RIZIV-nummer van 11 cijfers in."),
)
_rule(
    "riziv_not_doctor",
    E,
    "riziv_number",
    _("RIZIV-nummer: geen arts"),
    _("RIZIV-nummer “%(value)s” is geen artsennummer: dat begint met 1. Kijk het nummer na."),
)
_rule(
    "riziv_check_digits",
    E,
    "riziv_number",
    _("RIZIV-nummer: controlecijfers"),
    _(
        "De controlecijfers van RIZIV-nummer “%(value)s” kloppen niet. Kijk na of je geen "
        "cijfers verwisselde."
    ),
)
_rule(
    "riziv_not_gp",
    E,
    "riziv_number",
    _("RIZIV-nummer: geen huisarts"),
    _(
        "RIZIV-nummer “%(value)s” heeft bekwaamheidscode %(qualification)s; dat is geen code voor "
        "huisartsen (%(allowed)s)."
    ),
)
_rule(
    "duplicate_riziv",
    E,
    "riziv_number",
    _("Dubbele huisarts"),
    _("RIZIV-nummer “%(value)s” staat meer dan eens in het bestand (ook op rij %(other)s)."),
)
_rule(
    "other_circle",
    W,
    "riziv_number",
    _("Ook bij een andere kring"),
    _(
        "Huisarts met RIZIV-nummer “%(value)s” staat ook op de huidige lijst van een andere "
        "huisartsenkring. Kijk na of dat klopt."
    ),
)
_rule(
    "choice",
    E,
    None,
    _("Waarde niet in de lijst"),
    _("“%(value)s” kan niet in %(column)s. Kies uit: %(options)s."),
)
_rule(
    "year_invalid",
    E,
    "birth_year",
    _("Geboortejaar: formaat"),
    _("“%(value)s” is geen jaartal. Vul vier cijfers in, bv. 1978."),
)
_rule(
    "birth_year_range",
    E,
    "birth_year",
    _("Geboortejaar onmogelijk"),
    _("Geboortejaar %(value)s kan niet: kies een jaar tussen %(low)s en %(high)s."),
)
_rule(
    "postal_code_unknown",
    E,
    "postal_code",
    _("Postcode bestaat niet"),
    _("“%(value)s” is geen bestaande Belgische postcode. Vul de postcode van 4 cijfers in."),
)
_rule(
    "postal_code_outside_zone",
    W,
    "postal_code",
    _("Postcode buiten het werkingsgebied"),
    _(
        "Postcode %(value)s ligt niet in het werkingsgebied van je kring. Klopt het adres? "
        "Is het werkingsgebied onvolledig, laat het ons weten via Berichten."
    ),
)
_rule(
    "municipality_mismatch",
    E,
    "municipality",
    _("Gemeente past niet bij postcode"),
    _("Postcode %(postal_code)s hoort bij %(expected)s, niet bij “%(value)s”."),
)
_rule(
    "municipality_unknown",
    W,
    "municipality",
    _("Gemeente onbekend"),
    _(
        "“%(value)s” kennen we niet als gemeente. Postcode %(postal_code)s hoort bij "
        "%(expected)s; vul de gemeente in, niet de deelgemeente."
    ),
)
_rule(
    "hours_invalid",
    E,
    "hours_per_week",
    _("Uren: geen getal"),
    _("“%(value)s” is geen aantal uren. Vul een getal in, bv. 38 of 37,75."),
)
_rule(
    "hours_range",
    E,
    "hours_per_week",
    _("Uren buiten 0–80"),
    _("%(value)s uur per week kan niet: vul een aantal tussen 0 en 80 in."),
)
_rule(
    "hours_quarter",
    E,
    "hours_per_week",
    _("Uren niet per kwartier"),
    _("%(value)s uur: rond af op een kwartier (,25 ,5 of ,75)."),
)
_rule(
    "date_invalid",
    E,
    None,
    _("Ongeldige datum"),
    _("“%(value)s” is geen geldige datum in %(column)s. Schrijf de datum als dd/mm/jjjj."),
)
_rule(
    "start_in_future",
    E,
    "start_date",
    _("Startdatum in de toekomst"),
    _("Startdatum %(value)s ligt in de toekomst. Vermeld alleen huisartsen die al starten."),
)
_rule(
    "end_before_start",
    E,
    "end_date",
    _("Einddatum vóór startdatum"),
    _("Einddatum %(value)s ligt vóór de startdatum %(start)s. Kijk beide datums na."),
)
_rule(
    "email_invalid",
    E,
    "email",
    _("Ongeldig e-mailadres"),
    _("“%(value)s” is geen geldig e-mailadres. Schrijf het als naam@voorbeeld.be of laat leeg."),
)

FILE_LEVEL_CODES = frozenset(code for code, rule in RULES.items() if rule.column is None) - {
    "required",
    "too_long",
    "choice",
    "date_invalid",
}


# --- Problems -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Problem:
    """A problem on a line (and cell). Another upload with its own rules and columns subclasses
    it, overriding `rules` and `columns` (e.g. gp_accessibility's indicator problems)."""

    rules: ClassVar[dict[str, Rule]] = RULES
    columns: ClassVar[dict[str, Any]] = BY_KEY

    line: int  # Excel's row number (1 = header)
    column: str  # a column key, or "" for the whole file
    code: str
    value: str = ""
    params: dict[str, Any] | None = None

    @property
    def rule(self) -> Rule:
        return self.rules[self.code]

    @property
    def severity(self) -> str:
        return self.rules[self.code].severity

    @property
    def header(self) -> str:
        return self.columns[self.column].header if self.column else ""

    def message(self) -> str:
        return self.rule.render(self.value, {**(self.params or {}), "column": self.header})

    def as_tuple(self) -> list[Any]:
        return [self.line, self.column, self.code, self.value, self.params or {}]

    @classmethod
    def from_tuple(cls, data: list[Any]) -> Problem:
        return cls(data[0], data[1], data[2], data[3], data[4] or None)


class Invalid(Exception):  # noqa: N818 - control flow inside a check, never escapes
    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params


# --- What the rules need to know, loaded once per file --------------------------------------------


@dataclass(frozen=True)
class RuleContext:
    today: date
    qualification_codes: frozenset[str]
    # The circle's postal codes; None when the agency has not set them (no zone check).
    zone: frozenset[str] | None = None
    # RIZIV person keys (first 8 digits) on other circles' current lists.
    other_circles: frozenset[str] = frozenset()
    postal: PostalDirectory = field(default_factory=directory)


# --- Cell checks: text in, clean value out (or Invalid) -------------------------------------------

_RIZIV_NOISE = str.maketrans("", "", " -./_\u00a0")


def riziv_digits(text: str) -> str:
    """The 11 digits a person means, typed with dashes, dots or spaces."""
    return text.translate(_RIZIV_NOISE)


def riziv_check_ok(digits: str) -> bool:
    """Check digits: 97 − (base mod 97), or 89 − (base mod 89) for numbers since April 2019."""
    base = int(digits[:6])
    check = int(digits[6:8])
    return check in (97 - base % 97, 89 - base % 89)


def format_riziv(digits: str) -> str:
    return f"{digits[0]}-{digits[1:6]}-{digits[6:8]}-{digits[8:]}" if len(digits) == 11 else digits


def check_riziv(text: str, ctx: RuleContext) -> str:
    digits = riziv_digits(text)
    if len(digits) != 11 or not (digits.isascii() and digits.isdigit()):
        raise Invalid("riziv_format")
    if digits[0] != "1":
        raise Invalid("riziv_not_doctor")
    if not riziv_check_ok(digits):
        raise Invalid("riziv_check_digits")
    if digits[8:] not in ctx.qualification_codes:
        raise Invalid(
            "riziv_not_gp",
            qualification=digits[8:],
            allowed=", ".join(sorted(ctx.qualification_codes)),
        )
    return digits


def _choices(column_key: str) -> dict[str, str]:
    return {choice.casefold(): choice for choice in BY_KEY[column_key].choices}


_CHOICES = {c.key: _choices(c.key) for c in COLUMNS if c.kind == ColumnKind.CHOICE}


def check_choice(text: str, column_key: str) -> str:
    found = _CHOICES[column_key].get(text.casefold())
    if found is None:
        raise Invalid("choice", options=", ".join(BY_KEY[column_key].choices))
    return found


def _choice_check(column_key: str) -> Any:
    choices = _CHOICES[column_key]
    options = ", ".join(BY_KEY[column_key].choices)

    def check(text: str, ctx: RuleContext) -> str:
        found = choices.get(text.casefold())
        if found is None:
            raise Invalid("choice", options=options)
        return found

    return check


def check_birth_year(text: str, ctx: RuleContext) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise Invalid("year_invalid")
    year = int(text)
    low, high = ctx.today.year - 100, ctx.today.year - 20
    if not low <= year <= high:
        raise Invalid("birth_year_range", low=low, high=high)
    return year


def check_postal_code(text: str, ctx: RuleContext) -> str:
    code = text.upper().removeprefix("B-").removeprefix("B").strip()
    if not ctx.postal.exists(code):
        raise Invalid("postal_code_unknown")
    return code


def check_hours(text: str, ctx: RuleContext | None = None) -> Decimal:
    if ":" in text:  # "37:45" typed as a duration
        hours, _sep, minutes = text.partition(":")
        if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
            raise Invalid("hours_invalid")
        value = int(hours) + int(minutes) / 60
    else:
        try:
            value = float(text.replace(",", "."))
        except ValueError as error:
            raise Invalid("hours_invalid") from error
        if value != value or value in (float("inf"), float("-inf")):
            raise Invalid("hours_invalid")
    if not 0 <= value <= 80:
        raise Invalid("hours_range")
    quarters = value * 4
    if abs(quarters - round(quarters)) > 1e-6:
        raise Invalid("hours_quarter")
    return Decimal(round(quarters)) / 4


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?$")
EXCEL_EPOCH = date(1899, 12, 30)


def check_date(text: str, ctx: RuleContext | None = None) -> date:
    """dd/mm/jjjj (also with - or .), jjjj-mm-dd, or an Excel serial day number."""
    if len(text) == 10 and text[2] == "/" and text[5] == "/" and text.isascii():
        try:  # the common case, and how Excel dates are read
            return date(int(text[6:]), int(text[3:5]), int(text[:2]))
        except ValueError as error:
            raise Invalid("date_invalid") from error
    match = _DMY.match(text)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        match = _ISO.match(text)
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
        if text.isascii() and text.isdigit() and 1 <= int(text) <= 2_958_465:
            return EXCEL_EPOCH + timedelta(days=int(text))
    except ValueError as error:  # 31/02/2024
        raise Invalid("date_invalid") from error
    raise Invalid("date_invalid")


def format_date(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


_EMAIL = re.compile(
    r"^(?!\.)[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+(?<!\.)@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


def check_email(text: str, ctx: RuleContext | None = None) -> str:
    """A plain address (name@domain.tld); a precompiled pattern, cheap for 100,000 rows."""
    if not _EMAIL.match(text) or ".." in text:
        raise Invalid("email_invalid")
    return text.lower()


@lru_cache(maxsize=8192)
def _place(text: str) -> str:
    return place_key(text)


# --- One row --------------------------------------------------------------------------------------

_I = INDEX
_MAX_LENGTH = tuple(column.max_length for column in COLUMNS)
_REQUIRED = tuple(i for i, column in enumerate(COLUMNS) if column.required)
_pick_required = itemgetter(*_REQUIRED)
_TEXT_FIELDS = tuple(
    (column.key, i) for i, column in enumerate(COLUMNS) if column.kind == ColumnKind.TEXT
)
# (key, index, check) in column order; text columns need no check.
_CHECKS: tuple[tuple[str, int, Any], ...] = tuple(
    (key, INDEX[key], check)
    for key, check in (
        ("riziv_number", check_riziv),
        ("sex", _choice_check("sex")),
        ("birth_year", check_birth_year),
        ("postal_code", check_postal_code),
        ("practice_form", _choice_check("practice_form")),
        ("hours_per_week", check_hours),
        ("accepts_new_patients", _choice_check("accepts_new_patients")),
        ("start_date", check_date),
        ("end_date", check_date),
        ("email", check_email),
    )
)


def _cell_problems(
    line: int, cells: list[str], lengths: list[int], problems: list[Problem]
) -> list[bool]:
    """Empty required cells and too long cells; which cells the other checks may read."""
    usable = []
    for index, length in enumerate(lengths):
        if not length:
            usable.append(False)
            if index in _REQUIRED:
                problems.append(Problem(line, KEYS[index], "required"))
        elif length > _MAX_LENGTH[index]:
            usable.append(False)
            text = cells[index]
            shown = text if length <= 60 else text[:60] + "…"
            problems.append(
                Problem(line, KEYS[index], "too_long", shown, {"limit": _MAX_LENGTH[index]})
            )
        else:
            usable.append(True)
    return usable


def check_row(
    line: int, cells: list[str], ctx: RuleContext, problems: list[Problem], max_chars: int = 0
) -> dict[str, Any]:
    """Check one row; append its problems; return the clean values of the cells that passed."""
    lengths = [*map(len, cells)]
    if 0 in _pick_required(lengths) or any(map(gt, lengths, _MAX_LENGTH)):
        usable = _cell_problems(line, cells, lengths, problems)
    else:
        usable = lengths  # every cell with text is usable (0 = empty)
    clean: dict[str, Any] = {}
    for key, index in _TEXT_FIELDS:
        if usable[index]:
            clean[key] = cells[index]
    for key, index, check in _CHECKS:
        if usable[index]:
            try:
                clean[key] = check(cells[index], ctx)
            except Invalid as invalid:
                problems.append(Problem(line, key, invalid.code, cells[index], invalid.params))
    if usable[_I["municipality"]] and "postal_code" in clean:
        _check_municipality(line, cells[_I["municipality"]], clean["postal_code"], ctx, problems)
    start = clean.get("start_date")
    if start:
        _check_dates(line, start, clean.get("end_date"), ctx, problems)
    postal_code = clean.get("postal_code")
    if postal_code and ctx.zone is not None and postal_code not in ctx.zone:
        problems.append(Problem(line, "postal_code", "postal_code_outside_zone", postal_code))
    riziv = clean.get("riziv_number")
    if riziv and riziv[:8] in ctx.other_circles:
        problems.append(Problem(line, "riziv_number", "other_circle", cells[0]))
    return clean


def _check_municipality(
    line: int, text: str, code: str, ctx: RuleContext, problems: list[Problem]
) -> None:
    key = _place(text)
    if key in ctx.postal.accepted[code]:
        return
    params = {"postal_code": code, "expected": " / ".join(ctx.postal.names(code))}
    if key in ctx.postal.all_municipalities:
        problems.append(Problem(line, "municipality", "municipality_mismatch", text, params))
    else:
        problems.append(Problem(line, "municipality", "municipality_unknown", text, params))


def _check_dates(
    line: int, start: date, end: date | None, ctx: RuleContext, problems: list[Problem]
) -> None:
    if start > ctx.today:
        problems.append(Problem(line, "start_date", "start_in_future", format_date(start)))
    if end and end < start:
        problems.append(
            Problem(
                line,
                "end_date",
                "end_before_start",
                format_date(end),
                {"start": format_date(start)},
            )
        )


# --- A whole file ---------------------------------------------------------------------------------


@dataclass
class Summary:
    rows_read: int = 0
    rows_with_errors: int = 0
    rows_with_warnings: int = 0
    errors: int = 0
    warnings: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)
    errors_per_line: dict[int, int] = field(default_factory=dict)

    @property
    def can_submit(self) -> bool:
        return self.rows_read > 0 and self.errors == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows_read,
            "rows_with_errors": self.rows_with_errors,
            "rows_with_warnings": self.rows_with_warnings,
            "errors": self.errors,
            "warnings": self.warnings,
            "by_rule": self.by_rule,
            "can_submit": self.can_submit,
        }


def summarise(problems: Iterable[Problem], rows_read: int) -> Summary:
    summary = Summary(rows_read=rows_read)
    warning_lines: set[int] = set()
    for problem in problems:
        summary.by_rule[problem.code] = summary.by_rule.get(problem.code, 0) + 1
        if problem.severity == Severity.ERROR:
            summary.errors += 1
            summary.errors_per_line[problem.line] = summary.errors_per_line.get(problem.line, 0) + 1
        else:
            summary.warnings += 1
            warning_lines.add(problem.line)
    summary.rows_with_errors = len(summary.errors_per_line)
    summary.rows_with_warnings = len(warning_lines)
    return summary


def check_rows(
    records: Iterable[tuple[int, list[str]]],
    ctx: RuleContext,
    *,
    max_chars: int = 1000,
    clean_rows: list[dict[str, Any]] | None = None,
) -> Iterator[Problem]:
    """Check every row and the file as a whole (duplicates); yields problems in line order per
    row, duplicates as they are found. Collects the clean rows when `clean_rows` is given."""
    first_line: dict[str, int] = {}
    flagged_first: set[str] = set()
    riziv_index = _I["riziv_number"]
    for line, cells in records:
        problems: list[Problem] = []
        clean = check_row(line, cells, ctx, problems, max_chars)
        riziv = clean.get("riziv_number")
        if riziv:
            person = riziv[:8]
            earlier = first_line.get(person)
            if earlier is None:
                first_line[person] = line
            else:
                if person not in flagged_first:
                    flagged_first.add(person)
                    yield Problem(
                        earlier,
                        "riziv_number",
                        "duplicate_riziv",
                        format_riziv(riziv),
                        {"other": line},
                    )
                problems.append(
                    Problem(
                        line,
                        "riziv_number",
                        "duplicate_riziv",
                        cells[riziv_index],
                        {"other": earlier},
                    )
                )
        if clean_rows is not None:
            clean["line"] = line
            clean_rows.append(clean)
        yield from problems
