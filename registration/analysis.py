"""The study analysis in pandas, without the ORM: time and cost per cluster and activity, per
facility, per care profile and per week, and the sector's distribution over facilities.

Input (built by `registration.analysis_data`):

    rows        provider_id, activity_id, week (Monday, or NaT for full-time totals), minutes
    providers   provider_id, facility_id, care_function, cost_per_hour, pseudonym
    facilities  facility_id, name, facility_type, size_class, pseudonym
    activities  activity_id, cluster, activity, cluster_order, activity_order

The model, stated once:
- hours = minutes ÷ 60; cost = hours × the provider's cost per clinical hour.
- A time share is hours ÷ total hours of the same scope (facility, sector, function, week); a
  cost share is cost ÷ total cost. "Within the cluster" divides by the cluster's hours or cost.
- The sector's distribution is taken over facilities: each facility's share counts once (a small
  facility weighs as much as a large one), with the mean, the median, the sample standard
  deviation (n − 1), the quartiles, minimum and maximum. A facility without time in a cluster
  counts as 0 %. "Pooled" figures instead put all hours of the sector together.

Every sum is one groupby over all facilities at once; the per-facility reports are then put
together from those small tables in plain Python, so the work grows with the rows once, not with
rows × facilities. The result is plain JSON (floats, strings, lists).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd

RESULT_VERSION = 1
SUMS = ["hours", "cost"]


@dataclass(frozen=True)
class Inputs:
    rows: pd.DataFrame
    providers: pd.DataFrame
    facilities: pd.DataFrame
    activities: pd.DataFrame


@dataclass(frozen=True)
class Output:
    sector: dict[str, Any]
    facilities: dict[int, dict[str, Any]]
    rows_used: int


def _num(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else round(value, 6)


def _share(part: float, whole: float) -> float | None:
    return _num(part / whole) if whole else (0.0 if whole == 0 and part == 0 else None)


def prepare(inputs: Inputs) -> pd.DataFrame:
    """One frame with every attribute the tables need, and hours and cost per row."""
    df = inputs.rows.merge(inputs.providers, on="provider_id", how="inner")
    df = df.merge(inputs.activities, on="activity_id", how="inner")
    df = df.merge(
        inputs.facilities[["facility_id", "facility_type", "size_class"]],
        on="facility_id",
        how="left",
    )
    df["hours"] = df["minutes"] / 60.0
    df["cost"] = df["hours"] * df["cost_per_hour"].fillna(0.0)
    # Grouping on category codes is many times faster than on strings (a million rows).
    for column in (
        "cluster",
        "activity",
        "care_function",
        "pseudonym",
        "facility_type",
        "size_class",
    ):
        df[column] = df[column].astype("category")
    return df


def _sums(df: pd.DataFrame, keys: list[str]) -> list[dict[str, Any]]:
    """Hours and cost summed per key combination, as plain records."""
    return df.groupby(keys, sort=False, observed=True)[SUMS].sum().reset_index().to_dict("records")


# --- Tables from summed records (plain Python) ---------------------------------------------------


def _cluster_rows(
    sums: dict[str, tuple[float, float]], clusters: list[str], total: tuple[float, float]
) -> list[dict[str, Any]]:
    """Every cluster of the catalogue, in its order; a cluster without time has 0 hours."""
    rows = []
    for cluster in clusters:
        hours, cost = sums.get(cluster, (0.0, 0.0))
        rows.append(
            {
                "cluster": cluster,
                "hours": _num(hours),
                "cost": _num(cost),
                "time_share": _share(hours, total[0]),
                "cost_share": _share(cost, total[1]),
            }
        )
    return rows


def _activity_rows(
    sums: dict[tuple[str, str], tuple[float, float]],
    order: list[tuple[str, str]],
    total: tuple[float, float],
) -> list[dict[str, Any]]:
    """Activities with time, in catalogue order; shares of the total and within the cluster."""
    per_cluster: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for (cluster, _activity), (hours, cost) in sums.items():
        per_cluster[cluster][0] += hours
        per_cluster[cluster][1] += cost
    rows = []
    for key in order:
        if key not in sums:
            continue
        hours, cost = sums[key]
        cluster_hours, cluster_cost = per_cluster[key[0]]
        rows.append(
            {
                "cluster": key[0],
                "activity": key[1],
                "hours": _num(hours),
                "cost": _num(cost),
                "time_share": _share(hours, total[0]),
                "cost_share": _share(cost, total[1]),
                "time_share_in_cluster": _share(hours, cluster_hours) if cluster_hours else None,
                "cost_share_in_cluster": _share(cost, cluster_cost) if cluster_cost else None,
            }
        )
    return rows


def _totals(sums: dict[Any, tuple[float, float]]) -> tuple[float, float]:
    return (sum(h for h, _ in sums.values()), sum(c for _, c in sums.values()))


@dataclass
class _Scope:
    """Summed records of one scope (a facility, or the pooled sector), keyed for assembly."""

    clusters: dict[str, tuple[float, float]]
    activities: dict[tuple[str, str], tuple[float, float]]
    functions: dict[str, dict[str, tuple[float, float]]]
    function_providers: dict[str, int]
    weeks: dict[str, dict[str, tuple[float, float]]]

    @classmethod
    def empty(cls) -> _Scope:
        return cls({}, {}, defaultdict(dict), {}, defaultdict(dict))


def _function_rows(scope: _Scope, clusters: list[str]) -> list[dict[str, Any]]:
    total_hours = _totals(scope.clusters)[0]
    rows = []
    for function in sorted(scope.functions):
        sums = scope.functions[function]
        hours, cost = _totals(sums)
        rows.append(
            {
                "function": function,
                "hours": _num(hours),
                "cost": _num(cost),
                "providers": scope.function_providers.get(function, 0),
                "share_of_hours": _share(hours, total_hours),
                "cost_per_hour": _num(cost / hours) if hours else None,
                "clusters": _cluster_rows(sums, clusters, (hours, cost)),
            }
        )
    return rows


def _week_rows(scope: _Scope, clusters: list[str]) -> list[dict[str, Any]]:
    """Per week (Monday): hours, cost and each cluster's share of that week's time.

    Full-time totals from the Excel upload have no week and are left out here (said on the page).
    """
    rows = []
    for week in sorted(scope.weeks):
        sums = scope.weeks[week]
        total = _totals(sums)
        table = _cluster_rows(sums, clusters, total)
        rows.append(
            {
                "week": week,
                "hours": _num(total[0]),
                "cost": _num(total[1]),
                "clusters": {row["cluster"]: row["time_share"] for row in table},
            }
        )
    return rows


def _scopes(df: pd.DataFrame, by: str | None) -> dict[Any, _Scope]:
    """Summed records per value of `by` (a facility id), or one pooled scope for `by=None`."""
    keys = [by] if by else []
    scopes: dict[Any, _Scope] = defaultdict(_Scope.empty)

    def key_of(record: dict[str, Any]) -> Any:
        return record[by] if by else None

    for r in _sums(df, [*keys, "cluster"]):
        scopes[key_of(r)].clusters[r["cluster"]] = (r["hours"], r["cost"])
    for r in _sums(df, [*keys, "cluster", "activity"]):
        scopes[key_of(r)].activities[(r["cluster"], r["activity"])] = (r["hours"], r["cost"])
    for r in _sums(df, [*keys, "care_function", "cluster"]):
        scopes[key_of(r)].functions[r["care_function"]][r["cluster"]] = (r["hours"], r["cost"])
    counts = df.groupby([*keys, "care_function"], sort=False, observed=True)[
        "provider_id"
    ].nunique()
    for index, count in counts.items():
        key, function = (index[0], index[1]) if by else (None, index)
        scopes[key].function_providers[function] = int(count)
    weekly = df[df["week"].notna()]
    for r in _sums(weekly, [*keys, "week", "cluster"]):
        week = pd.Timestamp(r["week"]).date().isoformat()
        scopes[key_of(r)].weeks[week][r["cluster"]] = (r["hours"], r["cost"])
    return scopes


def _provider_rows(df: pd.DataFrame) -> dict[int, list[dict[str, Any]]]:
    table = (
        df.groupby(["facility_id", "pseudonym", "care_function"], sort=False, observed=True)
        .agg(hours=("hours", "sum"), cost=("cost", "sum"), cost_per_hour=("cost_per_hour", "first"))
        .reset_index()
        .sort_values(["facility_id", "care_function", "pseudonym"])
    )
    totals = table.groupby("facility_id")["hours"].sum().to_dict()
    result: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in table.to_dict("records"):
        result[int(r["facility_id"])].append(
            {
                "pseudonym": r["pseudonym"],
                "function": r["care_function"],
                "hours": _num(r["hours"]),
                "share_of_hours": _share(r["hours"], totals[r["facility_id"]]),
                "cost": _num(r["cost"]),
                "cost_per_hour": _num(r["cost_per_hour"]),
            }
        )
    return result


# --- Distribution over facilities ---------------------------------------------------------------


def share_matrices(
    df: pd.DataFrame, keys: list[str], columns: list[Any]
) -> dict[str, pd.DataFrame]:
    """Facilities × keys matrices of time share and cost share (0 where a facility has none)."""
    grouped = df.groupby(["facility_id", *keys], sort=False, observed=True)[SUMS].sum()
    totals = df.groupby("facility_id")[SUMS].sum()
    index = pd.Index(columns) if len(keys) == 1 else pd.MultiIndex.from_tuples(columns)
    matrices = {}
    for measure, name in (("hours", "time"), ("cost", "cost")):
        wide = grouped[measure].unstack(keys, fill_value=0.0).reindex(columns=index, fill_value=0.0)
        denominator = totals[measure].reindex(wide.index)
        matrices[name] = wide.div(denominator.where(denominator > 0), axis=0).fillna(0.0)
    return matrices


def describe(matrix: pd.DataFrame) -> dict[Any, dict[str, float | int | None]]:
    """Per column: mean, median, SD (n − 1), quartiles, minimum, maximum and n, all at once."""
    n = len(matrix)
    table = pd.DataFrame(
        {
            "mean": matrix.mean(),
            "median": matrix.median(),
            "sd": matrix.std(ddof=1) if n > 1 else float("nan"),
            "min": matrix.min(),
            "max": matrix.max(),
            "q1": matrix.quantile(0.25),
            "q3": matrix.quantile(0.75),
        }
    )
    return {
        column: {**{k: _num(v) for k, v in row.items()}, "n": n}
        for column, row in zip(matrix.columns, table.to_dict("records"), strict=True)
    }


def group_table(
    matrices: dict[str, pd.DataFrame], facilities: pd.DataFrame, attribute: str, clusters: list[str]
) -> list[dict[str, Any]]:
    """Each cluster's share described within a group of facilities (size class or type)."""
    groups = facilities.set_index("facility_id")[attribute].reindex(matrices["time"].index)
    result = []
    for group in sorted(groups.dropna().unique()):
        members = groups[groups == group].index
        time = describe(matrices["time"].loc[members, clusters])
        cost = describe(matrices["cost"].loc[members, clusters])
        result.append(
            {
                "group": group,
                "n": len(members),
                "clusters": [{"cluster": c, "time": time[c], "cost": cost[c]} for c in clusters],
            }
        )
    return result


