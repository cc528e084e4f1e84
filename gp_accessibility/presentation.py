"""Stored results turned into what the pages and downloads show: formatted rows beside Flanders
and similar-density circles, the questionnaire rows, and the inputs of the charts. Reads only
the stored result set and circle rows (no queries)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import charts, metrics
from .metrics import Metric

BAND_LABELS = {
    "rural": gettext_lazy("landelijk"),
    "mixed": gettext_lazy("halfstedelijk"),
    "urban": gettext_lazy("stedelijk"),
}
SHORTAGE_LABELS = {
    "below_90": gettext_lazy("minder dan 90 huisartsen per 100.000 inwoners"),
    "low_density_below_120": gettext_lazy(
        "minder dan 120 huisartsen per 100.000 inwoners bij minder dan 125 inwoners per km²"
    ),
}


def formatter(decimals: int) -> Callable[[float | None], str]:
    def fmt(value: float | None) -> str:
        if value is None:
            return "–"
        return number_format(round(value, decimals), decimals, use_l10n=True, force_grouping=True)

    return fmt


def band_label(band: str, options: dict[str, Any]) -> str:
    if not band:
        return ""
    low, high = options.get("density_bands", (300, 750))
    limits = {
        "rural": _("minder dan %(n)s inwoners per km²") % {"n": formatter(0)(low)},
        "mixed": _("%(low)s tot %(high)s inwoners per km²")
        % {"low": formatter(0)(low), "high": formatter(0)(high)},
        "urban": _("%(n)s of meer inwoners per km²") % {"n": formatter(0)(high)},
    }
    return f"{BAND_LABELS[band]} ({limits[band]})"


@dataclass
class FigureRow:
    metric: Metric
    formula: str
    own: str
    own_value: float | None
    median: str = ""
    spread: str = ""
    n: int = 0
    suppressed: bool = True
    band_median: str = ""
    band_n: int = 0
    band_suppressed: bool = True
    position: str = ""  # "boven" / "onder" / "gelijk" beside the Flemish median, in words

    @property
    def label(self) -> Any:
        return self.metric.label


def _formula(metric: Metric, options: dict[str, Any]) -> str:
    text = str(metric.formula)
    return text % {"hours": formatter(0)(options.get("fte_hours", 38))} if "%(" in text else text


def figure_rows(group: tuple[Metric, ...], result: Any, result_set: Any) -> list[FigureRow]:
    rows = []
    for metric in group:
        fmt = formatter(metric.decimals)
        value = result.figures.get(metric.key) if result else None
        flanders = result_set.flanders.get(metric.key, {"n": 0, "suppressed": True})
        band = (result_set.bands.get(result.band, {}) if result and result.band else {}).get(
            metric.key, {"n": 0, "suppressed": True}
        )
        row = FigureRow(
            metric=metric,
            formula=_formula(metric, result_set.options),
            own=fmt(value),
            own_value=value,
            n=flanders.get("n", 0),
            suppressed=flanders.get("suppressed", True),
            band_n=band.get("n", 0),
            band_suppressed=band.get("suppressed", True),
        )
        if not row.suppressed:
            row.median = fmt(flanders["median"])
            row.spread = f"{fmt(flanders['p25'])} – {fmt(flanders['p75'])}"
            if value is not None:
                if round(value, metric.decimals) > round(flanders["median"], metric.decimals):
                    row.position = _("hoger dan de mediaan")
                elif round(value, metric.decimals) < round(flanders["median"], metric.decimals):
                    row.position = _("lager dan de mediaan")
                else:
                    row.position = _("gelijk aan de mediaan")
        if not row.band_suppressed:
            row.band_median = fmt(band["median"])
        rows.append(row)
    return rows


def comparison_chart(
    group: tuple[Metric, ...], result: Any, result_set: Any, keys: tuple[str, ...]
) -> dict[str, Any] | None:
    options = result_set.options
    chart_rows = []
    for metric in group:
        if metric.key not in keys:
            continue
        references = []
        if metric.key == "gps_per_100k":
            references = [
                (options.get("shortage_per_100k", 90), _("tekort: 90")),
                (options.get("shortage_per_100k_low_density", 120), _("tekort landelijk: 120")),
            ]
        chart_rows.append(
            {
                "label": metric.label,
                "value": result.figures.get(metric.key) if result else None,
                "flanders": result_set.flanders.get(metric.key, {"suppressed": True}),
                "band": (
                    result_set.bands.get(result.band, {}) if result and result.band else {}
                ).get(metric.key),
                "fmt": formatter(metric.decimals),
                "references": references,
            }
        )
    return charts.comparison(chart_rows, own_label=_("Jouw kring"))


SUPPLY_CHART = ("gps_per_100k", "fte_per_1000", "accepting_share")
NEED_CHART = (
    "density",
    "arrears_share",
    "chronic_share",
    "low_work_intensity_share",
    "single_parent_share",
    "alone_75_share",
    "net_income",
)


@dataclass
class QuestionRow:
    code: str
    text: str
    own: str
    n: int
    aggregated: bool
    suppressed: bool
    shares: list[tuple[str, str, float, bool]] = field(default_factory=list)  # label, %, 0-1, own
    median: str = ""
    spread: str = ""


def _display(entry: dict[str, Any], value: Any) -> str:
    if value in (None, "", []):
        return _("(niet beantwoord)")
    labels = {v: label for v, label in entry.get("choices", [])}
    if isinstance(value, list):
        return ", ".join(labels.get(str(v), str(v)) for v in value)
    if entry["kind"] == "number":
        return formatter(1 if float(value) % 1 else 0)(float(value))
    if entry["kind"] == "date":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    return labels.get(str(value), str(value))


def question_rows(result: Any, result_set: Any) -> list[QuestionRow]:
    answers = result.answers if result else {}
    rows = []
    for entry in result_set.questions:
        own = answers.get(entry["code"])
        chosen = {str(v) for v in own} if isinstance(own, list) else {str(own)}
        row = QuestionRow(
            code=entry["code"],
            text=entry["text"],
            own=_display(entry, own),
            n=entry.get("n", 0),
            aggregated=entry.get("aggregated", False),
            suppressed=entry.get("suppressed", True),
        )
        if row.aggregated and not row.suppressed:
            if "shares" in entry:
                labels = dict(entry.get("choices", []))
                row.shares = [
                    (labels.get(v, v), formatter(0)(share), share / 100, v in chosen)
                    for v, share in entry["shares"].items()
                ]
            else:
                fmt = formatter(1)
                row.median = fmt(entry["median"])
                row.spread = f"{fmt(entry['p25'])} – {fmt(entry['p75'])}"
        rows.append(row)
    return rows


def metric_groups() -> tuple[tuple[str, tuple[Metric, ...]], ...]:
    return (("supply", metrics.SUPPLY), ("need", metrics.NEED))
