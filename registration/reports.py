"""Turn stored analysis results (JSON with codes) into what report pages and downloads show:
labelled rows, and the Plotly figures built from the very same rows.

No ORM here: labels come in as a `Labels` object, and who may see names or costs as flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import charts, sensitivity
from .models import CareFunction


@dataclass(frozen=True)
class Labels:
    clusters: dict[str, str]
    activities: dict[tuple[str, str], str]
    facility_types: dict[str, str]
    sizes: dict[str, str]

    def cluster(self, code: str) -> str:
        return self.clusters.get(code, code)

    def activity(self, cluster: str, code: str) -> str:
        return self.activities.get((cluster, code), code)

    def function(self, code: str) -> str:
        try:
            return str(CareFunction(code).label)
        except ValueError:
            return code


def _facility_title(facility: dict[str, Any], show_names: bool) -> str:
    return facility["name"] if show_names else facility["pseudonym"]


# --- Facility report ------------------------------------------------------------------------------


def facility_report(
    data: dict[str, Any], labels: Labels, *, show_names: bool, show_costs: bool
) -> dict[str, Any]:
    clusters = [{**row, "label": labels.cluster(row["cluster"])} for row in data["clusters"]]
    used_clusters = [row for row in clusters if row["hours"]]
    activity_groups = []
    for cluster in used_clusters:
        activity_groups.append(
            {
                "label": cluster["label"],
                "cluster": cluster,
                "rows": [
                    {**row, "label": labels.activity(row["cluster"], row["activity"])}
                    for row in data["activities"]
                    if row["cluster"] == cluster["cluster"]
                ],
            }
        )
    codes = [row["cluster"] for row in used_clusters]
    functions = [
        {
            **row,
            "label": labels.function(row["function"]),
            "shares": [
                next(c["time_share"] for c in row["clusters"] if c["cluster"] == code)
                for code in codes
            ],
        }
        for row in data["functions"]
    ]
    weeks = [
        {
            **row,
            "label": date_format(date.fromisoformat(row["week"]), "j M"),
            "shares": [row["clusters"].get(code) for code in codes],
        }
        for row in data["weeks"]
    ]
    bench_rows = [
        {
            **row,
            "label": labels.cluster(row["cluster"]),
            "facilities": data["benchmark"]["facilities"],
        }
        for row in data["benchmark"]["clusters"]
    ]
    title = _facility_title(data["facility"], show_names)
    cluster_labels = [row["label"] for row in clusters]
    figures = {
        "clusters": charts.share_bars(
            _("Waar gaan tijd en kost naartoe, per cluster?"),
            cluster_labels,
            [
                (_("Tijd"), [row["time_share"] for row in clusters]),
                (_("Kost"), [row["cost_share"] for row in clusters]),
            ],
        ),
        "functions": charts.stacked_shares(
            _("Hoe verdeelt elk zorgprofiel zijn tijd over de clusters?"),
            [row["label"] for row in functions],
            [
                (labels.cluster(code), [row["shares"][i] for row in functions])
                for i, code in enumerate(codes)
            ],
        ),
        "weeks": charts.stacked_shares(
            _("Verandert de verdeling van week tot week?"),
            [row["label"] for row in weeks],
            [
                (labels.cluster(code), [row["shares"][i] for row in weeks])
                for i, code in enumerate(codes)
            ],
        ),
        "benchmark": charts.benchmark(
            _("Hoe verhoudt je voorziening zich tot de sector (tijdsaandeel)?"),
            [row["label"] for row in bench_rows],
            [row["sector_time"] for row in bench_rows],
            [row["time"] for row in bench_rows],
            title,
            _("Sector (alle voorzieningen)"),
        ),
    }
    return {
        "facility": data["facility"],
        "title": title,
        "type": labels.facility_types.get(data["facility"]["type"], ""),
        "size": labels.sizes.get(data["facility"]["size"], ""),
        "totals": data["totals"],
        "clusters": clusters,
        "used_clusters": used_clusters,
        "activity_groups": activity_groups,
        "functions": functions,
        "weeks": weeks,
        "week_clusters": [labels.cluster(code) for code in codes],
        "providers": [
            {**row, "label": labels.function(row["function"])} for row in data["providers"]
        ],
        "benchmark": bench_rows,
        "show_costs": show_costs,
        "figures": figures,
    }


# --- Sector report --------------------------------------------------------------------------------


def sector_report(data: dict[str, Any], labels: Labels, *, show_names: bool) -> dict[str, Any]:
    pooled = {row["cluster"]: row for row in data["clusters"]}
    spread = {row["cluster"]: row for row in data["distribution"]["clusters"]}
    clusters = [
        {
            **pooled[code],
            "label": labels.cluster(code),
            "time_spread": spread[code]["time"],
            "cost_spread": spread[code]["cost"],
        }
        for code in pooled
    ]
    used = [row for row in clusters if row["hours"]]
    activity_spread = {
        (row["cluster"], row["activity"]): row for row in data["distribution"]["activities"]
    }
    activity_groups = [
        {
            "label": cluster["label"],
            "cluster": cluster,
            "rows": [
                {
                    **row,
                    "label": labels.activity(row["cluster"], row["activity"]),
                    "spread": activity_spread.get((row["cluster"], row["activity"]), {}).get(
                        "time"
                    ),
                }
                for row in data["activities"]
                if row["cluster"] == cluster["cluster"]
            ],
        }
        for cluster in used
    ]
    codes = [row["cluster"] for row in used]

    def groups(kind: str, names: dict[str, str]) -> list[dict[str, Any]]:
        result = []
        for group in data["groups"][kind]:
            by_cluster = {c["cluster"]: c for c in group["clusters"]}
            result.append(
                {
                    "label": names.get(group["group"], group["group"]),
                    "n": group["n"],
                    "clusters": [by_cluster[code] for code in codes],
                }
            )
        return result

    type_groups = groups("type", labels.facility_types)
    size_groups = groups("size", labels.sizes)

    def group_rows(group_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {"label": labels.cluster(code), "cells": [g["clusters"][i]["time"] for g in group_list]}
            for i, code in enumerate(codes)
        ]

    facilities = [
        {
            **row,
            "title": _facility_title(row, show_names),
            "type_label": labels.facility_types.get(row["type"], ""),
            "size_label": labels.sizes.get(row["size"], ""),
            "shares": [row["time"].get(code) for code in codes],
        }
        for row in data["facilities"]
    ]
    functions = [
        {
            **row,
            "label": labels.function(row["function"]),
            "shares": [
                next(c["time_share"] for c in row["clusters"] if c["cluster"] == code)
                for code in codes
            ],
        }
        for row in data["functions"]
    ]
    used_labels = [row["label"] for row in used]
    figures = {
        "clusters": charts.share_bars(
            _("Waar gaan tijd en kost naartoe in de hele sector?"),
            [row["label"] for row in clusters],
            [
                (_("Tijd"), [row["time_share"] for row in clusters]),
                (_("Kost"), [row["cost_share"] for row in clusters]),
            ],
        ),
        "distribution": charts.benchmark(
            _("Hoe verschillen de voorzieningen onderling (tijdsaandeel per cluster)?"),
            used_labels,
            [row["time_spread"] for row in used],
            None,
            "",
            _("Voorzieningen"),
        ),
        "types": charts.share_bars(
            _("Verschillen CAR en CGG (gemiddeld tijdsaandeel)?"),
            used_labels,
            [(g["label"], [c["time"]["mean"] for c in g["clusters"]]) for g in type_groups],
        ),
        "sizes": charts.share_bars(
            _("Verschillen kleine, middelgrote en grote voorzieningen (gemiddeld tijdsaandeel)?"),
            used_labels,
            [(g["label"], [c["time"]["mean"] for c in g["clusters"]]) for g in size_groups],
        ),
    }
    return {
        "totals": data["totals"],
        "clusters": clusters,
        "used_clusters": used,
        "used_labels": used_labels,
        "activity_groups": activity_groups,
        "type_groups": type_groups,
        "size_groups": size_groups,
        "type_rows": group_rows(type_groups),
        "size_rows": group_rows(size_groups),
        "facilities": facilities,
        "functions": functions,
        "figures": figures,
    }


# --- Sensitivity ----------------------------------------------------------------------------------


BASES = ("all", "car", "cgg")


def sensitivity_choices(
    data: dict[str, Any], labels: Labels
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices: clusters (share of all time), then each cluster's activities."""
    base = data["bases"]["all"]
    clusters = [row for row in base["clusters"] if row["hours"]]
    choices = [
        (
            _("Clusters (aandeel in alle tijd)"),
            [(f"cluster:{row['cluster']}", labels.cluster(row["cluster"])) for row in clusters],
        )
    ]
    for cluster in clusters:
        code = cluster["cluster"]
        choices.append(
            (
                _("Activiteiten binnen %(cluster)s") % {"cluster": labels.cluster(code)},
                [
                    (f"activity:{code}:{row['activity']}", labels.activity(code, row["activity"]))
                    for row in base["activities"]
                    if row["cluster"] == code
                ],
            )
        )
    return choices


