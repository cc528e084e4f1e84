"""Plotly figures of the results, built in Python; the page passes the figure JSON with
json_script and static/js/charts.js draws it with the plotly.js the plotly package ships.
Every figure has the same numbers as a table on the page. Colours are Okabe-Ito (colour-blind
safe) and every series also differs by marker shape, so colour never carries meaning alone."""

from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from plotly.subplots import make_subplots

SPREAD = "#cfd8e3"
MEDIAN = "#000000"
BAND = "#009E73"
OWN = "#D55E00"
REFERENCE = "#0072B2"
POINTS = "#0072B2"
ATTENTION = "#D55E00"


def _json(figure: go.Figure) -> dict[str, Any]:
    return json.loads(figure.to_json())


def comparison(rows: list[dict[str, Any]], *, own_label: str) -> dict[str, Any] | None:
    """One row per figure: the Flemish spread (P25-P75) as a bar, the Flemish median, the median
    of circles with a similar density, and the circle's own value.

    `rows`: dicts with label, value, flanders (aggregate), band (aggregate), references
    (list of (x, label)) and tick (the number format)."""
    shown = [r for r in rows if r["value"] is not None or not r["flanders"].get("suppressed")]
    if not shown:
        return None
    height = 70 + 125 * len(shown)
    figure = make_subplots(
        rows=len(shown),
        cols=1,
        subplot_titles=[str(r["label"]) for r in shown],
        # About 70 px between rows: the next title never touches the tick labels above it.
        vertical_spacing=min(70 / height, 0.5 / len(shown)),
    )
    legend_done: set[str] = set()

    def legend(name: str) -> dict[str, Any]:
        first = name not in legend_done
        legend_done.add(name)
        return {"name": name, "showlegend": first, "legendgroup": name}

    for index, row in enumerate(shown, start=1):
        flanders, band = row["flanders"], row["band"]
        y = [""]
        if not flanders.get("suppressed"):
            figure.add_trace(
                go.Bar(
                    x=[flanders["p75"] - flanders["p25"]],
                    base=[flanders["p25"]],
                    y=y,
                    orientation="h",
                    marker={"color": SPREAD},
                    width=0.5,
                    hovertemplate=_(
                        "Vlaanderen, middelste helft van de kringen: %(low)s tot %(high)s"
                    )
                    % {"low": row["fmt"](flanders["p25"]), "high": row["fmt"](flanders["p75"])}
                    + "<extra></extra>",
                    **legend(_("Vlaanderen: middelste helft van de kringen")),
                ),
                row=index,
                col=1,
            )
            figure.add_trace(
                go.Scatter(
                    x=[flanders["median"]],
                    y=y,
                    mode="markers",
                    marker={
                        "symbol": "line-ns-open",
                        "size": 22,
                        "line": {"width": 3},
                        "color": MEDIAN,
                    },
                    hovertemplate=_("Vlaanderen, mediaan: %(value)s")
                    % {"value": row["fmt"](flanders["median"])}
                    + "<extra></extra>",
                    **legend(_("Vlaanderen: mediaan")),
                ),
                row=index,
                col=1,
            )
        if band and not band.get("suppressed"):
            figure.add_trace(
                go.Scatter(
                    x=[band["median"]],
                    y=y,
                    mode="markers",
                    marker={"symbol": "triangle-up", "size": 13, "color": BAND},
                    hovertemplate=_("Kringen met vergelijkbare dichtheid, mediaan: %(value)s")
                    % {"value": row["fmt"](band["median"])}
                    + "<extra></extra>",
                    **legend(_("Kringen met vergelijkbare dichtheid: mediaan")),
                ),
                row=index,
                col=1,
            )
        if row["value"] is not None:
            figure.add_trace(
                go.Scatter(
                    x=[row["value"]],
                    y=y,
                    mode="markers",
                    marker={
                        "symbol": "diamond",
                        "size": 14,
                        "color": OWN,
                        "line": {"width": 1, "color": "#000"},
                    },
                    hovertemplate=f"{own_label}: {row['fmt'](row['value'])}<extra></extra>",
                    **legend(own_label),
                ),
                row=index,
                col=1,
            )
        for x, label in row.get("references", []):
            figure.add_vline(
                x=x,
                line={"color": REFERENCE, "dash": "dash", "width": 1.5},
                annotation={"text": label, "font": {"size": 11, "color": REFERENCE}},
                annotation_position="bottom right",
                row=index,
                col=1,
            )
        figure.update_xaxes(rangemode="tozero", row=index, col=1, tickformat=row.get("tick", ""))
        figure.update_yaxes(showticklabels=False, row=index, col=1)
    figure.update_layout(
        template="simple_white",
        barmode="overlay",
        height=height,
        margin={"l": 12, "r": 12, "t": 30, "b": 20},
        legend={"orientation": "h", "y": -40 / height, "yanchor": "top"},
        hovermode="closest",
        separators=",.",
    )
    figure.update_annotations(font_size=13)
    return _json(figure)


