"""Growth charts: the child's points on the WHO centile lines, as Plotly figures and tables.

Built in Python; the page passes the figure JSON with json_script and a static script draws it
with the plotly.js that the plotly package ships. Every chart has the same numbers as a table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import plotly.graph_objects as go
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import growth

# Colour-blind-safe (Okabe-Ito); lines also differ by dash, so colour never carries meaning alone.
LINE_STYLE = {
    3: ("#0072B2", "dot"),
    15: ("#009E73", "dash"),
    50: ("#000000", "solid"),
    85: ("#009E73", "dash"),
    97: ("#0072B2", "dot"),
}
POINT_COLOUR = "#D55E00"


@dataclass
class ChartRow:
    measured_on: date
    age_label: str
    value: float
    z: float
    centile: float


@dataclass
class Chart:
    code: str
    title: str
    question: str
    unit: str
    rows: list[ChartRow] = field(default_factory=list)
    figure: dict[str, Any] = field(default_factory=dict)
    crossings: list[tuple[growth.Point, growth.Point, int]] = field(default_factory=list)
    corrected: bool = False

    @property
    def element_id(self) -> str:
        return f"figure-{self.code}"


def age_label(age_days: int) -> str:
    if age_days < 61:
        return _("%(n)s weken") % {"n": age_days // 7}
    months = age_days / growth.DAYS_PER_MONTH
    if months < 24:
        return _("%(n)s maanden") % {"n": int(months)}
    years, rest = divmod(int(months), 12)
    return _("%(y)s jaar %(m)s mnd") % {"y": years, "m": rest}


def _fmt(value: float, digits: int = 1) -> str:
    return number_format(round(value, digits), digits)


def _points(
    indicator: growth.Indicator, sex: str, values: list[tuple[date, int, float]]
) -> list[growth.Point]:
    points = []
    for measured_on, age_days, value in values:
        try:
            lms = growth.lms_at(indicator, sex, age_days)
        except growth.OutOfReferenceError:
            continue
        z = growth.z_score(indicator, lms, value)
        points.append(growth.Point(age_days, value, z, growth.centile(z), measured_on.isoformat()))
    return points


def build_chart(
    *,
    code: str,
    sex: str,
    values: list[tuple[date, int, float]],
    corrected: bool,
) -> Chart | None:
    """A chart for one indicator: `values` are (date, age in days for the chart, value)."""
    indicator = growth.INDICATORS[code]
    titles = {
        "weight": (
            _("Gewicht naar leeftijd"),
            _("Groeit het gewicht van je kind zoals verwacht?"),
            "kg",
        ),
        "length": (_("Lengte naar leeftijd"), _("Groeit je kind in lengte zoals verwacht?"), "cm"),
        "head": (
            _("Hoofdomtrek naar leeftijd"),
            _("Groeit het hoofd van je kind zoals verwacht?"),
            "cm",
        ),
        "bmi": (_("BMI naar leeftijd"), _("Past het gewicht bij de lengte van je kind?"), "kg/m²"),
    }
    title, question, unit = titles[code]
    points = _points(indicator, sex, values)
    if not points:
        return None
    chart = Chart(code=code, title=title, question=question, unit=unit, corrected=corrected)
    last_age = max(p.age_days for p in points)
    # Show at least the first two years, and half a year beyond the last measurement.
    until = max(730, last_age + 183) if last_age < 1826 else last_age + 365
    first_age = 0 if last_age < 1826 else max(0, min(p.age_days for p in points) - 365)
    curves = growth.centile_curves(indicator, sex, until)
    figure = go.Figure()
    for percentile, line in curves.items():
        line = [(x, y) for x, y in line if x * growth.DAYS_PER_MONTH >= first_age]
        colour, dash = LINE_STYLE[percentile]
        figure.add_trace(
            go.Scatter(
                x=[x for x, _y in line],
                y=[y for _x, y in line],
                mode="lines",
                name=f"P{percentile}",
                line={"color": colour, "dash": dash, "width": 2 if percentile == 50 else 1},
                hoverinfo="skip",
            )
        )
    hover = []
    for point in points:
        row = ChartRow(
            measured_on=date.fromisoformat(point.measured_on),
            age_label=age_label(point.age_days),
            value=point.value,
            z=point.z,
            centile=point.centile,
        )
        chart.rows.append(row)
        hover.append(
            _("%(date)s · %(age)s<br>%(value)s %(unit)s · percentiel %(p)s · z = %(z)s")
            % {
                "date": row.measured_on.strftime("%d/%m/%Y"),
                "age": row.age_label,
                "value": _fmt(point.value, 2 if code == "weight" else 1),
                "unit": unit,
                "p": _fmt(point.centile, 0),
                "z": _fmt(point.z, 2),
            }
        )
    figure.add_trace(
        go.Scatter(
            x=[round(p.age_days / growth.DAYS_PER_MONTH, 3) for p in points],
            y=[p.value for p in points],
            mode="lines+markers",
            name=_("Je kind"),
            line={"color": POINT_COLOUR, "width": 2},
            marker={"size": 9, "symbol": "diamond", "color": POINT_COLOUR},
            hovertext=hover,
            hoverinfo="text",
        )
    )
    x_title = _("Leeftijd in maanden") + (" " + _("(gecorrigeerd tot 2 jaar)") if corrected else "")
    figure.update_layout(
        xaxis={"title": {"text": x_title}, "rangemode": "tozero"},
        yaxis={"title": {"text": unit}},
        legend={"orientation": "h", "y": -0.22, "yanchor": "top"},
        margin={"l": 48, "r": 12, "t": 16, "b": 48},
        template="simple_white",
        height=460,
        hovermode="closest",
    )
    chart.figure = json.loads(figure.to_json())
    chart.crossings = growth.crossings(points)
    return chart


def growth_charts(child: Any, measurements: list[Any]) -> list[Chart]:
    """All charts that apply to the child: weight, length/height, head (0-5 y), BMI (from 2 y)."""
    sex = child.sex
    ordered = sorted(measurements, key=lambda m: m.measured_on)

    def age(m: Any) -> int:
        return child.corrected_age_in_days(m.measured_on)

    series: dict[str, list[tuple[date, int, float]]] = {
        "weight": [],
        "length": [],
        "head": [],
        "bmi": [],
    }
    for m in ordered:
        if m.weight_kg is not None:
            series["weight"].append((m.measured_on, age(m), float(m.weight_kg)))
        if m.length_cm is not None:
            series["length"].append((m.measured_on, age(m), float(m.length_cm)))
        if m.head_circumference_cm is not None:
            series["head"].append((m.measured_on, age(m), float(m.head_circumference_cm)))
        if m.weight_kg is not None and m.length_cm is not None and age(m) >= 730:
            metres = float(m.length_cm) / 100
            series["bmi"].append((m.measured_on, age(m), float(m.weight_kg) / (metres * metres)))
    charts = []
    for code in ("weight", "length", "head", "bmi"):
        chart = build_chart(code=code, sex=sex, values=series[code], corrected=child.is_preterm)
        if chart:
            charts.append(chart)
    return charts
