"""What changed between two versions of a circle's list (no ORM).

GPs are matched on the person part of their RIZIV number (the first 8 digits), so a new
qualification code shows as a changed field rather than a GP removed and another added.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .columns import BY_KEY, KEYS

COMPARED = tuple(key for key in KEYS)


@dataclass(frozen=True)
class Change:
    field: str
    header: str
    old: str
    new: str


@dataclass
class ChangedGP:
    row: Mapping[str, Any]
    changes: list[Change]


@dataclass
class Diff:
    added: list[Mapping[str, Any]] = field(default_factory=list)
    removed: list[Mapping[str, Any]] = field(default_factory=list)
    changed: list[ChangedGP] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def shown(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    text = str(value)
    if "." in text and text.replace(".", "", 1).isdigit():  # Decimal hours: 38.00 -> 38
        text = text.rstrip("0").rstrip(".").replace(".", ",")
    return text


def person(row: Mapping[str, Any]) -> str:
    return str(row["riziv_number"])[:8]


def diff_rows(old: Iterable[Mapping[str, Any]], new: Iterable[Mapping[str, Any]]) -> Diff:
    before = {person(row): row for row in old}
    after = {person(row): row for row in new}
    result = Diff()
    for key, row in after.items():
        previous = before.get(key)
        if previous is None:
            result.added.append(row)
            continue
        changes = [
            Change(name, BY_KEY[name].header, shown(previous.get(name)), shown(row.get(name)))
            for name in COMPARED
            if shown(previous.get(name)) != shown(row.get(name))
        ]
        if changes:
            result.changed.append(ChangedGP(row, changes))
    result.removed = [row for key, row in before.items() if key not in after]
    sort_key = lambda row: (str(row.get("last_name", "")), str(row.get("first_name", "")))  # noqa: E731
    result.added.sort(key=sort_key)
    result.removed.sort(key=sort_key)
    result.changed.sort(key=lambda item: sort_key(item.row))
    return result