def distributions(panels: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A box with every circle as a point, per figure (for the agency)."""
    panels = [p for p in panels if p["values"]]
    if not panels:
        return None
    columns = 2
    rows = (len(panels) + columns - 1) // columns
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[str(p["label"]) for p in panels],
        vertical_spacing=min(0.5 / rows, 0.1),
        horizontal_spacing=0.08,
    )
    for index, panel in enumerate(panels):
        names = [name for name, _value in panel["values"]]
        figure.add_trace(
            go.Box(
                x=[value for _name, value in panel["values"]],
                name="",
                boxpoints="all",
                jitter=0.4,
                pointpos=0,
                text=names,
                hovertemplate="%{text}: %{x}<extra></extra>",
                marker={"color": POINTS, "size": 6, "symbol": "circle-open"},
                line={"color": MEDIAN, "width": 1.5},
                fillcolor="rgba(207,216,227,0.6)",
                orientation="h",
                showlegend=False,
            ),
            row=index // columns + 1,
            col=index % columns + 1,
        )
    figure.update_yaxes(showticklabels=False)
    figure.update_layout(
        template="simple_white",
        height=60 + 150 * rows,
        margin={"l": 12, "r": 12, "t": 40, "b": 20},
        separators=",.",
    )
    figure.update_annotations(font_size=13)
    return _json(figure)


def composite(points: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Need score against supply score, one labelled point per circle; the quadrant of low
    supply and high need is shaded."""
    points = [p for p in points if p["need_z"] is not None and p["supply_z"] is not None]
    if not points:
        return None
    figure = go.Figure()
    reach = max(
        2.0, *(abs(p["need_z"]) + 0.5 for p in points), *(abs(p["supply_z"]) + 0.5 for p in points)
    )
    figure.add_shape(
        type="rect",
        x0=-reach,
        x1=0,
        y0=0,
        y1=reach,
        fillcolor="rgba(213,94,0,0.08)",
        line={"width": 0},
        layer="below",
    )
    figure.add_annotation(
        x=-reach, y=reach, xanchor="left", yanchor="top", showarrow=False,
        text=_("laag aanbod, hoge nood"), font={"color": ATTENTION, "size": 12},
    )  # fmt: skip
    for attention in (True, False):
        group = [p for p in points if p["attention"] == attention]
        if not group:
            continue
        figure.add_trace(
            go.Scatter(
                x=[p["supply_z"] for p in group],
                y=[p["need_z"] for p in group],
                mode="markers+text",
                text=[p["name"] for p in group],
                textposition="top center",
                textfont={"size": 11},
                marker={
                    "size": 11,
                    "symbol": "diamond" if attention else "circle",
                    "color": ATTENTION if attention else POINTS,
                    "line": {"width": 1, "color": "#000"},
                },
                name=_("laag aanbod én hoge nood") if attention else _("andere kringen"),
                hovertemplate="%{text}<br>"
                + _("aanbodscore")
                + " %{x:.2f} · "
                + _("zorgnoodscore")
                + " %{y:.2f}<extra></extra>",
            )
        )
    figure.add_hline(y=0, line={"color": "#666", "width": 1})
    figure.add_vline(x=0, line={"color": "#666", "width": 1})
    figure.update_layout(
        template="simple_white",
        height=520,
        margin={"l": 50, "r": 12, "t": 16, "b": 50},
        xaxis={
            "title": {"text": _("Aanbodscore (z van VTE per 1.000 inwoners)")},
            "range": [-reach, reach],
            "zeroline": False,
        },
        yaxis={
            "title": {"text": _("Zorgnoodscore (gemiddelde z van de zes indicatoren)")},
            "range": [-reach, reach],
            "zeroline": False,
        },
        legend={"orientation": "h", "y": -0.15, "yanchor": "top"},
        separators=",.",
    )
    return _json(figure)
