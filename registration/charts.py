"""Plotly figures as plain dicts (no ORM, no plotly import): the page passes them to json_script
and static/js/charts.js draws them with the plotly.js that the plotly package ships.

Colours: the Okabe–Ito palette, safe for colour-blind readers; every chart also has a table.
"""

from __future__ import annotations

from typing import Any

from portal.lib.charts import number_separators

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif", "size": 13}


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "font": FONT,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "y": -0.15},
        "hovermode": "closest",
        "separators": number_separators(),
    }
    layout.update(extra)
    return layout


def _pct(values: list[float | None]) -> list[float | None]:
    return [None if v is None else round(v * 100, 1) for v in values]


def share_bars(
    title: str, labels: list[str], series: list[tuple[str, list[float | None]]]
) -> dict[str, Any]:
    """Horizontal grouped bars of shares (e.g. time share and cost share per cluster)."""
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "y": labels,
            "x": _pct(values),
            "marker": {"color": PALETTE[index % len(PALETTE)]},
            "hovertemplate": "%{y}: %{x:.1f} %<extra>" + name + "</extra>",
            "texttemplate": "%{x:.1f} %",
            "textposition": "outside",
            "cliponaxis": False,
        }
        for index, (name, values) in enumerate(series)
    ]
    return {
        "data": data,
        "layout": _layout(
            title,
            barmode="group",
            height=max(320, 70 + 38 * len(labels) * max(1, len(series))),
            xaxis={"ticksuffix": " %", "rangemode": "tozero", "automargin": True},
            yaxis={"autorange": "reversed", "automargin": True},
        ),
    }


def stacked_shares(
    title: str, categories: list[str], series: list[tuple[str, list[float | None]]]
) -> dict[str, Any]:
    """Stacked bars: per category (a week, a care profile) how 100 % splits over clusters."""
    data = [
        {
            "type": "bar",
            "name": name,
            "x": categories,
            "y": _pct(values),
            "marker": {"color": PALETTE[index % len(PALETTE)]},
            "hovertemplate": "%{x}: %{y:.1f} %<extra>" + name + "</extra>",
        }
        for index, (name, values) in enumerate(series)
    ]
    return {
        "data": data,
        "layout": _layout(
            title,
            barmode="stack",
            height=420,
            yaxis={"ticksuffix": " %", "range": [0, 100], "automargin": True},
            xaxis={"automargin": True, "type": "category"},
        ),
    }


def benchmark(
    title: str,
    labels: list[str],
    stats: list[dict[str, Any]],
    own: list[float | None] | None,
    own_name: str,
    sector_name: str,
) -> dict[str, Any]:
    """The sector's spread over facilities per cluster (box: min, quartiles, median, max) with,
    when given, one facility's own value as a marker beside it."""
    data: list[dict[str, Any]] = [
        {
            "type": "box",
            "name": sector_name,
            "orientation": "h",
            "y": labels,
            "q1": _pct([s["q1"] for s in stats]),
            "median": _pct([s["median"] for s in stats]),
            "q3": _pct([s["q3"] for s in stats]),
            "lowerfence": _pct([s["min"] for s in stats]),
            "upperfence": _pct([s["max"] for s in stats]),
            "mean": _pct([s["mean"] for s in stats]),
            "sd": _pct([s["sd"] or 0 for s in stats]),
            "boxmean": "sd",
            "marker": {"color": PALETTE[0]},
            "fillcolor": "rgba(0,114,178,0.15)",
            "hoverinfo": "x",
        }
    ]
    if own is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": own_name,
                "y": labels,
                "x": _pct(own),
                "marker": {"color": PALETTE[5], "size": 13, "symbol": "diamond"},
                "hovertemplate": "%{y}: %{x:.1f} %<extra>" + own_name + "</extra>",
            }
        )
    return {
        "data": data,
        "layout": _layout(
            title,
            height=max(340, 80 + 44 * len(labels)),
            xaxis={"ticksuffix": " %", "rangemode": "tozero", "automargin": True},
            yaxis={"autorange": "reversed", "automargin": True},
        ),
    }


def before_after(
    title: str, labels: list[str], before: list[float], after: list[float], names: tuple[str, str]
) -> dict[str, Any]:
    return share_bars(title, labels, [(names[0], before), (names[1], after)])
