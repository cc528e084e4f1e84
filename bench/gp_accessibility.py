"""GP accessibility benchmark, at the scale of Flanders and Brussels (no database).

    python bench/gp_accessibility.py

1. Checking an indicator file of every municipality of Flanders and Brussels split into 30
   statistical sectors (about 9,100 rows), as the agency's upload page does.
2. Computing the results of 70 circles over those municipalities (the Celery job's work
   without its two dozen queries), with 60 answers per circle in the round.
3. Building one circle's page content: the rows beside Flanders and the two Plotly figures.
Targets: the check under 2 s, the computation under 1 s, a circle's page content under 0.3 s.
"""

from __future__ import annotations

import io
import os
import random
import sys
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from openpyxl import Workbook  # noqa: E402

from gp_accessibility import areas, compute, metrics, presentation, validation  # noqa: E402
from gp_accessibility.indicators import LAYOUT, NEED_INDICATORS  # noqa: E402

SECTORS = 30
CIRCLES = 70


def indicator_file(rng: random.Random) -> tuple[bytes, list[str]]:
    codes = [m.code for m in areas.municipalities().values() if m.is_covered]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(LAYOUT.data_sheet)
    sheet.append(list(LAYOUT.headers))
    for code in codes:
        for sector in range(SECTORS):
            sheet.append(
                [f"{code}A{sector:02d}-", "", 2024, rng.randint(200, 3000), rng.uniform(0.2, 8),
                 *[round(rng.uniform(1, 25), 1) for _ in range(5)], rng.randint(15000, 28000)]
            )  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), codes


def main() -> None:
    rng = random.Random(1)  # noqa: S311 - benchmark data
    data, codes = indicator_file(rng)
    start = time.perf_counter()
    result = validation.validate_file(io.BytesIO(data), today=date(2026, 6, 1))
    checked = time.perf_counter() - start
    print(
        f"check: {result.summary.rows_read:,} rows ({len(data) / 1e6:.1f} MB) in {checked:.2f} s, "
        f"{result.summary.errors} errors, {result.summary.rows_read / checked:,.0f} rows/s"
    )

    rows = [
        compute.AreaRow(
            row["municipality_code"],
            row["population"],
            row["area_km2"],
            {i.key: row.get(i.key) for i in NEED_INDICATORS},
        )
        for row in result.clean_rows
    ]
    rng.shuffle(codes)
    per_circle = len(codes) // CIRCLES + 1
    questions = [
        compute.QuestionSpec(f"q{n}", f"Vraag {n}", "single", (("ja", "Ja"), ("nee", "Nee")))
        for n in range(40)
    ] + [compute.QuestionSpec(f"n{n}", f"Getal {n}", "number") for n in range(20)]
    circles = []
    for index in range(CIRCLES):
        share = codes[index * per_circle : (index + 1) * per_circle]
        circles.append(
            compute.CircleInput(
                index,
                f"Kring {index}",
                dict.fromkeys(share, 1.0),
                [compute.GP(rng.choice([19.0, 38.0]), rng.choice(["ja", "nee"]))
                 for _ in range(rng.randint(40, 300))],
                {**{f"q{n}": rng.choice(["ja", "nee"]) for n in range(40)},
                 **{f"n{n}": rng.randint(0, 20) for n in range(20)}},
            )
        )  # fmt: skip
    start = time.perf_counter()
    results = compute.compute(circles, rows, questions)
    computed = time.perf_counter() - start
    print(f"compute: {CIRCLES} circles over {len(codes)} municipalities in {computed:.3f} s")

    result_set = SimpleNamespace(
        flanders=results.flanders,
        bands=results.bands,
        questions=results.questions,
        options={"fte_hours": 38, "min_circles": 5, "density_bands": [300, 750]},
    )
    circle = results.circles[0]
    row = SimpleNamespace(figures=circle.figures, band=circle.band, answers=circle.answers)
    timings = []
    for _ in range(3):  # the first build also loads plotly's validators
        start = time.perf_counter()
        presentation.figure_rows(metrics.SUPPLY, row, result_set)
        presentation.figure_rows(metrics.NEED, row, result_set)
        presentation.question_rows(row, result_set)
        presentation.comparison_chart(metrics.SUPPLY, row, result_set, presentation.SUPPLY_CHART)
        presentation.comparison_chart(metrics.NEED, row, result_set, presentation.NEED_CHART)
        timings.append(time.perf_counter() - start)
    print(
        "circle page content (rows, questions, two figures): "
        f"first {timings[0]:.3f} s, then {min(timings[1:]):.3f} s"
    )


if __name__ == "__main__":
    main()
