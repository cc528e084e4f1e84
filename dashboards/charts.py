"""Plotly figures of the dashboards, built in Python from a table's rows (no ORM here).

Colours are Okabe-Ito (colour-blind safe) and every series also has its own bar pattern, so colour
never carries meaning alone. The page shows the same numbers in the table beside the chart."""

from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
PATTERNS = ("", "/", "x", ".", "\\", "+", "-")
SUFFIX = {"percent": " %", "hours": " u"}


def bar_chart(
    labels: list[str],
    series: list[tuple[str, list[float | None], str]],
    *,
    stacked: bool = False,
    horizontal: bool = False,
) -> dict[str, Any] | None:
    """One bar trace per series (name, values, unit) over the row labels; None when empty."""
    if not labels or not series or all(v is None for _n, values, _u in series for v in values):
        return None
    figure = go.Figure()
    for index, (name, values, unit) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        suffix = SUFFIX.get(unit, "")
        bar: dict[str, Any] = {
            "name": name,
            "marker": {
                "color": colour,
                "pattern": {
                    "shape": PATTERNS[index % len(PATTERNS)],
                    "fillmode": "overlay",
                    "fgcolor": "#ffffff",
                    "solidity": 0.3,
                },
                "line": {"color": "#000000", "width": 0.5},
            },
            "hovertemplate": "%{y}: %{x}" + suffix + "<extra>" + name + "</extra>"
            if horizontal
            else "%{x}: %{y}" + suffix + "<extra>" + name + "</extra>",
        }
        if horizontal:
            bar.update(x=values, y=labels, orientation="h")
        else:
            bar.update(x=labels, y=values)
        figure.add_trace(go.Bar(**bar))
    height = max(320, 28 * len(labels) + 120) if horizontal else 380
    figure.update_layout(
        template="none",
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        font={"family": "system-ui, sans-serif", "color": "#1b1b1b"},
        barmode="stack" if stacked else "group",
        height=height,
        margin={"l": 12, "r": 12, "t": 20, "b": 20},
        legend={"orientation": "h", "y": -0.25, "yanchor": "top"},
        hovermode="closest",
        separators=",.",
    )
    axis = {
        "rangemode": "tozero",
        "automargin": True,
        "gridcolor": "#e3e3e3",
        "zerolinecolor": "#1b1b1b",
    }
    if horizontal:
        figure.update_xaxes(**axis)
        figure.update_yaxes(automargin=True, autorange="reversed", ticks="outside")
    else:
        figure.update_yaxes(**axis)
        figure.update_xaxes(automargin=True, type="category", ticks="outside")
    return json.loads(figure.to_json())
