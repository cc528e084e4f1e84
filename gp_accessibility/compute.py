"""The accessibility results, computed from plain inputs (no ORM, no Django settings): each
circle's care supply and care need, the Flemish aggregates (median and spread over circles),
the aggregates of circles with a similar population density, the questionnaire answers over
all circles, and the composite that shows which circles combine low supply with high need.

Definitions (also shown on the pages):
- A municipality's figures are its own row, or the sum (residents, area) and resident-weighted
  average (indicators) of its statistical sectors.
- A circle's residents and area are the weighted sum over its municipalities (weight 1/n when
  n circles share a municipality, see `areas`); an indicator is the resident-weighted average
  over the municipalities that have it.
- Median and quartiles over circles: the inclusive method (as Excel's QUARTILE.INC); an
  aggregate over fewer than `min_circles` circles is suppressed (only its count is kept).
- z-score of a figure: (circle − mean over circles) / standard deviation over circles
  (population formula; 0 when every circle has the same value).
  Need score = average over the six indicators of z × sign (sign −1 for income: more income,
  less need). Supply score = z of full-time equivalents per 1,000 residents.
  Composite = need score − supply score: the higher, the more the circle combines high need
  with low supply. Rank 1 is the highest composite.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .indicators import NEED_INDICATORS
from .metrics import ALL as METRICS

SUPPLY_SCORE_METRIC = "fte_per_1000"
CHOICE_KINDS = ("single", "multiple", "scale")


@dataclass(frozen=True)
class Options:
    fte_hours: float = 38.0
    min_circles: int = 5
    density_bands: tuple[float, float] = (300.0, 750.0)  # rural < 300 <= mixed < 750 <= urban
    shortage_per_100k: float = 90.0
    low_density: float = 125.0
    shortage_per_100k_low_density: float = 120.0


@dataclass(frozen=True)
class GP:
    hours: float
    accepts: str  # "ja", "beperkt" or "nee"


@dataclass(frozen=True)
class AreaRow:
    """One stored row: a municipality or one of its statistical sectors."""

    municipality: str
    population: float
    area_km2: float
    values: dict[str, float | None]


@dataclass
class CircleInput:
    circle_id: int
    name: str
    weights: dict[str, float] = field(default_factory=dict)  # NIS code -> share
    gps: list[GP] | None = None  # None: no accepted list yet
    answers: dict[str, Any] | None = None  # question code -> value; None: not submitted


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    text: str
    kind: str
    choices: tuple[tuple[str, str], ...] = ()


@dataclass
class CircleOutput:
    circle_id: int
    name: str
    band: str  # "rural" | "mixed" | "urban" | ""
    figures: dict[str, float | int | None]
    coverage: dict[str, int]
    answers: dict[str, Any]
    shortage: str = ""  # "" | "below_90" | "low_density_below_120"
    need_z: float | None = None
    supply_z: float | None = None
    composite: float | None = None
    rank: int | None = None
    attention: bool = False


@dataclass
class Results:
    circles: list[CircleOutput]
    flanders: dict[str, dict[str, Any]]
    bands: dict[str, dict[str, dict[str, Any]]]
    questions: list[dict[str, Any]]


# --- Municipalities -------------------------------------------------------------------------------


def roll_up(rows: Iterable[AreaRow]) -> dict[str, AreaRow]:
    """Sectors to their municipality: residents and area summed, indicators weighted by
    residents over the rows that have them."""
    grouped: dict[str, list[AreaRow]] = defaultdict(list)
    for row in rows:
        grouped[row.municipality].append(row)
    result = {}
    for municipality, parts in grouped.items():
        if len(parts) == 1:
            result[municipality] = parts[0]
            continue
        values = {}
        for indicator in NEED_INDICATORS:
            known = [(p.population, p.values.get(indicator.key)) for p in parts]
            known = [(w, v) for w, v in known if v is not None]
            weight = sum(w for w, _v in known)
            values[indicator.key] = (
                sum(w * v for w, v in known) / weight if known and weight else None
            )
        result[municipality] = AreaRow(
            municipality,
            sum(p.population for p in parts),
            sum(p.area_km2 for p in parts),
            values,
        )
    return result


# --- Statistics -----------------------------------------------------------------------------------


def aggregate(values: Iterable[float | None], min_circles: int) -> dict[str, Any]:
    """Median, quartiles, minimum and maximum over circles; only the count below the minimum."""
    data = sorted(v for v in values if v is not None)
    if len(data) < min_circles or len(data) < 2:
        return {"n": len(data), "suppressed": True}
    p25, median, p75 = statistics.quantiles(data, n=4, method="inclusive")
    return {
        "n": len(data),
        "suppressed": False,
        "median": median,
        "p25": p25,
        "p75": p75,
        "min": data[0],
        "max": data[-1],
    }


def z_scores(values: dict[int, float | None]) -> dict[int, float]:
    known = {k: v for k, v in values.items() if v is not None}
    if len(known) < 2:
        return {}
    mean = statistics.fmean(known.values())
    sd = statistics.pstdev(known.values())
    return {k: (v - mean) / sd if sd else 0.0 for k, v in known.items()}


# --- One circle -----------------------------------------------------------------------------------


def _divide(a: float | None, b: float | None, factor: float = 1.0) -> float | None:
    if a is None or not b:
        return None
    return a / b * factor


def band_of(density: float | None, options: Options) -> str:
    if density is None:
        return ""
    low, high = options.density_bands
    if density < low:
        return "rural"
    if density < high:
        return "mixed"
    return "urban"


def circle_figures(
    circle: CircleInput, municipalities: dict[str, AreaRow], options: Options
) -> CircleOutput:
    covered = [(m, w) for m, w in circle.weights.items() if m in municipalities]
    population = sum(municipalities[m].population * w for m, w in covered) if covered else None
    area = sum(municipalities[m].area_km2 * w for m, w in covered) if covered else None
    figures: dict[str, Any] = {
        "population": population,
        "area_km2": area,
        "density": _divide(population, area),
    }
    for indicator in NEED_INDICATORS:
        known = [
            (municipalities[m].population * w, municipalities[m].values.get(indicator.key))
            for m, w in covered
        ]
        known = [(weight, v) for weight, v in known if v is not None]
        total = sum(weight for weight, _v in known)
        figures[indicator.key] = (
            sum(weight * v for weight, v in known) / total if known and total else None
        )
    gps = circle.gps
    if gps is None:
        for key in (
            "gp_count",
            "weekly_hours",
            "fte",
            "accepting_share",
            "limited_share",
            "gps_per_1000",
            "fte_per_1000",
            "gps_per_100k",
        ):
            figures[key] = None
    else:
        count = len(gps)
        hours = sum(gp.hours for gp in gps)
        fte = hours / options.fte_hours
        figures.update(
            {
                "gp_count": count,
                "weekly_hours": hours,
                "fte": fte,
                "accepting_share": _divide(sum(gp.accepts == "ja" for gp in gps), count, 100),
                "limited_share": _divide(sum(gp.accepts == "beperkt" for gp in gps), count, 100),
                "gps_per_1000": _divide(count, population, 1000),
                "fte_per_1000": _divide(fte, population, 1000),
                "gps_per_100k": _divide(count, population, 100_000),
            }
        )
    shortage = ""
    per_100k, density = figures["gps_per_100k"], figures["density"]
    if per_100k is not None:
        if per_100k < options.shortage_per_100k:
            shortage = "below_90"
        elif (
            density is not None
            and density < options.low_density
            and per_100k < options.shortage_per_100k_low_density
        ):
            shortage = "low_density_below_120"
    return CircleOutput(
        circle_id=circle.circle_id,
        name=circle.name,
        band=band_of(density, options),
        figures=figures,
        coverage={"municipalities": len(circle.weights), "with_data": len(covered)},
        answers=dict(circle.answers or {}),
        shortage=shortage,
    )


# --- Questionnaire answers over circles -----------------------------------------------------------


def question_aggregates(
    questions: list[QuestionSpec], answers: list[dict[str, Any]], min_circles: int
) -> list[dict[str, Any]]:
    """Per question, in questionnaire order: the share of circles per choice (a multiple choice:
    the share of circles that ticked it) or, for numbers, median and quartiles. Free text and
    dates are listed (a circle sees its own answer) but never aggregated."""
    result = []
    for question in questions:
        given = [a[question.code] for a in answers if a.get(question.code) not in (None, "", [])]
        entry: dict[str, Any] = {
            "code": question.code,
            "text": question.text,
            "kind": question.kind,
            "choices": [list(choice) for choice in question.choices],
            "n": len(given),
            "aggregated": question.kind in (*CHOICE_KINDS, "number"),
        }
        if question.kind in CHOICE_KINDS:
            if len(given) < min_circles:
                entry["suppressed"] = True
            else:
                counts: dict[str, int] = defaultdict(int)
                for value in given:
                    for chosen in value if isinstance(value, list) else [value]:
                        counts[str(chosen)] += 1
                values = [value for value, _label in question.choices] or sorted(counts)
                entry.update(
                    {
                        "suppressed": False,
                        "shares": {v: 100 * counts.get(v, 0) / len(given) for v in values},
                    }
                )
        elif question.kind == "number":
            entry.update(aggregate((float(v) for v in given), min_circles))
        result.append(entry)
    return result


# --- Everything -----------------------------------------------------------------------------------


def compute(
    circles: list[CircleInput],
    rows: Iterable[AreaRow],
    questions: list[QuestionSpec],
    options: Options | None = None,
) -> Results:
    options = options or Options()
    municipalities = roll_up(rows)
    outputs = [circle_figures(circle, municipalities, options) for circle in circles]
    keys = [metric.key for metric in METRICS]
    flanders = {
        key: aggregate((o.figures.get(key) for o in outputs), options.min_circles) for key in keys
    }
    bands: dict[str, dict[str, dict[str, Any]]] = {}
    for band in ("rural", "mixed", "urban"):
        members = [o for o in outputs if o.band == band]
        bands[band] = {
            key: aggregate((o.figures.get(key) for o in members), options.min_circles)
            for key in keys
        }
    _scores(outputs)
    submitted = [c.answers for c in circles if c.answers]
    return Results(
        circles=outputs,
        flanders=flanders,
        bands=bands,
        questions=question_aggregates(questions, submitted, options.min_circles),
    )


def _scores(outputs: list[CircleOutput]) -> None:
    need_parts: dict[int, list[float]] = defaultdict(list)
    for indicator in NEED_INDICATORS:
        scores = z_scores({o.circle_id: o.figures.get(indicator.key) for o in outputs})
        for circle_id, z in scores.items():
            need_parts[circle_id].append(indicator.need_sign * z)
    supply = z_scores({o.circle_id: o.figures.get(SUPPLY_SCORE_METRIC) for o in outputs})
    for output in outputs:
        parts = need_parts.get(output.circle_id)
        output.need_z = statistics.fmean(parts) if parts else None
        output.supply_z = supply.get(output.circle_id)
        if output.need_z is not None and output.supply_z is not None:
            output.composite = output.need_z - output.supply_z
            output.attention = output.need_z > 0 and output.supply_z < 0
    ranked = sorted(
        (o for o in outputs if o.composite is not None), key=lambda o: (-o.composite, o.name)
    )
    for rank, output in enumerate(ranked, start=1):
        output.rank = rank
