"""The results as .xlsx: a circle's own figures beside Flanders, and every circle for the agency.
Numbers stay numbers; text cells that a spreadsheet would run as formulas are neutralised
(questionnaires.exports). No ORM: reads the stored result set and rows."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from questionnaires.exports import workbook_bytes

from . import metrics, presentation


def _number(value: float | None, decimals: int) -> float | None:
    return None if value is None else round(value, decimals + 2)


def _explanation(result_set: Any) -> tuple[str, list[str], list[list[Any]]]:
    options = result_set.options
    rows = [
        [_("Berekend op"), date_format(localtime(result_set.computed_at), "j F Y, H:i")],
        [_("Aanleiding"), result_set.get_reason_display()],
        [_("Jaar van de indicatoren"), result_set.indicator_year],
        [_("Vragenlijst"), result_set.round_title or _("geen afgesloten ronde")],
        [_("Aantal kringen"), result_set.circle_count],
        [
            _("Onderdrukt"),
            _("Cijfers over minder dan %(n)s kringen worden niet getoond.")
            % {"n": options.get("min_circles", 5)},
        ],
    ]
    if result_set.is_synthetic:
        rows.append(
            [_("Let op"), _("De indicatoren van zorgnood zijn synthetisch (demogegevens).")]
        )
    for metric in metrics.ALL:
        rows.append([str(metric.label), presentation._formula(metric, options)])
    return _("Uitleg"), [_("Onderwerp"), _("Toelichting")], rows


def circle_workbook(result: Any, result_set: Any) -> bytes:
    header = [
        _("Kenmerk"),
        _("Eenheid"),
        _("Jouw kring"),
        _("Vlaanderen: mediaan"),
        _("Vlaanderen: 25e percentiel"),
        _("Vlaanderen: 75e percentiel"),
        _("Aantal kringen"),
        _("Vergelijkbare dichtheid: mediaan"),
        _("Aantal kringen (vergelijkbare dichtheid)"),
    ]
    sheets = []
    for title, group in ((_("Zorgaanbod"), metrics.SUPPLY), (_("Zorgnood"), metrics.NEED)):
        rows = []
        for metric in group:
            flanders = result_set.flanders.get(metric.key, {})
            band = (result_set.bands.get(result.band, {}) if result.band else {}).get(
                metric.key, {}
            )
            shown = not flanders.get("suppressed", True)
            band_shown = not band.get("suppressed", True)
            rows.append(
                [
                    str(metric.label),
                    str(metric.unit),
                    _number(result.figures.get(metric.key), metric.decimals),
                    _number(flanders.get("median"), metric.decimals) if shown else None,
                    _number(flanders.get("p25"), metric.decimals) if shown else None,
                    _number(flanders.get("p75"), metric.decimals) if shown else None,
                    flanders.get("n", 0),
                    _number(band.get("median"), metric.decimals) if band_shown else None,
                    band.get("n", 0),
                ]
            )
        sheets.append((title, header, rows))
    question_rows = []
    for row in presentation.question_rows(result, result_set):
        if not row.aggregated:
            flanders = _("niet samengevat (vrije tekst of datum)")
        elif row.suppressed:
            flanders = _("minder dan 5 kringen: niet getoond")
        elif row.shares:
            flanders = " · ".join(f"{label}: {share}%" for label, share, _f, _o in row.shares)
        else:
            flanders = _("mediaan %(median)s (middelste helft %(spread)s)") % {
                "median": row.median,
                "spread": row.spread,
            }
        question_rows.append([row.text, row.own, flanders, row.n])
    sheets.append(
        (
            _("Vragenlijst"),
            [_("Vraag"), _("Jouw antwoord"), _("Vlaanderen"), _("Aantal kringen")],
            question_rows,
        )
    )
    sheets.append(_explanation(result_set))
    return workbook_bytes(sheets)


def agency_workbook(results: list[Any], result_set: Any) -> bytes:
    header = [
        _("Kring"),
        _("Eerstelijnszone"),
        _("Dichtheidsgroep"),
        *[f"{m.label} ({m.unit})" for m in metrics.ALL],
        _("Zorgnoodscore"),
        _("Aanbodscore"),
        _("Samengestelde score"),
        _("Rang"),
        _("Laag aanbod én hoge nood"),
        _("Tekort volgens de criteria"),
    ]
    rows = [
        [
            r.circle.name,
            r.care_zone,
            str(presentation.BAND_LABELS.get(r.band, "")),
            *[_number(r.figures.get(m.key), m.decimals) for m in metrics.ALL],
            _number(r.need_z, 2),
            _number(r.supply_z, 2),
            _number(r.composite, 2),
            r.rank,
            _("ja") if r.attention else _("nee"),
            str(presentation.SHORTAGE_LABELS.get(r.shortage, "")),
        ]
        for r in results
    ]
    aggregates = []
    for metric in metrics.ALL:
        agg = result_set.flanders.get(metric.key, {})
        shown = not agg.get("suppressed", True)
        aggregates.append(
            [
                str(metric.label),
                str(metric.unit),
                agg.get("n", 0),
                *[
                    _number(agg.get(k), metric.decimals) if shown else None
                    for k in ("median", "p25", "p75", "min", "max")
                ],
            ]
        )
    return workbook_bytes(
        [
            (_("Kringen"), header, rows),
            (
                _("Vlaanderen"),
                [
                    _("Kenmerk"),
                    _("Eenheid"),
                    _("Aantal kringen"),
                    _("Mediaan"),
                    _("25e percentiel"),
                    _("75e percentiel"),
                    _("Minimum"),
                    _("Maximum"),
                ],
                aggregates,
            ),
            _explanation(result_set),
        ]
    )
