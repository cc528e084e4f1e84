"""Demo data (idempotent): eleven GP circles with a care zone and an accepted GP list, synthetic
but plausible care-need indicators for their municipalities (marked synthetic everywhere they
show), a closed round of the accessibility questionnaire with every circle's answers, an open
round that the demo circle is filling in, and the computed results.

Residents and areas are rounded, made-up figures of the right order of magnitude; the six
indicators are drawn around Flemish-looking levels with a fixed seed. None of it describes a
real municipality or circle.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import Membership, Organisation, Role
from excel_intake import samples
from excel_intake import services as intake
from excel_intake.models import CircleArea, Submission, ValidationRun
from excel_intake.postcodes import directory
from portal.demo import DemoContext
from questionnaires import demo as q_demo
from questionnaires.models import RoundEntry

from . import areas, services
from .indicators import LAYOUT
from .models import IndicatorValue, ResultSet

YEAR = 2024

# code, name, care zone, municipalities (NIS), GPs per 100,000 residents, pressure 0-1, share of
# GPs that take new patients ("ja").
CIRCLES = [
    ("hak-gent", "Huisartsenkring Gent (demo)", "Eerstelijnszone Gent", ["44021"], 104, 0.35, 0.45),
    ("hak-brugge", "Huisartsenkring Brugge (demo)", "Eerstelijnszone Brugge",
     ["31005", "31006", "31022"], 98, 0.3, 0.5),
    ("hak-leuven", "Huisartsenkring Leuven (demo)", "Eerstelijnszone Leuven",
     ["24062", "24038", "24009", "24086"], 112, 0.2, 0.6),
    ("hak-aalst", "Huisartsenkring Aalst (demo)", "Eerstelijnszone Aalst",
     ["41002", "41082", "41034", "41011"], 82, 0.75, 0.3),
    ("hak-kortrijk", "Huisartsenkring Kortrijk (demo)", "Eerstelijnszone Kortrijk",
     ["34022", "34023", "34013", "34042"], 93, 0.5, 0.4),
    ("hak-westhoek", "Huisartsenkring Westhoek (demo)", "Eerstelijnszone Westhoek",
     ["33021", "33041", "33039", "33040"], 96, 0.6, 0.45),
    ("hak-kempen", "Huisartsenkring Kempen (demo)", "Eerstelijnszone Kempen",
     ["13025", "13003", "13006", "13008", "13036"], 86, 0.55, 0.35),
    ("hak-hasselt", "Huisartsenkring Hasselt (demo)", "Eerstelijnszone Hasselt",
     ["71072", "71066", "71011"], 101, 0.3, 0.55),
    ("hak-zuidrand", "Huisartsenkring Zuidrand Antwerpen (demo)", "Eerstelijnszone Zuidrand",
     ["11029", "11013", "11021", "11024", "11004"], 108, 0.25, 0.55),
    ("hak-mechelen", "Huisartsenkring Mechelen (demo)", "Eerstelijnszone Mechelen",
     ["12025", "12005", "12035"], 95, 0.45, 0.4),
    ("hak-roeselare", "Huisartsenkring Roeselare (demo)", "Eerstelijnszone Roeselare",
     ["36015", "36008"], 88, 0.6, 0.35),
]  # fmt: skip

# NIS code: (residents, km², urban 0-1) — rounded, made up, of the right order of magnitude.
MUNICIPALITIES = {
    "44021": (265_000, 156, 1.0), "31005": (119_000, 138, 0.8), "31006": (11_000, 89, 0.0),
    "31022": (24_000, 80, 0.2), "24062": (103_000, 57, 0.9), "24038": (22_000, 33, 0.3),
    "24009": (10_000, 30, 0.1), "24086": (11_500, 31, 0.1), "41002": (89_000, 78, 0.8),
    "41082": (20_000, 34, 0.2), "41034": (19_000, 30, 0.2), "41011": (21_000, 14, 0.5),
    "34022": (79_000, 80, 0.8), "34023": (13_500, 10, 0.5), "34013": (28_000, 29, 0.5),
    "34042": (25_000, 63, 0.2), "33021": (20_000, 119, 0.1), "33041": (3_800, 38, 0.0),
    "33039": (8_000, 94, 0.0), "33040": (8_300, 52, 0.0), "13025": (37_000, 114, 0.3),
    "13003": (23_000, 73, 0.1), "13006": (10_000, 27, 0.1), "13008": (41_000, 110, 0.3),
    "13036": (11_500, 48, 0.0), "71072": (88_000, 135, 0.7), "71066": (21_500, 39, 0.3),
    "71011": (19_500, 41, 0.3), "11029": (26_500, 8, 0.8), "11013": (22_000, 9, 0.7),
    "11021": (8_500, 6, 0.6), "11024": (21_500, 24, 0.5), "11004": (13_500, 21, 0.4),
    "12025": (89_000, 65, 0.8), "12005": (15_500, 30, 0.2), "12035": (21_000, 36, 0.3),
    "36015": (64_000, 60, 0.7), "36008": (28_000, 26, 0.5),
}  # fmt: skip


def indicator_rows() -> list[list]:
    """One row per municipality for YEAR, drawn with a fixed seed (urban areas more need)."""
    rng = random.Random(9)  # noqa: S311 - synthetic demo figures, not secrets
    known = areas.municipalities()
    rows = []
    for code, (residents, km2, urban) in MUNICIPALITIES.items():
        rows.append(
            [
                code,
                known[code].name,
                YEAR,
                residents,
                km2,
                round(1.6 + 1.6 * urban + rng.uniform(-0.4, 0.6), 1),
                round(18.5 + 3 * urban + rng.uniform(-1.5, 2.5), 1),
                round(6 + 8 * urban + rng.uniform(-1.5, 2.5), 1),
                round(6 + 4 * urban + rng.uniform(-1, 1.5), 1),
                round(3.6 + rng.uniform(-0.8, 1.2), 1),
                round(22_500 - 3_500 * urban + rng.uniform(-1_500, 1_500), -1),
            ]
        )
    return rows


def _xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = LAYOUT.data_sheet
    sheet.append(list(LAYOUT.headers))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _postal_codes(municipalities: list[str]) -> list[str]:
    table = areas.postal_code_municipalities()
    wanted = set(municipalities)
    return sorted(code for code, nis in table.items() if wanted & set(nis))


def _gp_rows(offset: int, count: int, postal_codes: list[str], accepting: float) -> list[list]:
    rng = random.Random(offset)  # noqa: S311 - invented demo data
    names = directory()
    rows = []
    for index in range(count):
        row = samples.gp_row(offset + index, rng, postal_codes=tuple(postal_codes))
        row[9] = names.names(row[8])[0]
        row[12] = rng.choices(
            ["ja", "beperkt", "nee"],
            weights=[accepting, (1 - accepting) * 0.6, (1 - accepting) * 0.4],
        )[0]
        row[13] = date(rng.randint(1990, 2023), rng.randint(1, 12), rng.randint(1, 28))
        rows.append(row)
    return rows


def _accept(circle: Organisation, actor, rows: list[list], file_name: str) -> None:  # noqa: ANN001
    buffer = io.BytesIO()
    samples.write_xlsx(iter(rows), buffer)
    run = ValidationRun.objects.create(
        circle=circle,
        uploaded_by=actor,
        file_name=file_name,
        file_size=len(buffer.getvalue()),
        file_sha256="demo",
        status=ValidationRun.Status.QUEUED,
    )
    run = intake.validation_execute(run=run, data=buffer.getvalue())
    intake.submission_create(actor=actor, run=run)


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    admin = ctx.users[Role.AGENCY_ADMIN]
    circles: dict[str, Organisation] = {}
    managers = {}
    for position, (code, name, zone, municipalities, per_100k, _pressure, accepting) in enumerate(
        CIRCLES
    ):
        circle, _ = Organisation.objects.update_or_create(
            code=code,
            defaults={"name": name, "kind": Organisation.Kind.GP_CIRCLE, "is_demo": True},
        )
        ctx.organisations[code] = circle
        circles[code] = circle
        if code == "hak-gent":
            managers[code] = ctx.users[Role.ACCESS_MANAGER]
        else:
            email = f"hoofdbeheerder.{code.removeprefix('hak-')}@demo.example.org"
            managers[code] = demo_user(email, "Demo", name.split(" (")[0])
            if not Membership.objects.filter(
                organisation=circle, role=Role.MAIN_ACCESS_MANAGER
            ).exists():
                Membership.objects.create(
                    user=managers[code], organisation=circle, role=Role.MAIN_ACCESS_MANAGER
                )
        postal_codes = _postal_codes(municipalities)
        area = CircleArea.objects.filter(circle=circle).first()
        if area is None or not area.postal_codes:
            intake.circle_area_set(
                actor=admin, circle=circle, postal_codes=postal_codes, care_zone=zone
            )
        residents = sum(MUNICIPALITIES[m][0] for m in municipalities)
        gps = round(residents * per_100k / 100_000)
        current = Submission.objects.filter(circle=circle, is_current=True).first()
        if current is None or current.row_count < gps // 2:
            rows = _gp_rows(1_000 + 2_000 * position, gps, postal_codes, accepting)
            _accept(circle, managers[code], rows, f"huisartsenlijst-{code}-2025.xlsx")
    if not IndicatorValue.objects.filter(year=YEAR).exists():
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = services.indicator_upload_check(
            actor=admin,
            upload=SimpleUploadedFile("indicatoren-synthetisch-2024.xlsx", _xlsx(indicator_rows())),
            is_synthetic=True,
        )
        services.indicator_upload_save(actor=admin, upload=upload)
    _seed_rounds(ctx, circles, managers)
    services.results_compute(reason=ResultSet.Reason.MANUAL)
    ctx.say(
        "GP accessibility: 11 demo circles with lists, synthetic indicators, a closed and an open "
        "round, results computed."
    )


def _seed_rounds(ctx: DemoContext, circles: dict[str, Organisation], managers: dict) -> None:
    questionnaire = q_demo.seed_gp_questionnaire(ctx)
    admin = ctx.users[Role.AGENCY_ADMIN]
    now = timezone.now()
    pressure = {code: p for code, _n, _z, _m, _r, p, _a in CIRCLES}
    closed, created = q_demo.demo_round(
        questionnaire=questionnaire,
        title="Toegankelijkheid huisartsenzorg 2025",
        opens_at=now - timedelta(days=120),
        deadline=now - timedelta(days=75),
        organisations=list(circles.values()),
        created_by=admin,
    )
    if created:
        rng = random.Random(2025)  # noqa: S311 - invented demo answers
        entries = {e.organisation.code: e for e in closed.entries.select_related("organisation")}
        for code, entry in entries.items():
            q_demo.demo_fill(
                entry,
                q_demo.demo_answers(rng, pressure=pressure[code]),
                actor=managers[code],
                submit_at=now - timedelta(days=80 + rng.randint(0, 30)),
            )
        q_demo.demo_close(closed, closed_at=now - timedelta(days=75), actor=None)
    open_round, created = q_demo.demo_round(
        questionnaire=questionnaire,
        title="Toegankelijkheid huisartsenzorg 2026",
        opens_at=now - timedelta(days=7),
        deadline=(now + timedelta(days=21)).replace(hour=23, minute=59, second=59),
        organisations=list(circles.values()),
        created_by=admin,
    )
    if created:
        rng = random.Random(2026)  # noqa: S311 - invented demo answers
        entries = {
            e.organisation.code: e
            for e in RoundEntry.objects.filter(round=open_round).select_related(
                "organisation", "round__questionnaire"
            )
        }
        for code in ("hak-brugge", "hak-leuven", "hak-kempen"):
            q_demo.demo_fill(
                entries[code],
                q_demo.demo_answers(rng, pressure=pressure[code]),
                actor=managers[code],
                submit_at=now - timedelta(days=rng.randint(1, 5)),
            )
        for code in ("hak-aalst", "hak-hasselt"):
            answers = q_demo.demo_answers(rng, pressure=pressure[code])
            q_demo.demo_fill(
                entries[code],
                {
                    k: v
                    for k, v in answers.items()
                    if k in ("nieuwe_patienten", "stop_aandeel", "stop_redenen", "wachttijd_dagen")
                },
                actor=managers[code],
                submit_at=None,
            )
        # The demo circle: Karel started the first part; Tom (access manager) can finish it.
        karel = ctx.users[Role.CIRCLE_USER]
        q_demo.demo_fill(
            entries["hak-gent"],
            {
                "nieuwe_patienten": "gedeeltelijk",
                "stop_aandeel": 15,
                "stop_redenen": ["werkdruk", "vertrek"],
            },
            actor=karel,
            submit_at=None,
        )
