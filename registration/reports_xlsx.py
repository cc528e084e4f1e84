"""The .xlsx downloads of the facility and sector reports: the same tables as on the page,
one sheet each, numbers as numbers (shares as percentages), with an explanation sheet."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.lib.spreadsheets import neutralise_formula

PERCENT = "0.0%"
HOURS = "#,##0.00"
EURO = "€ #,##0.00"


def _sheet(
    workbook: Workbook,
    title: str,
    header: list[str],
    rows: list[list[Any]],
    formats: list[str | None],
) -> None:
    sheet = workbook.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise_formula(v) if isinstance(v, str) else v for v in row])
    for index, number_format in enumerate(formats, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(60, len(str(header[index - 1])) + 4))
        if number_format:
            for cell in sheet[letter][1:]:
                cell.number_format = number_format
    sheet.freeze_panes = "A2"


def _explanation(workbook: Workbook, lines: list[str]) -> None:
    sheet = workbook.create_sheet(_("Toelichting"))
    for line in lines:
        sheet.append([line])
    sheet.column_dimensions["A"].width = 120


def _to_bytes(workbook: Workbook) -> bytes:
    del workbook[workbook.sheetnames[0]]  # the empty default sheet
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def explanation_lines() -> list[str]:
    return [
        _(
            "Uren = geregistreerde minuten ÷ 60. "
            "Kost = uren × kost per uur klinisch werk van de zorgverlener."
        ),
        _(
            "Kost per uur = bruto kost per maand voor klinisch werk × 12 ÷ "
            "(uren klinisch werk per week × 52)."
        ),
        _("Tijdsaandeel = uren ÷ alle uren van hetzelfde geheel; kostaandeel = kost ÷ alle kost."),
        _(
            "Sectorspreiding: elke voorziening telt één keer; gemiddelde, mediaan, "
            "standaarddeviatie (n − 1), minimum en maximum over de voorzieningen."
        ),
        _("Zorgverleners en voorzieningen staan onder een vast pseudoniem (sleutel-hash)."),
    ]


def facility_workbook(report: dict[str, Any]) -> bytes:
    workbook = Workbook()
    _sheet(
        workbook,
        _("Clusters"),
        [_("Cluster"), _("Uren"), _("Tijdsaandeel"), _("Kost (euro)"), _("Kostaandeel")],
        [
            [r["label"], r["hours"], r["time_share"], r["cost"], r["cost_share"]]
            for r in report["clusters"]
        ],
        [None, HOURS, PERCENT, EURO, PERCENT],
    )
    _sheet(
        workbook,
        _("Activiteiten"),
        [
            _("Cluster"),
            _("Activiteit"),
            _("Uren"),
            _("Tijdsaandeel binnen de cluster"),
            _("Kostaandeel binnen de cluster"),
            _("Tijdsaandeel in het totaal"),
            _("Kost (euro)"),
        ],
        [
            [
                g["label"],
                r["label"],
                r["hours"],
                r["time_share_in_cluster"],
                r["cost_share_in_cluster"],
                r["time_share"],
                r["cost"],
            ]
            for g in report["activity_groups"]
            for r in g["rows"]
        ],
        [None, None, HOURS, PERCENT, PERCENT, PERCENT, EURO],
    )
    _sheet(
        workbook,
        _("Zorgprofielen"),
        [
            _("Zorgprofiel"),
            _("Zorgverleners"),
            _("Uren"),
            _("Kost per uur (gemiddeld)"),
            *report["week_clusters"],
        ],
        [
            [r["label"], r["providers"], r["hours"], r["cost_per_hour"], *r["shares"]]
            for r in report["functions"]
        ],
        [None, None, HOURS, EURO, *[PERCENT] * len(report["week_clusters"])],
    )
    _sheet(
        workbook,
        _("Per week"),
        [_("Week van"), _("Uren"), *report["week_clusters"]],
        [[r["week"], r["hours"], *r["shares"]] for r in report["weeks"]],
        [None, HOURS, *[PERCENT] * len(report["week_clusters"])],
    )
    provider_header = [_("Pseudoniem"), _("Zorgfunctie"), _("Uren"), _("Aandeel in de uren")]
    provider_formats: list[str | None] = [None, None, HOURS, PERCENT]
    if report["show_costs"]:
        provider_header += [_("Kost (euro)"), _("Kost per uur")]
        provider_formats += [EURO, EURO]
    _sheet(
        workbook,
        _("Zorgverleners"),
        provider_header,
        [
            [r["pseudonym"], r["label"], r["hours"], r["share_of_hours"]]
            + ([r["cost"], r["cost_per_hour"]] if report["show_costs"] else [])
            for r in report["providers"]
        ],
        provider_formats,
    )
    _sheet(
        workbook,
        _("Vergelijking sector"),
        [
            _("Cluster"),
            _("Tijdsaandeel voorziening"),
            _("Gemiddelde sector"),
            _("Mediaan sector"),
            _("Standaarddeviatie"),
            _("Minimum"),
            _("Maximum"),
            _("Voorzieningen met minder"),
            _("Aantal voorzieningen"),
        ],
        [
            [
                r["label"],
                r["time"],
                r["sector_time"]["mean"],
                r["sector_time"]["median"],
                r["sector_time"]["sd"],
                r["sector_time"]["min"],
                r["sector_time"]["max"],
                r["time_rank"],
                r["facilities"],
            ]
            for r in report["benchmark"]
        ],
        [None, PERCENT, PERCENT, PERCENT, PERCENT, PERCENT, PERCENT, None, None],
    )
    _explanation(workbook, explanation_lines())
    return _to_bytes(workbook)


def sector_workbook(report: dict[str, Any]) -> bytes:
    workbook = Workbook()
    stats = [_("Gemiddelde"), _("Mediaan"), _("Standaarddeviatie"), _("Minimum"), _("Maximum")]
    _sheet(
        workbook,
        _("Clusters"),
        [_("Cluster"), _("Uren"), _("Tijdsaandeel"), _("Kost (euro)"), _("Kostaandeel")]
        + [f"{_('Tijd')}: {s}" for s in stats]
        + [f"{_('Kost')}: {s}" for s in stats],
        [
            [r["label"], r["hours"], r["time_share"], r["cost"], r["cost_share"]]
            + [r["time_spread"][k] for k in ("mean", "median", "sd", "min", "max")]
            + [r["cost_spread"][k] for k in ("mean", "median", "sd", "min", "max")]
            for r in report["clusters"]
        ],
        [None, HOURS, PERCENT, EURO, PERCENT, *[PERCENT] * 10],
    )
    _sheet(
        workbook,
        _("Activiteiten"),
        [
            _("Cluster"),
            _("Activiteit"),
            _("Uren"),
            _("Tijdsaandeel binnen de cluster"),
            _("Kostaandeel binnen de cluster"),
            _("Tijdsaandeel in het totaal"),
        ]
        + [f"{_('Voorzieningen')}: {s}" for s in stats],
        [
            [
                g["label"],
                r["label"],
                r["hours"],
                r["time_share_in_cluster"],
                r["cost_share_in_cluster"],
                r["time_share"],
            ]
            + [(r["spread"] or {}).get(k) for k in ("mean", "median", "sd", "min", "max")]
            for g in report["activity_groups"]
            for r in g["rows"]
        ],
        [None, None, HOURS, PERCENT, PERCENT, PERCENT, *[PERCENT] * 5],
    )
    for title, groups in (
        (_("CAR en CGG"), report["type_groups"]),
        (_("Grootte"), report["size_groups"]),
    ):
        _sheet(
            workbook,
            title,
            [
                _("Groep"),
                _("Voorzieningen"),
                _("Cluster"),
                _("Gemiddelde"),
                _("Mediaan"),
                _("Standaarddeviatie"),
            ],
            [
                [g["label"], g["n"], label, c["time"]["mean"], c["time"]["median"], c["time"]["sd"]]
                for g in groups
                for label, c in zip(report["used_labels"], g["clusters"], strict=True)
            ],
            [None, None, None, PERCENT, PERCENT, PERCENT],
        )
    _sheet(
        workbook,
        _("Voorzieningen"),
        [_("Voorziening"), _("Type"), _("Grootte"), _("Uren"), *report["used_labels"]],
        [
            [f["title"], f["type_label"], f["size_label"], f["hours"], *f["shares"]]
            for f in report["facilities"]
        ],
        [None, None, None, HOURS, *[PERCENT] * len(report["used_labels"])],
    )
    _sheet(
        workbook,
        _("Zorgprofielen"),
        [
            _("Zorgprofiel"),
            _("Zorgverleners"),
            _("Uren"),
            _("Kost per uur (gemiddeld)"),
            *report["used_labels"],
        ],
        [
            [r["label"], r["providers"], r["hours"], r["cost_per_hour"], *r["shares"]]
            for r in report["functions"]
        ],
        [None, None, HOURS, EURO, *[PERCENT] * len(report["used_labels"])],
    )
    _explanation(workbook, explanation_lines())
    return _to_bytes(workbook)
