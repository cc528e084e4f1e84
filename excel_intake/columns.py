"""The GP list's columns, declared once: the template, the parser, the rules and the exports read
them from here, so a new template version is one edit (add a column, bump TEMPLATE_VERSION).

Headers are the file format and stay Dutch in every language of the portal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

# Bump when the columns change; files carrying an older marker are refused with one message.
TEMPLATE_VERSION = 1
DATA_SHEET = "Huisartsen"
INSTRUCTIONS_SHEET = "Uitleg"
MARKER_SHEET = "zorgportaal"
MARKER_TEXT = "zorgportaal-huisartsenlijst"


class ColumnKind(StrEnum):
    TEXT = "text"
    RIZIV = "riziv"
    CHOICE = "choice"
    YEAR = "year"
    POSTAL_CODE = "postal_code"
    HOURS = "hours"
    DATE = "date"
    EMAIL = "email"
    CODE = "code"  # an identifier kept as text (e.g. a NIS code)
    NUMBER = "number"


@dataclass(frozen=True)
class Column:
    key: str  # English field name in code and in the database
    header: str  # the Dutch header on row 1 of the data sheet
    kind: ColumnKind
    required: bool = True
    choices: tuple[str, ...] = ()
    hint: str = ""  # shown as the cell's input message in the template (Dutch, like the file)
    width: int = 16
    max_length: int = 100


COLUMNS: tuple[Column, ...] = (
    Column(
        "riziv_number",
        "RIZIV-nummer",
        ColumnKind.RIZIV,
        hint="11 cijfers, bv. 1-08290-59-004. Streepjes, punten en spaties mogen.",
        width=18,
        max_length=30,
    ),
    Column("last_name", "Naam", ColumnKind.TEXT, hint="Familienaam van de huisarts."),
    Column("first_name", "Voornaam", ColumnKind.TEXT, hint="Voornaam van de huisarts."),
    Column(
        "sex",
        "Geslacht",
        ColumnKind.CHOICE,
        choices=("M", "V", "X"),
        hint="M, V of X.",
        width=10,
        max_length=10,
    ),
    Column(
        "birth_year",
        "Geboortejaar",
        ColumnKind.YEAR,
        hint="Vier cijfers, bv. 1978.",
        width=13,
        max_length=10,
    ),
    Column("practice_name", "Praktijknaam", ColumnKind.TEXT, width=24, max_length=200),
    Column("street", "Straat", ColumnKind.TEXT, width=24, max_length=200),
    Column(
        "house_number",
        "Huisnummer",
        ColumnKind.TEXT,
        hint="Bv. 12, 12A of 12 bus 3.",
        width=12,
        max_length=20,
    ),
    Column(
        "postal_code",
        "Postcode",
        ColumnKind.POSTAL_CODE,
        hint="Belgische postcode van 4 cijfers.",
        width=10,
        max_length=10,
    ),
    Column(
        "municipality",
        "Gemeente",
        ColumnKind.TEXT,
        hint="De gemeente van de postcode (niet de deelgemeente).",
        width=20,
    ),
    Column(
        "practice_form",
        "Praktijkvorm",
        ColumnKind.CHOICE,
        choices=("solo", "duo", "groep", "wijkgezondheidscentrum"),
        hint="solo, duo, groep of wijkgezondheidscentrum.",
        width=24,
        max_length=30,
    ),
    Column(
        "hours_per_week",
        "Uren patiëntcontact per week",
        ColumnKind.HOURS,
        hint="Tussen 0 en 80, per kwartier: bv. 38 of 37,75.",
        width=14,
        max_length=10,
    ),
    Column(
        "accepts_new_patients",
        "Neemt nieuwe patiënten aan",
        ColumnKind.CHOICE,
        choices=("ja", "nee", "beperkt"),
        hint="ja, nee of beperkt.",
        width=14,
        max_length=10,
    ),
    Column(
        "start_date",
        "Startdatum in kring",
        ColumnKind.DATE,
        hint="Datum als dd/mm/jjjj, niet in de toekomst.",
        width=14,
        max_length=20,
    ),
    Column(
        "end_date",
        "Einddatum",
        ColumnKind.DATE,
        required=False,
        hint="Alleen als de huisarts de kring verlaat. Datum als dd/mm/jjjj.",
        width=14,
        max_length=20,
    ),
    Column(
        "email",
        "E-mail",
        ColumnKind.EMAIL,
        required=False,
        hint="Zakelijk e-mailadres (optioneel).",
        width=28,
        max_length=254,
    ),
)

KEYS: tuple[str, ...] = tuple(column.key for column in COLUMNS)
HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS)
BY_KEY: dict[str, Column] = {column.key: column for column in COLUMNS}
INDEX: dict[str, int] = {column.key: i for i, column in enumerate(COLUMNS)}


def header_key(text: str) -> str:
    """How a typed header is compared: case, accents of ë and surrounding spaces do not matter."""
    return " ".join(str(text).replace("ë", "e").replace("Ë", "E").split()).casefold()


HEADER_LOOKUP: dict[str, str] = {header_key(column.header): column.key for column in COLUMNS}


def column_letter(index: int) -> str:
    """Excel's letter for a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True)
class Layout:
    """A set of columns with its sheet names and template marker. The GP list is `GP_LIST`;
    another upload (e.g. gp_accessibility's indicators) declares its own and passes it to the
    parser, the report and the template builder."""

    columns: tuple[Column, ...]
    data_sheet: str
    marker_sheet: str
    marker_text: str
    template_version: int

    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    @cached_property
    def headers(self) -> tuple[str, ...]:
        return tuple(column.header for column in self.columns)

    @cached_property
    def by_key(self) -> dict[str, Column]:
        return {column.key: column for column in self.columns}

    @cached_property
    def index(self) -> dict[str, int]:
        return {column.key: i for i, column in enumerate(self.columns)}

    @cached_property
    def header_lookup(self) -> dict[str, str]:
        return {header_key(column.header): column.key for column in self.columns}


GP_LIST = Layout(
    columns=COLUMNS,
    data_sheet=DATA_SHEET,
    marker_sheet=MARKER_SHEET,
    marker_text=MARKER_TEXT,
    template_version=TEMPLATE_VERSION,
)
