"""Realistic GP lists for the demo, the tests and the benchmark (no ORM).

Names and addresses are invented; RIZIV numbers are generated with valid check digits (mod 97)
and a GP qualification code, so they look real without belonging to anyone we know of.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from typing import IO

from .columns import DATA_SHEET, HEADERS

LAST_NAMES = (
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambert",
    "Dupont",
    "Vermeulen",
    "Van den Broeck",
    "Hermans",
    "Aerts",
    "Desmet",
    "Martens",
    "Van Damme",
    "Pauwels",
    "Declercq",
    "Bogaert",
)
FIRST_NAMES = (
    "Jan",
    "An",
    "Pieter",
    "Els",
    "Tom",
    "Sofie",
    "Koen",
    "Lien",
    "Bart",
    "Katrien",
    "Wim",
    "Nathalie",
    "Joris",
    "Ine",
    "Hanne",
    "Mohamed",
    "Yasmina",
    "Elif",
    "Lars",
    "Noor",
)
STREETS = (
    "Kerkstraat",
    "Stationsstraat",
    "Molenstraat",
    "Dorpsstraat",
    "Schoolstraat",
    "Nieuwstraat",
    "Kapelstraat",
    "Veldstraat",
    "Sint-Pietersnieuwstraat",
    "Kortrijksesteenweg",
)
# Postal codes of Gent with their municipality.
GENT = ("9000", "9030", "9031", "9032", "9040", "9041", "9042", "9050", "9051", "9052")


def riziv_for(person: int, qualification: str = "004") -> str:
    """A syntactically valid GP number for a person index (check digits by the mod-97 rule)."""
    base = 100000 + person % 900000
    check = 97 - base % 97
    return f"{base:06d}{check:02d}{qualification}"


def formatted(digits: str) -> str:
    return f"{digits[0]}-{digits[1:6]}-{digits[6:8]}-{digits[8:]}"


def gp_row(index: int, rng: random.Random, *, postal_codes: tuple[str, ...] = GENT) -> list:
    postal = rng.choice(postal_codes)
    return [
        formatted(riziv_for(index, rng.choice(("003", "004")))),
        rng.choice(LAST_NAMES),
        rng.choice(FIRST_NAMES),
        rng.choice("MVX" if index % 50 == 0 else "MV"),
        rng.randint(1955, 1998),
        f"Huisartsenpraktijk {rng.choice(STREETS).removesuffix('straat')}",
        rng.choice(STREETS),
        str(rng.randint(1, 250)),
        postal,
        "Gent",
        rng.choice(("solo", "duo", "groep", "wijkgezondheidscentrum")),
        rng.choice((20, 24.5, 32, 36.75, 38, 40, 45.25)),
        rng.choice(("ja", "nee", "beperkt")),
        date(rng.randint(1990, 2024), rng.randint(1, 12), rng.randint(1, 28)),
        None,
        f"dokter{index}@praktijk.example" if index % 3 else None,
    ]


# One typical mistake per kind, applied to a share of the rows.
MISTAKES = (
    (0, lambda v: v[:-1]),  # a digit missing from the RIZIV number
    (0, lambda v: v[:8] + f"{(int(v[8:10]) + 1) % 100:02d}" + v[10:]),  # wrong check digits
    (3, lambda v: "Man"),  # not M/V/X
    (4, lambda v: "78"),  # two-digit year
    (8, lambda v: "9999"),  # postal code that does not exist
    (9, lambda v: "Leuven"),  # another municipality
    (11, lambda v: 38.1),  # not a quarter hour
    (11, lambda v: 95),  # over 80
    (13, lambda v: "31/02/2021"),  # no such date
    (15, lambda v: "dokter.at.praktijk"),  # not an e-mail address
    (1, lambda v: ""),  # a required name left empty
)


def gp_rows(count: int, *, error_share: float = 0.05, seed: int = 4) -> Iterator[list]:
    rng = random.Random(seed)  # noqa: S311 - invented demo data, not secrets
    for index in range(count):
        row = gp_row(index, rng)
        if rng.random() < error_share:
            column, mistake = rng.choice(MISTAKES)
            row[column] = mistake(row[column] if isinstance(row[column], str) else row[column])
        yield row


def write_xlsx(rows: Iterator[list], target: str | IO[bytes], *, marker: int | None = None) -> None:
    """A workbook like a person's: the header on row 1 and the rows below (write-only)."""
    from openpyxl import Workbook

    from .columns import MARKER_SHEET, MARKER_TEXT

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(DATA_SHEET)
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append(row)
    if marker is not None:
        hidden = workbook.create_sheet(MARKER_SHEET)
        hidden.append([MARKER_TEXT, marker])
        hidden.sheet_state = "veryHidden"
    workbook.save(target)
