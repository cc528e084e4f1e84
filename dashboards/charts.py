"""Plotly figures of the dashboards, built in Python from a table's rows (no ORM here).

The figure is written as the plain JSON plotly.js reads (data and layout): building it through
plotly's validated graph objects took a quarter of a second for a year of days. Colours are
Okabe-Ito (colour-blind safe) and every series also has its own bar pattern, so colour never
carries meaning alone. The page shows the same numbers in the table beside the chart."""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext_lazy

from portal.lib.charts import number_separators

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
PATTERNS = ("", "/", "x", ".", "\\", "+", "-")
SUFFIX = {"percent": "%", "hours": pgettext_lazy("abbreviation of hours", "u")}
INK = "#1b1b1b"


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
    data = []
    for index, (name, values, unit) in enumerate(series):
        suffix = f" {SUFFIX[unit]}" if unit in SUFFIX else ""
        value, category = ("%{x}", "%{y}") if horizontal else ("%{y}", "%{x}")
        trace: dict[str, Any] = {
            "type": "bar",
            "name": name,
            "marker": {
                "color": PALETTE[index % len(PALETTE)],
                "pattern": {
                    "shape": PATTERNS[index % len(PATTERNS)],
                    "fillmode": "overlay",
                    "fgcolor": "#ffffff",
                    "solidity": 0.3,
                },
                "line": {"color": "#000000", "width": 0.5},
            },
            "hovertemplate": f"{category}: {value}{suffix}<extra>{name}</extra>",
        }
        if horizontal:
            trace.update(x=values, y=labels, orientation="h")
        else:
            trace.update(x=labels, y=values)
        data.append(trace)
    value_axis = {
        "rangemode": "tozero",
        "automargin": True,
        "gridcolor": "#e3e3e3",
        "zerolinecolor": INK,
        "linecolor": INK,
        "ticks": "outside",
    }
    category_axis: dict[str, Any] = {
        "automargin": True,
        "type": "category",
        "linecolor": INK,
        "ticks": "outside",
    }
    if horizontal:
        category_axis["autorange"] = "reversed"
    layout = {
        "barmode": "stack" if stacked else "group",
        "height": max(320, 28 * len(labels) + 120) if horizontal else 380,
        "margin": {"l": 12, "r": 12, "t": 20, "b": 20},
        "legend": {"orientation": "h", "y": -0.25, "yanchor": "top"},
        "hovermode": "closest",
        "separators": number_separators(),
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "font": {"family": "system-ui, sans-serif", "color": INK},
        "xaxis": value_axis if horizontal else category_axis,
        "yaxis": category_axis if horizontal else value_axis,
    }
    return {"data": data, "layout": layout}