def sensitivity_items(
    data: dict[str, Any], base: str, target: str, labels: Labels
) -> tuple[list[sensitivity.Item], dict[str, str], str]:
    """The items to compare for a choice, their labels, and the scope's description."""
    pooled = data["bases"][base]
    kind, _sep, rest = target.partition(":")
    if kind == "cluster":
        rows = pooled["clusters"]
        items = [
            sensitivity.Item(f"cluster:{r['cluster']}", r["hours"] or 0, r["cost"] or 0)
            for r in rows
        ]
        names = {f"cluster:{r['cluster']}": labels.cluster(r["cluster"]) for r in rows}
        return items, names, _("alle clusters samen")
    cluster = rest.partition(":")[0]
    rows = [r for r in pooled["activities"] if r["cluster"] == cluster]
    items = [
        sensitivity.Item(f"activity:{cluster}:{r['activity']}", r["hours"] or 0, r["cost"] or 0)
        for r in rows
    ]
    names = {
        f"activity:{cluster}:{r['activity']}": labels.activity(cluster, r["activity"]) for r in rows
    }
    return items, names, _("de activiteiten van %(cluster)s") % {"cluster": labels.cluster(cluster)}


def sensitivity_figure(result: sensitivity.Result, names: dict[str, str]) -> dict[str, Any]:
    labels = [names[row.key] for row in result.rows]
    return charts.share_bars(
        _("Tijd en kost voor en na de verandering (in % van de huidige totalen)"),
        labels,
        [
            (_("Tijd nu"), [row.time_share for row in result.rows]),
            (_("Tijd na"), [row.new_time_share for row in result.rows]),
            (_("Kost nu"), [row.cost_share for row in result.rows]),
            (_("Kost na"), [row.new_cost_share for row in result.rows]),
        ],
    )
