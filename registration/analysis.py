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

The result is plain JSON (floats, strings, lists), stored per facility and for the sector.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

RESULT_VERSION = 1
STATS = ("mean", "median", "sd", "min", "max", "q1", "q3", "n")


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


def _int(value: Any) -> int:
    return int(value)


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
    return df


# --- Shares ---------------------------------------------------------------------------------------


def _share_table(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    table = df.groupby(keys, sort=False)[["hours", "cost"]].sum()
    total_hours, total_cost = table["hours"].sum(), table["cost"].sum()
    table["time_share"] = table["hours"] / total_hours if total_hours else 0.0
    table["cost_share"] = table["cost"] / total_cost if total_cost else 0.0
    return table


def cluster_table(df: pd.DataFrame, clusters: list[str]) -> list[dict[str, Any]]:
    """Every cluster of the catalogue, in its order; a cluster without time has 0 hours."""
    table = _share_table(df, ["cluster"]).reindex(clusters, fill_value=0.0)
    return [
        {
            "cluster": cluster,
            "hours": _num(row.hours),
            "cost": _num(row.cost),
            "time_share": _num(row.time_share),
            "cost_share": _num(row.cost_share),
        }
        for cluster, row in table.iterrows()
    ]


def activity_table(df: pd.DataFrame, order: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Activities with time, in catalogue order; shares of the total and within the cluster."""
    table = _share_table(df, ["cluster", "activity"])
    per_cluster = table.groupby(level="cluster")[["hours", "cost"]].transform("sum")
    table["time_share_in_cluster"] = table["hours"] / per_cluster["hours"].where(
        per_cluster["hours"] > 0
    )
    table["cost_share_in_cluster"] = table["cost"] / per_cluster["cost"].where(
        per_cluster["cost"] > 0
    )
    present = [key for key in order if key in table.index]
    return [
        {
            "cluster": cluster,
            "activity": activity,
            "hours": _num(table.at[(cluster, activity), "hours"]),
            "cost": _num(table.at[(cluster, activity), "cost"]),
            "time_share": _num(table.at[(cluster, activity), "time_share"]),
            "cost_share": _num(table.at[(cluster, activity), "cost_share"]),
            "time_share_in_cluster": _num(table.at[(cluster, activity), "time_share_in_cluster"]),
            "cost_share_in_cluster": _num(table.at[(cluster, activity), "cost_share_in_cluster"]),
        }
        for cluster, activity in present
    ]


def function_table(df: pd.DataFrame, clusters: list[str]) -> list[dict[str, Any]]:
    """Per care profile: its hours and cost, and how its time and cost split over clusters."""
    result = []
    total_hours = df["hours"].sum()
    for function, part in df.groupby("care_function", sort=True):
        hours, cost = part["hours"].sum(), part["cost"].sum()
        result.append(
            {
                "function": function,
                "hours": _num(hours),
                "cost": _num(cost),
                "providers": _int(part["provider_id"].nunique()),
                "share_of_hours": _num(hours / total_hours) if total_hours else None,
                "cost_per_hour": _num(cost / hours) if hours else None,
                "clusters": cluster_table(part, clusters),
            }
        )
    return result


def week_table(df: pd.DataFrame, clusters: list[str]) -> list[dict[str, Any]]:
    """Per week (Monday): hours, cost and the time share of each cluster that week.

    Full-time totals from the Excel upload have no week and are left out here (said on the page).
    """
    weekly = df[df["week"].notna()]
    result = []
    for week, part in weekly.groupby("week", sort=True):
        table = cluster_table(part, clusters)
        result.append(
            {
                "week": pd.Timestamp(week).date().isoformat(),
                "hours": _num(part["hours"].sum()),
                "cost": _num(part["cost"].sum()),
                "clusters": {row["cluster"]: row["time_share"] for row in table},
            }
        )
    return result


def provider_table(df: pd.DataFrame) -> list[dict[str, Any]]:
    table = (
        df.groupby(["pseudonym", "care_function"], sort=False)
        .agg(hours=("hours", "sum"), cost=("cost", "sum"), cost_per_hour=("cost_per_hour", "first"))
        .reset_index()
        .sort_values(["care_function", "pseudonym"])
    )
    total = table["hours"].sum()
    return [
        {
            "pseudonym": row.pseudonym,
            "function": row.care_function,
            "hours": _num(row.hours),
            "share_of_hours": _num(row.hours / total) if total else None,
            "cost": _num(row.cost),
            "cost_per_hour": _num(row.cost_per_hour),
        }
        for row in table.itertuples()
    ]


# --- Distribution over facilities -----------------------------------------------------------------


def _stats(values: pd.Series) -> dict[str, float | int | None]:
    return {
        "mean": _num(values.mean()),
        "median": _num(values.median()),
        "sd": _num(values.std(ddof=1)) if len(values) > 1 else None,
        "min": _num(values.min()),
        "max": _num(values.max()),
        "q1": _num(values.quantile(0.25)),
        "q3": _num(values.quantile(0.75)),
        "n": int(values.count()),
    }


def facility_share_matrix(
    df: pd.DataFrame, keys: list[str], columns: list[Any]
) -> dict[str, pd.DataFrame]:
    """Facilities × keys matrices of time share and cost share (0 where a facility has none)."""
    grouped = df.groupby(["facility_id", *keys], sort=False)[["hours", "cost"]].sum()
    totals = df.groupby("facility_id")[["hours", "cost"]].sum()
    matrices = {}
    for measure, name in (("hours", "time"), ("cost", "cost")):
        wide = grouped[measure].unstack(keys, fill_value=0.0)
        wide = wide.reindex(
            columns=pd.Index(columns) if len(keys) == 1 else pd.MultiIndex.from_tuples(columns),
            fill_value=0.0,
        )
        denominator = totals[measure].reindex(wide.index)
        matrices[name] = wide.div(denominator.where(denominator > 0), axis=0).fillna(0.0)
    return matrices


def distribution(matrices: dict[str, pd.DataFrame]) -> dict[str, dict[Any, dict[str, Any]]]:
    return {
        name: {column: _stats(matrix[column]) for column in matrix.columns}
        for name, matrix in matrices.items()
    }


def group_table(
    matrices: dict[str, pd.DataFrame], facilities: pd.DataFrame, attribute: str, clusters: list[str]
) -> list[dict[str, Any]]:
    """Mean, median and SD of each cluster's share within a group of facilities (size or type)."""
    groups = facilities.set_index("facility_id")[attribute].reindex(matrices["time"].index)
    result = []
    for group in sorted(groups.dropna().unique()):
        members = groups[groups == group].index
        result.append(
            {
                "group": group,
                "n": len(members),
                "clusters": [
                    {
                        "cluster": cluster,
                        "time": _stats(matrices["time"].loc[members, cluster]),
                        "cost": _stats(matrices["cost"].loc[members, cluster]),
                    }
                    for cluster in clusters
                ],
            }
        )
    return result


def _rank(matrix: pd.DataFrame, facility_id: int, column: Any) -> int:
    """How many facilities have a lower share than this one."""
    values = matrix[column]
    return int((values < values.loc[facility_id]).sum())


# --- The whole study ------------------------------------------------------------------------------


def compute(inputs: Inputs) -> Output:
    df = prepare(inputs)
    acts = inputs.activities.sort_values(["cluster_order", "activity_order"])
    clusters = list(dict.fromkeys(acts["cluster"]))
    activity_order = list(zip(acts["cluster"], acts["activity"], strict=True))
    facilities = inputs.facilities[
        inputs.facilities["facility_id"].isin(df["facility_id"].unique())
    ]
    used_activities = [
        key for key in activity_order if key in set(zip(df["cluster"], df["activity"], strict=True))
    ]

    cluster_matrices = facility_share_matrix(df, ["cluster"], clusters)
    activity_matrices = facility_share_matrix(df, ["cluster", "activity"], used_activities)
    cluster_distribution = distribution(cluster_matrices)
    activity_distribution = distribution(activity_matrices)

    per_facility: dict[int, dict[str, Any]] = {}
    for facility in facilities.itertuples():
        part = df[df["facility_id"] == facility.facility_id]
        per_facility[int(facility.facility_id)] = {
            "version": RESULT_VERSION,
            "facility": {
                "id": int(facility.facility_id),
                "name": facility.name,
                "pseudonym": facility.pseudonym,
                "type": facility.facility_type,
                "size": facility.size_class,
            },
            "totals": {
                "hours": _num(part["hours"].sum()),
                "cost": _num(part["cost"].sum()),
                "providers": int(part["provider_id"].nunique()),
                "rows": int(len(part)),
            },
            "clusters": cluster_table(part, clusters),
            "activities": activity_table(part, activity_order),
            "functions": function_table(part, clusters),
            "weeks": week_table(part, clusters),
            "providers": provider_table(part),
            "benchmark": {
                "facilities": int(len(cluster_matrices["time"])),
                "clusters": [
                    {
                        "cluster": cluster,
                        "time": cluster_matrices["time"].at[facility.facility_id, cluster],
                        "cost": cluster_matrices["cost"].at[facility.facility_id, cluster],
                        "time_rank": _rank(cluster_matrices["time"], facility.facility_id, cluster),
                        "sector_time": cluster_distribution["time"][cluster],
                        "sector_cost": cluster_distribution["cost"][cluster],
                    }
                    for cluster in clusters
                ],
                "activities": [
                    {
                        "cluster": key[0],
                        "activity": key[1],
                        "time": activity_matrices["time"].at[facility.facility_id, key],
                        "sector_time": activity_distribution["time"][key],
                    }
                    for key in used_activities
                ],
            },
        }
        for bench in per_facility[int(facility.facility_id)]["benchmark"]["clusters"]:
            bench["time"], bench["cost"] = _num(bench["time"]), _num(bench["cost"])
        for bench in per_facility[int(facility.facility_id)]["benchmark"]["activities"]:
            bench["time"] = _num(bench["time"])

    sector = {
        "version": RESULT_VERSION,
        "totals": {
            "hours": _num(df["hours"].sum()),
            "cost": _num(df["cost"].sum()),
            "facilities": int(df["facility_id"].nunique()),
            "providers": int(df["provider_id"].nunique()),
            "rows": int(len(df)),
        },
        "clusters": cluster_table(df, clusters),
        "activities": activity_table(df, activity_order),
        "functions": function_table(df, clusters),
        "distribution": {
            "clusters": [
                {
                    "cluster": cluster,
                    "time": cluster_distribution["time"][cluster],
                    "cost": cluster_distribution["cost"][cluster],
                }
                for cluster in clusters
            ],
            "activities": [
                {
                    "cluster": key[0],
                    "activity": key[1],
                    "time": activity_distribution["time"][key],
                    "cost": activity_distribution["cost"][key],
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
                "hours": _num(df.loc[df["facility_id"] == facility.facility_id, "hours"].sum()),
                "cost": _num(df.loc[df["facility_id"] == facility.facility_id, "cost"].sum()),
                "time": {
                    c: _num(cluster_matrices["time"].at[facility.facility_id, c]) for c in clusters
                },
                "cost_shares": {
                    c: _num(cluster_matrices["cost"].at[facility.facility_id, c]) for c in clusters
                },
            }
            for facility in facilities.sort_values(["facility_type", "pseudonym"]).itertuples()
        ],
        # Pooled hours and cost per group, the base of the sensitivity analysis.
        "bases": {
            group: {
                "clusters": cluster_table(part, clusters),
                "activities": activity_table(part, activity_order),
            }
            for group, part in (
                ("all", df),
                ("car", df[df["facility_type"] == "car"]),
                ("cgg", df[df["facility_type"] == "cgg"]),
            )
            if len(part)
        },
    }
    return Output(sector=sector, facilities=per_facility, rows_used=int(len(df)))
