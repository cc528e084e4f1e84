"""A small Flanders for the results: five circles with a care zone, an accepted GP list,
indicators for their municipalities and answers in a closed round of the accessibility
questionnaire, all made through the services (as the portal makes them).

    circle  postal codes     municipalities                residents  km²
    C       9000 9030        Gent                          10,000     50
    D       8000 8020        Brugge + ½ Oostkamp           8,000 + 2,000   80 + 40
    E       3000             Leuven                        12,000     60
    F       9300             Aalst                         9,000      90
    G       8500 8020        Kortrijk + ½ Oostkamp         6,000 + 2,000   30 + 40

C's list: three active GPs (38 h ja, 38 h beperkt, 19 h nee) and one who left in 2020.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Organisation, Role
from excel_intake import samples
from excel_intake import services as intake
from excel_intake.models import ValidationRun
from gp_accessibility import services
from questionnaires import services as q_services
from questionnaires.models import RoundEntry
from tests.factories import OrganisationFactory, member
from tests.gp_accessibility.helpers import indicator_row, xlsx
from tests.questionnaires.conftest import eager_tasks  # noqa: F401 - fixture
from tests.questionnaires.factories import make_round_questionnaire, open_round, question

AREAS = {
    "circle_c": ["9000", "9030"],
    "circle_d": ["8000", "8020"],
    "circle_e": ["3000"],
    "circle_f": ["9300"],
    "circle_g": ["8500", "8020"],
}
PLACES = {"9000": "Gent", "8000": "Brugge", "3000": "Leuven", "9300": "Aalst", "8500": "Kortrijk"}
INDICATORS_2024 = [
    indicator_row("44021", "Gent", 2024, 10_000, 50, 2, 20, 10, 8, 4, 20_000),
    indicator_row("31005", "Brugge", 2024, 8_000, 80, 3, 22, 12, 9, 5, 18_000),
    indicator_row("31022", "Oostkamp", 2024, 4_000, 80, 1, 18, 8, 7, 3, 24_000),
    indicator_row("24062", "Leuven", 2024, 12_000, 60, 2, 19, 9, 7, 4, 21_000),
    indicator_row("41002", "Aalst", 2024, 9_000, 90, 3, 23, 11, 9, 4, 19_000),
    indicator_row("34022", "Kortrijk", 2024, 6_000, 30, 2, 21, 10, 8, 5, 20_000),
    indicator_row("44021", "Gent", 2023, 9_000, 50, 2, 20, 10, 8, 4, 20_000),  # older year
    indicator_row("62063", "Luik", 2024, 190_000, 69, 4, 25, 15, 12, 5, 15_000),  # Wallonia
]
ANSWERS = {  # nieuwe_patienten, stop_reden, wachttijd_dagen
    "circle_c": ("beperkt", ["werkdruk"], 6),
    "circle_d": ("ja", None, 2),
    "circle_e": ("ja", None, 3),
    "circle_f": ("nee", ["tekort"], 10),
    "circle_g": ("ja", None, 4),
}


def gp_list_row(index: int, postal_code: str, hours: float, accepts: str,
                end: date | None = None) -> list:  # fmt: skip
    return [
        samples.formatted(samples.riziv_for(index)), "Peeters", "An", "V", 1975,
        "Praktijk Centrum", "Kerkstraat", "1", postal_code, PLACES[postal_code], "groep",
        hours, accepts, date(2015, 1, 1), end, None,
    ]  # fmt: skip


def accept_list(circle: Organisation, actor, rows: list[list]):  # noqa: ANN001, ANN201
    buffer = io.BytesIO()
    samples.write_xlsx(iter(rows), buffer)
    run = ValidationRun.objects.create(
        circle=circle,
        uploaded_by=actor,
        file_name="lijst.xlsx",
        file_size=len(buffer.getvalue()),
        file_sha256="0" * 64,
        status=ValidationRun.Status.QUEUED,
    )
    run = intake.validation_execute(run=run, data=buffer.getvalue())
    assert run.error_count == 0, run.summary
    return intake.submission_create(actor=actor, run=run)


def save_indicators(actor, rows: list[list], *, synthetic: bool = False):  # noqa: ANN001, ANN201
    upload = services.indicator_upload_check(
        actor=actor,
        upload=SimpleUploadedFile("indicatoren.xlsx", xlsx(rows)),
        is_synthetic=synthetic,
    )
    assert upload.error_count == 0, services.problems_of(upload)
    services.indicator_upload_save(actor=actor, upload=upload)
    return upload


@pytest.fixture
def gp_world(cast):  # noqa: ANN001, ANN201
    o = cast.organisations
    for key in ("circle_e", "circle_f", "circle_g"):
        o[key] = OrganisationFactory(
            name=f"Kring {key[-1].upper()}", kind=Organisation.Kind.GP_CIRCLE
        )
    admin = cast.admin
    for key, codes in AREAS.items():
        intake.circle_area_set(
            actor=admin, circle=o[key], postal_codes=codes, care_zone=f"Zone {key[-1].upper()}"
        )
    manager = cast.users[Role.ACCESS_MANAGER]
    accept_list(o["circle_c"], manager, [
        gp_list_row(1, "9000", 38, "ja"),
        gp_list_row(2, "9000", 38, "beperkt"),
        gp_list_row(3, "9000", 19, "nee"),
        gp_list_row(4, "9000", 38, "ja", end=date(2020, 6, 30)),
    ])  # fmt: skip
    accept_list(o["circle_d"], admin, [gp_list_row(11, "8000", 38, "ja"),
                                       gp_list_row(12, "8000", 38, "ja")])  # fmt: skip
    accept_list(o["circle_e"], admin, [gp_list_row(21, "3000", 40, "ja")])
    accept_list(o["circle_f"], admin, [gp_list_row(31, "9300", 40, "ja")])
    accept_list(o["circle_g"], admin, [gp_list_row(41, "8500", 40, "ja")])
    save_indicators(admin, INDICATORS_2024)
    questionnaire = make_round_questionnaire(code=settings.GP_ACCESSIBILITY_QUESTIONNAIRE)
    now = timezone.now()
    round_ = open_round(
        admin,
        [o[key] for key in AREAS],
        questionnaire=questionnaire,
        opens_at=now - timedelta(days=10),
        deadline=now + timedelta(days=1),
        title="Toegankelijkheid 2026",
    )
    submitter = {key: member(Role.ACCESS_MANAGER, o[key]) for key in AREAS}
    for key, (accepts, why, days) in ANSWERS.items():
        entry = RoundEntry.objects.get(round=round_, organisation=o[key])
        values = {
            question(questionnaire, "nieuwe_patienten").pk: accepts,
            question(questionnaire, "wachttijd_dagen").pk: days,
            question(questionnaire, "opmerking").pk: f"Opmerking van {key}",
        }
        if why:
            values[question(questionnaire, "stop_reden").pk] = why
        q_services.round_answers_save(actor=submitter[key], entry=entry, values=values)
        q_services.round_entry_submit(actor=submitter[key], entry=entry)
    q_services.round_close(actor=admin, round=round_)
    cast.named.update(round=round_, questionnaire=questionnaire)
    return cast


def circle_result(result_set, circle):  # noqa: ANN001, ANN201
    return result_set.circles.get(circle=circle)


@pytest.fixture
def computed(gp_world):  # noqa: ANN001, ANN201
    result_set = services.results_compute(reason="manual")
    return SimpleNamespace(world=gp_world, result_set=result_set)
