"""Demo data for time registration (idempotent): the seed's study, shifted so it is open today.

The seed's study ran 14 October – 13 December (9 weeks), with changes until 20 December and raw
data deleted 6 months later. The demo keeps those lengths and starts on the Monday five weeks
ago, so the daily page opens on today with five weeks of history. Six facilities take part: the
foundation's CAR Brugge and CGG Leuven, and four more so the sector report has a distribution.
Entries are generated with a fixed random seed; days that already have entries (perhaps typed in
the demo) are left alone, so running the seed again adds nothing twice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, Role, User
from portal.demo import DemoContext

from . import workdays
from .forms import add_months
from .models import (
    DEFAULT_AGREEMENT,
    Activity,
    AnalysisRun,
    Participation,
    ProviderProfile,
    RegistrationStatus,
    RegistrationStudy,
    TimeEntry,
)

STUDY_NAME = "Registratieoefening CAR en CGG (demo)"
PERIOD_DAYS = 60  # 14 October to 13 December
CLOSING_DAYS = 7  # until 20 December

K = Organisation.Kind
EXTRA_FACILITIES = [
    ("car-kempen", "CAR Kempen (demo)", "car", "small"),
    ("car-oostende", "CAR Oostende (demo)", "car", "large"),
    ("cgg-antwerpen", "CGG Antwerpen (demo)", "cgg", "medium"),
    ("cgg-limburg", "CGG Limburg (demo)", "cgg", "small"),
]

# Where each function spends its day: (cluster, activity, weight). CAR do more treatment on
# location and diagnostics; CGG more consult/liaison and prevention.
PROFILES = {
    "psychologist": [
        ("treatment", "direct_contact", 34),
        ("diagnostics", "direct_contact", 12),
        ("treatment", "team_meeting", 10),
        ("treatment", "administration", 14),
        ("diagnostics", "administration", 6),
        ("intake", "direct_contact", 5),
        ("consult_liaison", "consult", 4),
        ("other", "training", 4),
        ("treatment", "no_show", 3),
        ("other", "short_absence", 4),
        ("innovation", "research", 2),
        ("other", "staff_meetings", 2),
    ],
    "psychiatrist": [
        ("treatment", "direct_contact", 30),
        ("diagnostics", "direct_contact", 20),
        ("treatment", "team_meeting", 14),
        ("treatment", "administration", 12),
        ("consult_liaison", "liaison", 8),
        ("consult_liaison", "network_meeting", 5),
        ("other", "supervising_interns", 5),
        ("other", "short_absence", 3),
        ("treatment", "no_show", 3),
    ],
    "social_worker": [
        ("intake", "direct_contact", 22),
        ("intake", "administration", 10),
        ("treatment", "direct_contact_on_location", 18),
        ("treatment", "team_meeting", 12),
        ("consult_liaison", "network_meeting", 12),
        ("consult_liaison", "consult", 8),
        ("treatment", "administration", 10),
        ("other", "short_absence", 4),
        ("intake", "no_show", 4),
    ],
    "speech_therapist": [
        ("treatment", "direct_contact", 40),
        ("diagnostics", "direct_contact", 18),
        ("diagnostics", "administration", 10),
        ("treatment", "team_meeting", 10),
        ("treatment", "administration", 12),
        ("treatment", "no_show", 4),
        ("other", "training", 3),
        ("other", "short_absence", 3),
    ],
    "physiotherapist": [
        ("treatment", "direct_contact", 48),
        ("treatment", "direct_contact_on_location", 8),
        ("diagnostics", "direct_contact", 10),
        ("treatment", "team_meeting", 12),
        ("treatment", "administration", 12),
        ("treatment", "no_show", 5),
        ("other", "short_absence", 5),
    ],
    "prevention_worker": [
        ("prevention", "suicide_networking", 20),
        ("prevention", "suicide_training", 20),
        ("prevention", "addiction_advice", 18),
        ("prevention", "addiction_campaigns", 14),
        ("prevention", "suicide_postvention", 10),
        ("other", "staff_meetings", 8),
        ("other", "short_absence", 10),
    ],
}


@dataclass(frozen=True)
class DemoProvider:
    email: str
    first_name: str
    last_name: str
    function: str
    hours: str
    monthly_cost: int
    youth: int
    seniority: int


# Names are invented; e-mail addresses use the reserved example.org domain.
STAFF = [
    ("psychologist", "38", 4300),
    ("psychologist", "30.4", 3500),
    ("psychiatrist", "19", 5200),
    ("social_worker", "38", 3900),
    ("speech_therapist", "38", 3800),
    ("physiotherapist", "30.4", 3200),
    ("psychologist", "38", 4600),
    ("prevention_worker", "19", 1900),
]
FIRST = ["An", "Bram", "Chloé", "Dries", "Els", "Filip", "Griet", "Hamza", "Inge", "Jonas"]
LAST = ["Claes", "Dubois", "Janssens", "Maes", "Peeters", "Wouters", "Willems", "Goossens"]


def seed(ctx: DemoContext) -> None:
    with transaction.atomic():
        study = _study()
        facilities = _facilities(ctx)
        providers = []
        for index, facility in enumerate(facilities):
            participation, _ = Participation.objects.get_or_create(study=study, facility=facility)
            if not participation.is_signed:
                participation.agreement_signed_at = timezone.now()
                participation.agreement_signed_by = ctx.users.get(Role.FACILITY_DIRECTOR)
                participation.save(update_fields=["agreement_signed_at", "agreement_signed_by"])
            providers += _providers(ctx, participation, index)
        created = _entries(study, providers)
    run = _analysis(study, ctx)
    ctx.say(
        f"Time registration: '{study.name}' {study.starts_on:%d/%m/%Y}–{study.ends_on:%d/%m/%Y}, "
        f"{len(facilities)} facilities, {len(providers)} providers, {created} new entries, "
        f"analysis {run.status} in {run.seconds} s."
    )


def _analysis(study: RegistrationStudy, ctx: DemoContext) -> AnalysisRun:
    """Run the analysis right away (the demo has no worker to wait for)."""
    from . import services

    study.analysis_runs.all().delete()  # one fresh run, however often the seed runs
    run = AnalysisRun.objects.create(study=study, requested_by=ctx.users.get(Role.AGENCY_ADMIN))
    return services.analysis_execute(run_id=run.pk)


def _study() -> RegistrationStudy:
    today = timezone.localdate()
    starts_on = workdays.week_start(today) - timedelta(weeks=5)
    ends_on = starts_on + timedelta(days=PERIOD_DAYS - 1)
    edits_until = ends_on + timedelta(days=CLOSING_DAYS)
    study, _ = RegistrationStudy.objects.update_or_create(
        name=STUDY_NAME,
        defaults={
            "starts_on": starts_on,
            "ends_on": ends_on,
            "edits_until": edits_until,
            "delete_raw_on": add_months(ends_on, 6),
            "send_nudges": True,
            "raw_deleted_at": None,
        },
    )
    if not study.agreement_text:
        study.agreement_text = str(DEFAULT_AGREEMENT)
        study.save(update_fields=["agreement_text"])
    return study


def _facilities(ctx: DemoContext) -> list[Organisation]:
    facilities = [ctx.organisations["car-brugge"], ctx.organisations["cgg-leuven"]]
    for code, name, facility_type, size in EXTRA_FACILITIES:
        facility, _ = Organisation.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": K.CARE_FACILITY,
                "facility_type": facility_type,
                "size_class": size,
                "is_demo": True,
            },
        )
        facilities.append(facility)
    return facilities


def _providers(ctx: DemoContext, participation: Participation, index: int) -> list[ProviderProfile]:
    facility = participation.facility
    rng = random.Random(f"demo-staff-{facility.code}")  # noqa: S311 - demo data
    size = {"small": 5, "medium": 7, "large": 8}.get(facility.size_class, 6)
    staff = STAFF[:size]
    people: list[tuple[User, str, str, int]] = []
    if facility.code == "car-brugge":
        # The foundation's demo care provider is the first person on Brugge's list.
        people.append((ctx.users[Role.CARE_PROVIDER], "psychologist", "38", 4300))
        staff = staff[1:]
    for number, (function, hours, cost) in enumerate(staff, start=1):
        email = f"zorgverlener{number}.{facility.code}@demo.example.org"
        first, last = rng.choice(FIRST), rng.choice(LAST)
        user, _ = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, "is_demo": True}
        )
        if user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
        people.append((user, function, hours, cost + rng.randrange(-200, 400, 50)))
    profiles = []
    for user, function, hours, cost in people:
        Membership.objects.get_or_create(
            user=user, organisation=facility, role=Role.CARE_PROVIDER, revoked_at=None
        )
        profile, _ = ProviderProfile.objects.update_or_create(
            participation=participation,
            email=user.email,
            defaults={
                "user": user,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "care_function": function,
                "status": RegistrationStatus.REGISTERS,
                "weekly_clinical_hours": Decimal(hours),
                "monthly_clinical_cost": Decimal(cost),
                "monthly_total_wage_cost": Decimal(cost) + 450,
                "youth_share_percent": 60 if facility.facility_type == "car" else 35,
                "seniority_years": 3 + (len(profiles) * 4 + index) % 25,
            },
        )
        profiles.append(profile)
    if facility.code == "car-brugge":
        # Someone who does not register, and someone whose total time comes through the Excel.
        ProviderProfile.objects.update_or_create(
            participation=participation,
            email="stagiair.car-brugge@demo.example.org",
            defaults={
                "first_name": "Sam",
                "last_name": "Stagiair",
                "care_function": "psychologist",
                "status": RegistrationStatus.INTERN,
            },
        )
        ProviderProfile.objects.update_or_create(
            participation=participation,
            email="voltijds.car-brugge@demo.example.org",
            defaults={
                "first_name": "Vera",
                "last_name": "Voltijds",
                "care_function": "social_worker",
                "status": RegistrationStatus.SINGLE_ACTIVITY,
                "weekly_clinical_hours": Decimal("38"),
                "monthly_clinical_cost": Decimal("3900"),
                "monthly_total_wage_cost": Decimal("4300"),
                "youth_share_percent": 100,
                "seniority_years": 11,
            },
        )
    return profiles


def _entries(study: RegistrationStudy, providers: list[ProviderProfile]) -> int:
    """Entries on every working day before today, with a few gaps for the completeness view."""
    today = timezone.localdate()
    last = min(study.ends_on, today - timedelta(days=1))
    days = workdays.working_days(study.starts_on, last)
    activities = {
        (a.cluster.code, a.code): a.pk for a in Activity.objects.select_related("cluster")
    }
    filled = set(
        TimeEntry.objects.filter(provider__in=providers)
        .values_list("provider_id", "day")
        .distinct()
    )
    rows = []
    for provider in providers:
        rng = random.Random(f"demo-entries-{provider.email}")  # noqa: S311 - demo data
        profile = PROFILES[provider.care_function]
        daily = float(provider.weekly_clinical_hours) / 5 * 60
        for day in days:
            # Skip about 4% of days, and always the day before yesterday for the demo provider.
            skip = rng.random() < 0.04 or (
                provider.email.startswith("zorgverlener@") and day == days[-2]
            )
            # Always draw the day, so the random sequence (and the result) is the same each run.
            day_rows = _day_rows(rng, provider, day, profile, daily, activities)
            if not skip and (provider.pk, day) not in filled:
                rows += day_rows
    TimeEntry.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def _day_rows(rng, provider, day, profile, daily, activities):  # noqa: ANN001, ANN202
    total = max(60, round(rng.gauss(daily, daily * 0.08) / 15) * 15)
    chosen = rng.sample(profile, k=min(len(profile), rng.randint(3, 6)))
    weights = [w * rng.uniform(0.6, 1.4) for _, _, w in chosen]
    scale = total / sum(weights)
    rows, left = [], total
    for (cluster, code, _), weight in zip(chosen[:-1], weights[:-1], strict=False):
        minutes = max(15, round(weight * scale / 15) * 15)
        minutes = min(minutes, left - 15 * (len(chosen) - len(rows) - 1))
        if minutes <= 0:
            continue
        rows.append((cluster, code, minutes))
        left -= minutes
    if left > 0:
        cluster, code, _ = chosen[-1]
        rows.append((cluster, code, left))
    return [
        TimeEntry(provider=provider, day=day, activity_id=activities[(c, a)], minutes=m)
        for c, a, m in rows
    ]
