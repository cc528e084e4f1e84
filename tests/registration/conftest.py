"""Registration fixtures: the seed's study (14/10–13/12/2024, edits until 20/12) with facilities
F (CAR, small) and G (CGG, large) of the cast, both signed, and the cast's care provider at F on
the list. Tests travel in time with `time_machine` to a day inside the period."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from registration.models import (
    Activity,
    Participation,
    ProviderProfile,
    RegistrationStatus,
    RegistrationStudy,
)
from tests.factories import member

BRUSSELS = ZoneInfo("Europe/Brussels")
SEED_START = date(2024, 10, 14)
SEED_END = date(2024, 12, 13)
SEED_CLOSING = date(2024, 12, 20)


def at(day: date, hour: int = 12):  # noqa: ANN201
    """Travel to `day` at `hour` o'clock in Brussels (ticking off, so time stays put)."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=BRUSSELS), tick=False
    )


CLOCK_START = date(2024, 10, 1)


@pytest.fixture(autouse=True)
def travel():  # noqa: ANN201
    """The clock starts on 1/10/2024, before the cast is made (memberships start that day).

    `travel(date)` moves it forward for the rest of the test. Log in (`login(user)`) after the
    last move: sessions expire, and a session from "earlier" would have timed out.
    """
    travellers = []

    def go(day: date, hour: int = 12) -> None:
        traveller = at(day, hour)
        traveller.start()
        travellers.append(traveller)

    go(CLOCK_START, 9)
    yield go
    for traveller in reversed(travellers):
        traveller.stop()


def login(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def make_study(
    cast, *, name: str = "Registratie CAR/CGG 2024", signed: bool = True
) -> RegistrationStudy:  # noqa: ANN001
    study = RegistrationStudy.objects.create(
        name=name,
        starts_on=SEED_START,
        ends_on=SEED_END,
        edits_until=SEED_CLOSING,
        delete_raw_on=date(2025, 6, 13),
        agreement_text="Overeenkomst.",
    )
    for key in ("facility_f", "facility_g"):
        Participation.objects.create(
            study=study,
            facility=cast.organisations[key],
            agreement_signed_at=timezone.now() if signed else None,
        )
    return study


def add_provider(
    participation: Participation,
    user=None,  # noqa: ANN001
    *,
    email: str | None = None,
    care_function: str = "psychologist",
    hours: str = "38",
    monthly_cost: str = "4000",
    status: str = RegistrationStatus.REGISTERS,
) -> ProviderProfile:
    return ProviderProfile.objects.create(
        participation=participation,
        user=user,
        first_name=getattr(user, "first_name", "") or "Zorg",
        last_name=getattr(user, "last_name", "") or "Verlener",
        email=email
        or getattr(user, "email", None)
        or f"zv{ProviderProfile.objects.count()}@example.org",
        care_function=care_function,
        status=status,
        weekly_clinical_hours=Decimal(hours),
        monthly_clinical_cost=Decimal(monthly_cost),
        monthly_total_wage_cost=Decimal(monthly_cost) + 500,
        youth_share_percent=60,
        seniority_years=8,
    )


@pytest.fixture
def study(cast) -> RegistrationStudy:  # noqa: ANN001
    return make_study(cast)


@pytest.fixture
def participation_f(study, cast) -> Participation:  # noqa: ANN001
    return study.participations.get(facility=cast.organisations["facility_f"])


@pytest.fixture
def participation_g(study, cast) -> Participation:  # noqa: ANN001
    return study.participations.get(facility=cast.organisations["facility_g"])


@pytest.fixture
def provider(cast, participation_f) -> ProviderProfile:  # noqa: ANN001
    return add_provider(participation_f, cast.users[Role.CARE_PROVIDER])


@pytest.fixture
def colleague(cast, participation_f) -> ProviderProfile:  # noqa: ANN001
    """Another care provider at F, with an account."""
    user = member(Role.CARE_PROVIDER, cast.organisations["facility_f"], first_name="Collega")
    return add_provider(participation_f, user, care_function="social_worker")


@pytest.fixture
def provider_g(cast, participation_g) -> ProviderProfile:  # noqa: ANN001
    user = member(Role.CARE_PROVIDER, cast.organisations["facility_g"], first_name="Gijs")
    return add_provider(participation_g, user)


def ensure_catalogue() -> None:
    """Transactional tests empty every table afterwards, the catalogue of the data migration
    too: tests that run after one of them load it again (idempotent)."""
    import importlib

    from django.apps import apps

    importlib.import_module("registration.migrations.0002_load_catalogue").load(apps, None)


def activity(cluster: str, code: str) -> Activity:
    return Activity.objects.select_related("cluster").get(cluster__code=cluster, code=code)
