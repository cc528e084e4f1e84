"""Time registration at full size: the daily page, saving an entry, and the study analysis.

Run with `make bench` (or `python bench/registration.py [--scale 0.1]`). Uses DATABASE_URL when
set (PostgreSQL, the production engine: use it), otherwise a throw-away SQLite file.

Generates two studies in a fresh test database:
  study  : 15 facilities × 25 providers × 45 working days × 6 entries =   101,250 entries
  sector : 10× that, 150 facilities (3,750 providers)               = 1,012,500 entries
and prints:
  - the daily page's server time and query count (Django's full stack, no network);
  - the server time of saving one entry (the POST of the daily page's form);
  - the analysis job's time for both sizes, end to end (load, compute, store), and its parts.
Targets (issue 7): a constant number of queries, the daily page under 50 ms, a save under 30 ms,
the 10× sector analysed end to end in under 3 s.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FACILITIES = 15
PROVIDERS = 25
WORKING_DAYS = 45
ENTRIES_PER_DAY = 6
REPEATS = 40


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the sizes (tests)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("REDIS_URL", None)  # Celery eager, local-memory cache: measure our code only
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    # As in production: no debug cursor or template instrumentation; the test client's host.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("migrate", verbosity=0)
        print(f"database: {connection.vendor}")
        run(args.scale)
    finally:
        teardown_databases(old, verbosity=0)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def summary(samples: list[float]) -> str:
    return (
        f"median {ms(statistics.median(samples))}, mean {ms(statistics.mean(samples))}, "
        f"p90 {ms(sorted(samples)[int(len(samples) * 0.9) - 1])}"
    )


def run(scale: float) -> None:
    from django.utils import timezone

    from registration import workdays

    today = timezone.localdate()
    # The period ends yesterday, so every generated day is in the past and still editable.
    days = workdays.working_days(
        today - timedelta(days=WORKING_DAYS * 2), today - timedelta(days=1)
    )
    days = days[-WORKING_DAYS:]
    facilities = max(2, round(FACILITIES * scale))
    start = time.perf_counter()
    small = build_study("bench study", facilities, days, first_user=True)
    print(
        f"generated study : {facilities} facilities × {PROVIDERS} providers × {len(days)} days "
        f"× {ENTRIES_PER_DAY} entries = {small['entries']:,} entries "
        f"in {time.perf_counter() - start:.1f} s"
    )
    start = time.perf_counter()
    large = build_study("bench sector", facilities * 10, days, first_user=False)
    print(
        f"generated sector: {facilities * 10} facilities × {PROVIDERS} providers × {len(days)} "
        f"days × {ENTRIES_PER_DAY} entries = {large['entries']:,} entries "
        f"in {time.perf_counter() - start:.1f} s"
    )
    analyse_table()
    measure_pages(small, days)
    measure_analysis("study ", small["study"])
    measure_analysis("sector", large["study"])


def analyse_table() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE registration_timeentry")


def build_study(name: str, facility_count: int, days: list[date], *, first_user: bool) -> dict:
    import numpy as np
    from django.utils import timezone

    from accounts.models import Membership, Organisation, Role, User
    from registration.forms import add_months
    from registration.models import (
        Activity,
        Participation,
        ProviderProfile,
        RegistrationStudy,
    )

    study = RegistrationStudy.objects.create(
        name=name,
        starts_on=days[0],
        ends_on=days[-1],
        edits_until=days[-1] + timedelta(days=7),
        delete_raw_on=add_months(days[-1], 6),
        agreement_text="Bench.",
    )
    prefix = name.replace(" ", "-")
    sizes = ["small", "medium", "large"]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"{name} facility {i}",
            code=f"{prefix}-{i}",
            kind=Organisation.Kind.CARE_FACILITY,
            facility_type="car" if i % 3 else "cgg",
            size_class=sizes[i % 3],
        )
        for i in range(facility_count)
    )
    participations = Participation.objects.bulk_create(
        Participation(study=study, facility=o, agreement_signed_at=timezone.now())
        for o in organisations
    )
    rng = np.random.default_rng(7)
    functions = ["psychologist", "psychiatrist", "social_worker", "nurse", "speech_therapist"]
    providers = ProviderProfile.objects.bulk_create(
        ProviderProfile(
            participation=p,
            first_name="Zorg",
            last_name=f"Verlener {n}",
            email=f"{prefix}-{p.facility_id}-{n}@example.org",
            care_function=functions[n % len(functions)],
            weekly_clinical_hours=38,
            monthly_clinical_cost=int(rng.integers(3000, 6000)),
            monthly_total_wage_cost=6500,
            youth_share_percent=50,
            seniority_years=int(rng.integers(0, 30)),
        )
        for p in participations
        for n in range(PROVIDERS)
    )
    user = None
    if first_user:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.utils import encrypt

        user = User.objects.create_user(email="bench.provider@example.org", password="x" * 20)
        Membership.objects.create(user=user, organisation=organisations[0], role=Role.CARE_PROVIDER)
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt("JBSWY3DPEHPK3PXP")}
        )
        providers[0].user = user
        providers[0].save(update_fields=["user"])
    activity_ids = np.array(list(Activity.objects.values_list("id", flat=True)))
    entries = insert_entries([p.pk for p in providers], days, activity_ids, rng)
    return {"study": study, "entries": entries, "user": user, "provider": providers[0]}


def insert_entries(provider_ids: list[int], days: list[date], activity_ids, rng) -> int:  # noqa: ANN001
    """Six distinct activities per provider and day, 30–120 minutes each; COPY on PostgreSQL."""
    import numpy as np
    import pandas as pd
    from django.db import connection
    from django.utils import timezone

    from registration.models import TimeEntry

    per_day = ENTRIES_PER_DAY
    n_slots = len(provider_ids) * len(days)
    # Each provider works with 10 distinct activities; each day uses six of them.
    pool = activity_ids[
        np.argsort(rng.random((len(provider_ids), len(activity_ids))), axis=1)[:, :10]
    ]
    pool_index = np.argsort(rng.random((n_slots, 10)), axis=1)[:, :per_day]
    provider_index = np.repeat(np.arange(len(provider_ids)), len(days))
    chosen = pool[provider_index[:, None], pool_index]
    frame = pd.DataFrame(
        {
            "provider_id": np.repeat(np.repeat(provider_ids, len(days)), per_day),
            "day": np.tile(
                np.repeat(np.array(days, dtype="datetime64[D]"), per_day), len(provider_ids)
            ),
            "activity_id": chosen.ravel(),
            "minutes": rng.choice([30, 45, 60, 75, 90], size=n_slots * per_day),
        }
    ).drop_duplicates(["provider_id", "day", "activity_id"])
    now = timezone.now()
    if connection.vendor == "postgresql":
        frame["created_at"] = now.isoformat()
        frame["updated_at"] = now.isoformat()
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, header=False)
        buffer.seek(0)
        columns = "provider_id, day, activity_id, minutes, created_at, updated_at"
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY registration_timeentry ({columns}) FROM STDIN WITH (FORMAT csv)", buffer
            )
    else:
        TimeEntry.objects.bulk_create(
            (
                TimeEntry(
                    provider_id=int(p),
                    day=d.date(),
                    activity_id=int(a),
                    minutes=int(m),
                    created_at=now,
                    updated_at=now,
                )
                for p, d, a, m in frame[
                    ["provider_id", "day", "activity_id", "minutes"]
                ].itertuples(index=False)
            ),
            batch_size=5000,
        )
    return len(frame)


def measure_pages(small: dict, days: list[date]) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from registration.models import Activity, TimeEntry

    client = Client()
    client.force_login(small["user"])
    day = days[-1]
    url = reverse("registration:day", args=[day])
    client.get(url)  # warm up: session, caches, templates
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    print(f"daily page      : {summary(samples)}; {len(queries)} queries")
    other = days[len(days) // 2]
    with CaptureQueriesContext(connection) as queries_other:
        client.get(reverse("registration:day", args=[other]))
    print(f"daily page      : another day, {len(queries_other)} queries (constant)")

    provider = small["provider"]
    used = set(TimeEntry.objects.filter(provider=provider).values_list("day", "activity_id"))
    free = [
        (d, a)
        for d in days
        for a in Activity.objects.values_list("id", flat=True)
        if (d, a) not in used
    ]
    samples = []
    query_counts = []
    for d, activity_id in free[:REPEATS]:
        add_url = reverse("registration:entry_add", args=[d])
        data = {"activity": activity_id, "hours": 0, "minutes": 15, "confirm_long_day": "on"}
        with CaptureQueriesContext(connection) as save_queries:
            start = time.perf_counter()
            response = client.post(add_url, data)
            samples.append(time.perf_counter() - start)
        query_counts.append(len(save_queries))
        assert response.status_code == 302, response.content[:300]
    print(
        f"save an entry   : {summary(samples)}; {statistics.median(query_counts):.0f} queries "
        "(incl. the audit event)"
    )


def measure_analysis(label: str, study) -> None:  # noqa: ANN001
    from registration import analysis, services
    from registration.analysis_data import load_inputs
    from registration.models import AnalysisRun

    start = time.perf_counter()
    inputs = load_inputs(study)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    output = analysis.compute(inputs)
    computed = time.perf_counter() - start
    run = AnalysisRun.objects.create(study=study)
    start = time.perf_counter()
    run = services.analysis_execute(run_id=run.pk)
    total = time.perf_counter() - start
    from registration.models import TimeEntry

    entries = TimeEntry.objects.filter(provider__participation__study=study).count()
    print(
        f"analysis {label}: {entries:,} entries → {len(inputs.rows):,} grouped rows; "
        f"load {loaded:.2f} s, pandas {computed:.2f} s, end to end (job: load, compute, store "
        f"{len(output.facilities) + 1} results) {total:.2f} s; status {run.status}"
    )


if __name__ == "__main__":
    main()
