"""The Excel of staff who do 100 % one activity outside the framework: template and validation.

Such staff do not register daily; the director submits their total time over the study period
(the seed). This module has no ORM: the service passes in who is expected and which activities
are allowed, and gets back either clean lines or every problem with its line and column, so
nothing is stored unless the whole file is right (the style of the GP-list intake).

    template_bytes(providers, activities)            -> .xlsx with one row per expected person
    parse(content, file_name, expected, activities)  -> Result(lines, errors)
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineError, CalamineWorkbook

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
ZIP_MAGIC = b"PK\x03\x04"
SHEET = "Voltijdse activiteit"
LIST_SHEET = "Activiteiten"
COLUMNS = ("A", "B", "C", "D")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def headers() -> list[str]:
    return [
        _("E-mailadres zorgverlener"),
        _("Naam (ter controle)"),
        _("Activiteit"),
        _("Totale uren in de periode"),
    ]


@dataclass(frozen=True)
class Expected:
    """A person on the list as "100 % one activity", and the most hours they can have worked
    in the period (their contract hours over its working days, plus 20 %)."""

    email: str
    name: str
    max_hours: Decimal = Decimal("0")


@dataclass(frozen=True)
class Line:
    line: int
    email: str
    activity_code: str
    minutes: int


@dataclass(frozen=True)
class LineError:
    line: int | None  # None: about the file as a whole
    column: str
    message: str


@dataclass
class Result:
    lines: list[Line] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_per_line(self) -> dict[int | None, int]:
        counts: dict[int | None, int] = {}
        for error in self.errors:
            counts[error.line] = counts.get(error.line, 0) + 1
        return counts


def template_bytes(providers: list[Expected], activities: dict[str, str]) -> bytes:
    """The template: one row per person on the list as "100 % one activity", a drop-down of
    the allowed activities (labels), hours to fill in."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for provider in providers:
        sheet.append([provider.email, provider.name, None, None])
    for letter, width in zip(COLUMNS, (36, 28, 60, 26), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    choices = workbook.create_sheet(LIST_SHEET)
    for label in activities.values():
        choices.append([label])
    choices.sheet_state = "hidden"
    validation = DataValidation(
        type="list",
        formula1=f"'{LIST_SHEET}'!$A$1:$A${max(1, len(activities))}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Kies een activiteit"),
        error=_("Kies een activiteit uit de lijst."),
    )
    sheet.add_data_validation(validation)
    validation.add(f"C2:C{max(2, len(providers) + 200)}")
    hours = DataValidation(
        type="decimal",
        operator="greaterThan",
        formula1="0",
        showErrorMessage=True,
        error=_("Vul een aantal uren in, bv. 342,5."),
    )
    sheet.add_data_validation(hours)
    hours.add(f"D2:D{max(2, len(providers) + 200)}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _file_problem(content: bytes, file_name: str) -> str:
    if not file_name.lower().endswith(".xlsx"):
        return _("Kies een Excel-bestand (.xlsx); gebruik het sjabloon van deze pagina.")
    if len(content) > MAX_BYTES:
        return _("Het bestand is groter dan 2 MB. Gebruik het sjabloon van deze pagina.")
    if not content.startswith(ZIP_MAGIC):
        return _("Dit is geen geldig .xlsx-bestand. Bewaar het opnieuw als Excel-werkmap (.xlsx).")
    return ""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _hours(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    try:
        return Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None


def parse(
    content: bytes,
    file_name: str,
    *,
    expected: list[Expected],
    activities: dict[str, str],
) -> Result:
    """Validate the whole file; lines only when there is not a single error.

    `activities` maps activity codes to labels; a cell may hold either.
    """
    result = Result()
    problem = _file_problem(content, file_name)
    if problem:
        result.errors.append(LineError(None, "", problem))
        return result
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        name = SHEET if SHEET in workbook.sheet_names else workbook.sheet_names[0]
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except (CalamineError, IndexError, ValueError):
        result.errors.append(
            LineError(
                None,
                "",
                _("We kunnen dit bestand niet lezen. Gebruik het sjabloon van deze pagina."),
            )
        )
        return result
    if len(rows) > MAX_ROWS:
        result.errors.append(
            LineError(None, "", _("Het bestand heeft te veel rijen (meer dan 2.000)."))
        )
        return result
    by_label = {label.casefold(): code for code, label in activities.items()}
    by_code = {code.casefold(): code for code in activities}
    expected_emails = {e.email.casefold(): e for e in expected}
    seen: dict[str, int] = {}
    lines: list[Line] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = [*row, None, None, None, None][:4]
        email, _name, activity_cell, hours_cell = cells
        email_text, activity_text = _text(email), _text(activity_cell)
        if not email_text and not activity_text and _hours(hours_cell) is None:
            continue  # an empty row
        errors: list[LineError] = []
        key = email_text.casefold()
        if not email_text:
            errors.append(LineError(number, "A", _("Vul het e-mailadres van de zorgverlener in.")))
        elif not EMAIL.match(email_text):
            errors.append(
                LineError(
                    number, "A", _("Vul een geldig e-mailadres in, zoals naam@voorziening.be.")
                )
            )
        elif key not in expected_emails:
            errors.append(
                LineError(
                    number,
                    "A",
                    _(
                        "%(email)s staat niet op je lijst als ‘100%% één activiteit’. Pas eerst "
                        "de zorgverlener aan, of verwijder deze rij."
                    )
                    % {"email": email_text},
                )
            )
        elif key in seen:
            errors.append(
                LineError(
                    number,
                    "A",
                    _("%(email)s staat al op regel %(line)s. Eén regel per zorgverlener.")
                    % {"email": email_text, "line": seen[key]},
                )
            )
        code = by_label.get(activity_text.casefold()) or by_code.get(activity_text.casefold())
        if not activity_text:
            errors.append(LineError(number, "C", _("Kies de activiteit uit de lijst.")))
        elif code is None:
            errors.append(
                LineError(
                    number,
                    "C",
                    _(
                        "‘%(value)s’ is geen activiteit van ‘Niet onder het overheidskader "
                        "vallende functies’. Kies er een uit de lijst."
                    )
                    % {"value": activity_text},
                )
            )
        hours = _hours(hours_cell)
        if hours is None:
            errors.append(LineError(number, "D", _("Vul het totale aantal uren in, bv. 342,5.")))
        elif hours <= 0:
            errors.append(LineError(number, "D", _("Vul een aantal uren groter dan 0 in.")))
        elif (hours * 4) % 1:
            errors.append(
                LineError(number, "D", _("Vul uren in per kwartier: ,00 – ,25 – ,50 of ,75."))
            )
        elif key in expected_emails and hours > expected_emails[key].max_hours:
            errors.append(
                LineError(
                    number,
                    "D",
                    _(
                        "%(hours)s uur is meer dan mogelijk in de periode (hoogstens "
                        "%(max)s uur). Kijk het aantal na."
                    )
                    % {"hours": hours, "max": expected_emails[key].max_hours},
                )
            )
        if email_text and key not in seen:
            seen[key] = number
        if errors:
            result.errors.extend(errors)
        else:
            lines.append(Line(number, expected_emails[key].email, code, int(hours * 60)))
    for key, person in expected_emails.items():
        if key not in seen:
            result.errors.append(
                LineError(
                    None,
                    "A",
                    _(
                        "%(name)s (%(email)s) ontbreekt. Voeg een regel toe met de activiteit "
                        "en de uren."
                    )
                    % {"name": person.name, "email": person.email},
                )
            )
    if not result.errors:
        result.lines = lines
    return result