# --- The whole study ------------------------------------------------------------------------------


def compute(inputs: Inputs) -> Output:
    df = prepare(inputs)
    acts = inputs.activities.sort_values(["cluster_order", "activity_order"])
    clusters = list(dict.fromkeys(acts["cluster"]))
    activity_order = list(zip(acts["cluster"], acts["activity"], strict=True))
    present = set(map(tuple, df[["cluster", "activity"]].drop_duplicates().to_numpy().tolist()))
    used_activities = [key for key in activity_order if key in present]
    facilities = inputs.facilities[
        inputs.facilities["facility_id"].isin(df["facility_id"].unique())
    ]

    cluster_matrices = share_matrices(df, ["cluster"], clusters)
    activity_matrices = share_matrices(df, ["cluster", "activity"], used_activities)
    cluster_spread = {name: describe(m) for name, m in cluster_matrices.items()}
    activity_spread = {name: describe(m) for name, m in activity_matrices.items()}
    # How many facilities have a strictly lower share: the minimum rank minus one.
    time_ranks = (cluster_matrices["time"].rank(method="min") - 1).astype(int).to_dict("index")
    cluster_time = cluster_matrices["time"].to_dict("index")
    cluster_cost = cluster_matrices["cost"].to_dict("index")

    facility_totals = df.groupby("facility_id").agg(
        hours=("hours", "sum"),
        cost=("cost", "sum"),
        providers=("provider_id", "nunique"),
        rows=("hours", "size"),
    )
    scopes = _scopes(df, "facility_id")
    providers = _provider_rows(df)

    per_facility: dict[int, dict[str, Any]] = {}
    for facility in facilities.itertuples():
        fid = int(facility.facility_id)
        scope = scopes[facility.facility_id]
        totals = facility_totals.loc[facility.facility_id]
        total = (float(totals["hours"]), float(totals["cost"]))
        per_facility[fid] = {
            "version": RESULT_VERSION,
            "facility": {
                "id": fid,
                "name": facility.name,
                "pseudonym": facility.pseudonym,
                "type": facility.facility_type,
                "size": facility.size_class,
            },
            "totals": {
                "hours": _num(total[0]),
                "cost": _num(total[1]),
                "providers": int(totals["providers"]),
                "rows": int(totals["rows"]),
            },
            "clusters": _cluster_rows(scope.clusters, clusters, total),
            "activities": _activity_rows(scope.activities, activity_order, total),
            "functions": _function_rows(scope, clusters),
            "weeks": _week_rows(scope, clusters),
            "providers": providers[fid],
            "benchmark": {
                "facilities": len(cluster_matrices["time"]),
                "clusters": [
                    {
                        "cluster": c,
                        "time": _num(cluster_time[facility.facility_id][c]),
                        "cost": _num(cluster_cost[facility.facility_id][c]),
                        "time_rank": int(time_ranks[facility.facility_id][c]),
                        "sector_time": cluster_spread["time"][c],
                        "sector_cost": cluster_spread["cost"][c],
                    }
                    for c in clusters
                ],
            },
        }

    pooled = _scopes(df, None)[None]
    pooled_total = _totals(pooled.clusters)
    bases = {}
    for group, part in (
        ("all", df),
        ("car", df[df["facility_type"] == "car"]),
        ("cgg", df[df["facility_type"] == "cgg"]),
    ):
        if len(part):
            scope = pooled if group == "all" else _scopes(part, None)[None]
            total = _totals(scope.clusters)
            bases[group] = {
                "clusters": _cluster_rows(scope.clusters, clusters, total),
                "activities": _activity_rows(scope.activities, activity_order, total),
            }
    sector = {
        "version": RESULT_VERSION,
        "totals": {
            "hours": _num(pooled_total[0]),
            "cost": _num(pooled_total[1]),
            "facilities": int(df["facility_id"].nunique()),
            "providers": int(df["provider_id"].nunique()),
            "rows": int(len(df)),
        },
        "clusters": bases["all"]["clusters"],
        "activities": bases["all"]["activities"],
        "functions": _function_rows(pooled, clusters),
        "distribution": {
            "clusters": [
                {"cluster": c, "time": cluster_spread["time"][c], "cost": cluster_spread["cost"][c]}
                for c in clusters
            ],
            "activities": [
                {
                    "cluster": key[0],
                    "activity": key[1],
                    "time": activity_spread["time"][key],
                    "cost": activity_spread["cost"][key],
                }
                for key in used_activities
            ],
        },
        "groups": {
            "type": group_table(cluster_matrices, facilities, "facility_type", clusters),
            "size": group_table(cluster_matrices, facilities, "size_class", clusters),
        },
        "facilities": [
            {
                "id": int(facility.facility_id),
                "name": facility.name,
                "pseudonym": facility.pseudonym,
                "type": facility.facility_type,
                "size": facility.size_class,
                "hours": _num(facility_totals.at[facility.facility_id, "hours"]),
                "cost": _num(facility_totals.at[facility.facility_id, "cost"]),
                "time": {c: _num(cluster_time[facility.facility_id][c]) for c in clusters},
                "cost_shares": {c: _num(cluster_cost[facility.facility_id][c]) for c in clusters},
            }
            for facility in facilities.sort_values(["facility_type", "pseudonym"]).itertuples()
        ],
        # Pooled hours and cost per group: the base of the sensitivity analysis.
        "bases": bases,
    }
    return Output(sector=sector, facilities=per_facility, rows_used=int(len(df)))
