"""Finished data for the templates: formatted cells and the Plotly figure of each table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import get_format
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from . import charts
from .selectors import COUNT, HOURS, PERCENT, RATIO, Table

DASH = "—"


class Formatter:
    """Numbers in the active language's format: counts with thousands grouping (like
    |intcomma), hours, percentages and ratios with a fixed number of decimals and no grouping.
    Reads the separators once: a year of days has thousands of cells."""

    def __init__(self) -> None:
        self.decimal = str(get_format("DECIMAL_SEPARATOR"))
        self.thousands = str(get_format("THOUSAND_SEPARATOR"))

    def fixed(self, value: float, digits: int) -> str:
        return f"{value:.{digits}f}".replace(".", self.decimal)

    def __call__(self, value: Any, unit: str) -> str:
        if value is None:
            return DASH
        if unit == COUNT:
            return f"{value:,}".replace(",", self.thousands)
        if unit == HOURS:
            return self.fixed(value, 1)
        if unit == PERCENT:
            return f"{self.fixed(value, 1)} %"
        if unit == RATIO:
            return self.fixed(value, 2)
        return str(value)


def cell(value: Any, unit: str) -> str:
    return Formatter()(value, unit)


def headline(value: Any, unit: str) -> str:
    return cell(value, unit)


@dataclass
class ShownTable:
    table: Table
    figure_id: str
    figure: dict[str, Any] | None
    header: list[str]
    rows: list[tuple[str, list[str]]]
    total: tuple[str, list[str]] | None
    aria_label: str = ""

    @property
    def body(self) -> str:
        """The table's body rows as HTML (a year of days renders 5x faster than a template loop)."""
        return format_html_join(
            "\n",
            '<tr><th scope="row">{}</th>{}</tr>',
            (
                (label, format_html_join("", '<td class="number">{}</td>', ((v,) for v in cells)))
                for label, cells in self.rows
            ),
        )


def shown(table: Table, index: int) -> ShownTable:
    columns = table.columns
    fmt = Formatter()

    def cells(row: dict[str, Any]) -> tuple[str, list[str]]:
        return str(row["label"]), [fmt(row.get(c.key), c.unit) for c in columns]

    figure = None
    if table.chart and table.chart_columns:
        by_key = {c.key: c for c in columns}
        series = [
            (str(by_key[key].label), [row.get(key) for row in table.rows], by_key[key].unit)
            for key in table.chart_columns
        ]
        figure = charts.bar_chart(
            [str(row["label"]) for row in table.rows],
            series,
            stacked=table.chart == "stack",
            horizontal=len(table.rows) > 12 or table.key in ("practitioner", "bureau", "doctors"),
        )
    return ShownTable(
        table=table,
        figure_id=f"figure-{index}-{table.key}",
        figure=figure,
        header=[str(c.label) for c in columns],
        rows=[cells(row) for row in table.rows],
        total=cells(table.total) if table.total else None,
        aria_label=chart_label(table),
    )


def chart_label(table: Table) -> str:
    return _("Grafiek: %(caption)s. Dezelfde cijfers staan in de tabel.") % {
        "caption": table.caption
    }
