"""The 75 Van Wiechen items from data/van_wiechen_items.csv (used by the data migration, and to
restore them should the table ever be emptied, e.g. by a test database flush)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "van_wiechen_items.csv"


def rows() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as handle:
        return [
            {
                "number": int(row["nr"]),
                "domain": row["domain"],
                "label": row["label_nl"],
                "gloss_en": row["gloss_en"],
                "first_age_months": int(row["first_age_months"]),
                "parent_report_allowed": row["parent_report_allowed"] == "1",
                "scored_left_right": row["scored_left_right"] == "1",
            }
            for row in csv.DictReader(handle)
        ]


def load(model: Any) -> int:
    """Create the items that are missing (by number); returns how many were created."""
    existing = set(model.objects.values_list("number", flat=True))
    new = [model(**row) for row in rows() if row["number"] not in existing]
    model.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
