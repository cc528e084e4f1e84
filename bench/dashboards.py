"""Bureau dashboards at full size: about 10 million appointments (300 bureaus x 10 years).

Run with `python bench/dashboards.py [--small] [--fresh] [--requests 50]`. PostgreSQL only: the
database in BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/zp_bench) is migrated
and used as it is, and is the benchmark's own: --fresh (or data of another size) empties its
schedule tables first. Generated data already there is reused, so a second run skips the load.

Prints:
  - the load: generating and COPYing the appointments, rebuilding indexes and constraints;
  - the full rebuild of the summary tables (`dashboards.facts.rebuild_all`);
  - each dashboard page's server time through Django's test client (median and p95 over N
    requests with random filters, as an agency admin and as an organiser's authorised person);
  - each API series (median, p95, requests per second);
  - the incremental refresh after changing one day (`facts.refresh_days`), and of 20 days;
  - a quarter's GROUP BY over raw appointments vs the summary table, and a bureau-month;
  - peak memory of this process (getrusage) and of one page request (tracemalloc), table sizes.
Targets (issue 8): page p95 < 100 ms, API < 30 ms, incremental refresh < 1 s, full rebuild < 30 s.
--small (20 bureaus x 2 years) runs in under a minute for a quick check.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zp_bench"
SLUGS = (
    "allocated-hours",
    "hour-distribution",
    "sessions",
    "postponements",
    "registrations",
    "enrolments",
    "next-year",
    "contacts-per-doctor",
    "consult-kinds",
)
PERIODS = ("this_month", "last_3_months", "this_year", "last_year", "custom")
GRANULARITIES = ("global", "month", "week", "day", "part_of_day")
# The practitioner kinds each question offers (dashboards.questions), filled in main().
QUESTION_KINDS: dict[str, tuple[str, ...]] = {}
# The longest custom period (days between start and end) per granularity (dashboards.filters).
LIMITS = {"day": 365, "week": 2 * 365}
TARGET_PAGE_MS = 100
TARGET_API_MS = 30
TARGET_REFRESH_S = 1
TARGET_REBUILD_S = 30


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="20 bureaus x 2 years")
    parser.add_argument("--fresh", action="store_true", help="generate the data again")
    parser.add_argument(
        "--requests", type=int, default=None, help="requests per page and series (50; 20 small)"
    )
    parser.add_argument("--bureaus", type=int, default=None)
    parser.add_argument("--years", type=int, default=None)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--skip-rebuild", action="store_true", help="measure on the facts as they are"
    )
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="CLUSTER the fact tables on their key before measuring (what-if; not in the app)",
    )
    args = parser.parse_args()
    bureaus = args.bureaus or (20 if args.small else 300)
    years = args.years or (2 if args.small else 10)
    requests = args.requests or (20 if args.small else 50)

    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    create_database(os.environ["DATABASE_URL"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("REDIS_URL", None)  # Celery eager, local-memory cache: measure our code only
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/dashboards.py needs PostgreSQL (BENCH_DATABASE_URL).")
    # As in production: no debug cursor or template instrumentation; the test client's host.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    print(f"database: {connection.settings_dict['NAME']} (PostgreSQL {connection.pg_version})")
    print(f"machine : {os.cpu_count()} cores")
    from dashboards import filters
    from dashboards.questions import QUESTIONS

    QUESTION_KINDS.update({q.slug: tuple(q.kinds) for q in QUESTIONS})
    LIMITS["day"] = filters.MAX_DAYS_PER_DAY - 1
    LIMITS["week"] = filters.MAX_DAYS_PER_WEEK - 1
    began = time.perf_counter()
    load(bureaus, years, args.seed, args.fresh)
    if args.skip_rebuild:
        print("rebuild : skipped (--skip-rebuild): the facts as they are")
    else:
        rebuild()
    if args.cluster:
        cluster()
    users = bench_users()
    rng = random.Random(args.seed)
    measure_pages(users, requests, rng)
    measure_api(users, requests, rng)
    measure_refresh(rng)
    raw_versus_summary(rng)
    memory(users, rng)
    print(f"total   : {time.perf_counter() - began:.0f} s")


def create_database(url: str) -> None:
    """Create the benchmark database when it does not exist yet."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    conn = psycopg2.connect(maintenance)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"database: created {name}")
    finally:
        conn.close()


# --- helpers -----------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(len(ordered) * 0.95) - 1)]


def verdict(value: float, target: float) -> str:
    return "OK" if value < target else "OVER TARGET"


def scalar(sql: str, params: list | None = None):  # noqa: ANN201
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


# --- load ----------------------------------------------------------------------------------------


def load(bureaus: int, years: int, seed: int, fresh: bool) -> None:
    from django.db import connection
    from django.utils import timezone

    from dashboards import generator

    present = generator.generated_bureaus().count()
    appointments = scalar("SELECT count(*) FROM parent_portal_appointment")
    first = scalar("SELECT min(date) FROM parent_portal_session")
    today = timezone.localdate()
    same_size = (
        present == bureaus
        and first is not None
        and abs((today - first).days - years * 365.25) < 400
    )
    if same_size and not fresh:
        print(
            f"load    : reusing {present} generated bureaus, {appointments:,} appointments "
            f"(from {first}); --fresh generates them again"
        )
        return
    if present or appointments:
        start = time.perf_counter()
        # The benchmark's own database: empty the schedule tables at once (a DELETE of ten
        # million rows takes minutes), then remove the generated organisations and accounts.
        from dashboards.facts import FACT_MODELS
        from dashboards.models import AllocatedHours, DirtyDay

        tables = [
            "parent_portal_appointment",
            "parent_portal_session",
            "parent_portal_child",
            *(model._meta.db_table for model in (*FACT_MODELS, DirtyDay, AllocatedHours)),
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        generator.replace()
        print(f"load    : emptied the earlier data in {time.perf_counter() - start:.1f} s")
    result = generator.generate(
        bureaus=bureaus,
        years=years,
        seed=seed,
        end_date=today,
        progress=lambda text: print(f"          {text}", flush=True),
    )
    t = result.timings
    print(f"load    : {result.summary()}")
    print(
        f"load    : generate + COPY {t.get('generate_and_copy', 0):.1f} s "
        f"({result.appointments / max(t.get('generate_and_copy', 1), 1e-9):,.0f} appointments/s; "
        f"COPY busy {t.get('copy_busy', 0):.1f} s in its own thread), indexes and constraints "
        f"{t.get('indexes_and_constraints', 0):.1f} s, ANALYZE {t.get('analyze', 0):.1f} s, "
        f"plan {t.get('plan', 0):.1f} s"
    )


def rebuild() -> None:
    from django.db import connection

    from dashboards import facts

    phases = _time_phases(facts)
    result = facts.rebuild_all()
    appointments = scalar("SELECT count(*) FROM parent_portal_appointment")
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) dashboards_bureaudayfact, dashboards_practitionerdayfact")
    vacuum = time.perf_counter() - start
    print(
        f"rebuild : full rebuild of the facts from {appointments:,} appointments in "
        f"{result['seconds']:.2f} s ({result['bureau_rows']:,} bureau rows, "
        f"{result['practitioner_rows']:,} practitioner rows, {result['registration_rows']:,} "
        f"registration rows)  target < {TARGET_REBUILD_S} s: "
        f"{verdict(result['seconds'], TARGET_REBUILD_S)}"
    )
    if phases:
        print(
            "rebuild : phases " + ", ".join(f"{name} {sec:.1f} s" for name, sec in phases.items())
        )
    print(f"rebuild : VACUUM ANALYZE of the two fact tables afterwards {vacuum:.1f} s")


def _time_phases(facts) -> dict[str, float]:  # noqa: ANN001
    """Time the rebuild's statements by wrapping facts' module functions."""
    phases: dict[str, float] = {}
    for name in (
        "_stage_full_rebuild",
        "_delete_facts",
        "_insert_practitioner_facts",
        "_insert_bureau_facts",
        "_insert_registration_facts",
        "_insert_month_facts",
    ):
        function = getattr(facts, name)

        def timed(*args, _function=function, _name=name, **kwargs):  # noqa: ANN002, ANN003, ANN202
            start = time.perf_counter()
            try:
                return _function(*args, **kwargs)
            finally:
                phases[_name.strip("_")] = time.perf_counter() - start

        setattr(facts, name, timed)
    return phases


def cluster() -> None:
    """What-if: the facts in key order (bureau, date, ...), as an ordered rebuild leaves them."""
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CLUSTER dashboards_bureaudayfact USING db_bureau_day_fact_key")
        cursor.execute("CLUSTER dashboards_practitionerdayfact USING db_practitioner_day_fact_key")
        cursor.execute("ANALYZE dashboards_bureaudayfact, dashboards_practitionerdayfact")
    print(
        f"cluster : --cluster: fact tables rewritten in key order in "
        f"{time.perf_counter() - start:.1f} s (not part of the app's rebuild)"
    )


# --- users ---------------------------------------------------------------------------------------


def bench_users() -> dict:
    """An agency admin and an authorised person of the organiser with the most bureaus."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt
    from django.db.models import Count

    from accounts.models import Membership, Organisation, Role, User

    agency, _ = Organisation.objects.get_or_create(
        code="bench-agency", defaults={"name": "Agentschap (bench)", "kind": "agency"}
    )
    organiser = (
        Organisation.objects.filter(code__startswith="gen-org-")
        .annotate(n=Count("children"))
        .order_by("-n", "code")
        .first()
    )
    users = {}
    for key, email, org, role in (
        ("agency", "bench.agency@example.org", agency, Role.AGENCY_ADMIN),
        ("authorised", "bench.authorised@example.org", organiser, Role.AUTHORISED_PERSON),
    ):
        user, created = User.objects.get_or_create(email=email, defaults={"password": "!"})
        Membership.objects.get_or_create(user=user, organisation=org, role=role, revoked_at=None)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            Authenticator.objects.create(
                user=user,
                type=Authenticator.Type.TOTP,
                data={"secret": encrypt("JBSWY3DPEHPK3PXP")},
            )
        users[key] = user
    bureaus = {b.parent_id: [] for b in Organisation.objects.filter(code__startswith="gen-cb-")}
    for b in Organisation.objects.filter(code__startswith="gen-cb-").order_by("code"):
        bureaus[b.parent_id].append(b.pk)
    users["organiser"] = organiser
    users["bureaus"] = bureaus
    print(
        f"users   : agency admin; authorised person of {organiser.name} "
        f"({len(bureaus[organiser.pk])} bureaus)"
    )
    return users


def random_filters(users: dict, who: str, slug: str, rng: random.Random) -> dict:
    from django.utils import timezone

    today = timezone.localdate()
    if who == "authorised":
        organiser_id = users["organiser"].pk
    else:
        organiser_id = rng.choice(sorted(users["bureaus"]))
    own = users["bureaus"][organiser_id]
    params: dict = {"organiser": organiser_id}
    pick = rng.random()
    if pick < 0.4:
        params["bureau"] = [rng.choice(own)]
    elif pick < 0.6:
        params["bureau"] = rng.sample(own, min(len(own), rng.randint(2, 4)))
    granularity = rng.choice(GRANULARITIES)
    period = rng.choice(PERIODS)
    params["granularity"] = granularity
    params["period"] = period
    if period == "custom":
        longest = {"day": LIMITS["day"], "week": LIMITS["week"]}.get(granularity, 5 * 365)
        span = rng.randint(30, longest)
        end = today - timedelta(days=rng.randint(0, 3 * 365))
        params["start"] = (end - timedelta(days=span)).isoformat()
        params["end"] = end.isoformat()
    kinds = QUESTION_KINDS.get(slug, ("doctor", "nurse"))
    if rng.random() < 0.5 or len(kinds) == 1:
        params["kind"] = rng.choice(kinds)
    if slug == "contacts-per-doctor" and rng.random() < 0.5:
        from dashboards import selectors

        doctors = selectors.doctors_of(params.get("bureau") or own)
        if doctors:
            params["doctor"] = rng.choice(doctors)[0]
    return params


def _timed_requests(users: dict, url: str, slug: str, count: int, rng: random.Random, **headers):  # noqa: ANN003, ANN202
    from django.test import Client

    clients = {}
    for who in ("agency", "authorised"):
        clients[who] = Client()
        clients[who].force_login(users[who])
        clients[who].get(url, **headers)  # warm up: session, caches, templates
    samples, statuses, slowest = [], {}, (0.0, "", "")
    for i in range(count):
        who = "authorised" if i % 2 else "agency"
        query = urlencode(random_filters(users, who, slug, rng), doseq=True)
        start = time.perf_counter()
        response = clients[who].get(f"{url}?{query}", **headers)
        elapsed = time.perf_counter() - start
        samples.append(elapsed)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if elapsed > slowest[0]:
            slowest = (elapsed, who, query)
    SLOWEST.append((url, slowest, clients[slowest[1]], headers))
    return samples, statuses


# (url, (seconds, who, query), client, headers) of the slowest request of each page and series.
SLOWEST: list = []


def explain_slowest(label: str) -> None:
    """Repeat the slowest request of each page or series and show its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url, (seconds, who, query), client, headers in SLOWEST:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            client.get(f"{url}?{query}", **headers)
            again = time.perf_counter() - start
        times = sorted((float(q["time"]), q["sql"]) for q in queries.captured_queries)
        top = times[-1] if times else (0.0, "")
        print(
            f"{label}: slowest {url}?{query} ({who}) {ms(seconds)}; again {ms(again)}, "
            f"{len(times)} queries taking {ms(sum(t for t, _ in times))}, the slowest "
            f"{ms(top[0])}: {top[1][:160]}"
        )
    SLOWEST.clear()


def _status_note(statuses: dict) -> str:
    return ", ".join(f"{code}×{n}" for code, n in sorted(statuses.items()))


def measure_pages(users: dict, count: int, rng: random.Random) -> None:
    from django.urls import reverse

    worst = 0.0
    for slug in SLUGS:
        url = reverse("dashboards:question", kwargs={"slug": slug})
        samples, statuses = _timed_requests(users, url, slug, count, rng)
        worst = max(worst, p95(samples))
        print(
            f"page    : {slug:<20} median {ms(statistics.median(samples))}, p95 "
            f"{ms(p95(samples))} over {count} requests ({_status_note(statuses)})  "
            f"target p95 < {TARGET_PAGE_MS} ms: {verdict(p95(samples) * 1000, TARGET_PAGE_MS)}"
        )
    url = reverse("dashboards:overview")
    samples, statuses = _timed_requests(users, url, "overview", count, rng)
    print(
        f"page    : {'overview':<20} median {ms(statistics.median(samples))}, p95 "
        f"{ms(p95(samples))} ({_status_note(statuses)})"
    )
    print(f"pages   : worst p95 {ms(worst)}")
    explain_slowest("pages   ")


def measure_api(users: dict, count: int, rng: random.Random) -> None:
    from django.urls import reverse

    worst = 0.0
    for slug in SLUGS:
        url = reverse("dashboards_api:series", kwargs={"slug": slug})
        samples, statuses = _timed_requests(
            users, url, slug, count, rng, HTTP_ACCEPT="application/json"
        )
        worst = max(worst, p95(samples))
        print(
            f"api     : {slug:<20} median {ms(statistics.median(samples))}, p95 "
            f"{ms(p95(samples))}, {1 / statistics.mean(samples):.0f} requests/s (one client) "
            f"({_status_note(statuses)})  target < {TARGET_API_MS} ms: "
            f"{verdict(p95(samples) * 1000, TARGET_API_MS)}"
        )
    print(f"api     : worst p95 {ms(worst)}")
    explain_slowest("api     ")


# --- refresh and raw vs summary ------------------------------------------------------------------


def measure_refresh(rng: random.Random) -> None:
    from django.db import transaction

    from dashboards import facts
    from dashboards.models import DirtyDay
    from parent_portal.models import Appointment

    busy = list(
        Appointment.objects.filter(status="done")
        .values_list("session__bureau_id", "date")
        .order_by("-id")[:5000]
    )
    samples = []
    for bureau_id, day in rng.sample(busy, 10):
        with transaction.atomic():
            one = Appointment.objects.filter(
                session__bureau_id=bureau_id, date=day, status="done"
            ).first()
            Appointment.objects.filter(pk=one.pk).update(status="no_show")
        start = time.perf_counter()
        facts.refresh_days([(bureau_id, day)])
        samples.append(time.perf_counter() - start)
        Appointment.objects.filter(pk=one.pk).update(status="done")
        facts.refresh_days([(bureau_id, day)])
    print(
        f"refresh : one changed bureau-day: median {ms(statistics.median(samples))}, max "
        f"{ms(max(samples))} over 10 days  target < {TARGET_REFRESH_S} s: "
        f"{verdict(max(samples), TARGET_REFRESH_S)}"
    )
    pairs = rng.sample(busy, 20)
    start = time.perf_counter()
    facts.refresh_days(pairs)
    print(f"refresh : 20 bureau-days at once {ms(time.perf_counter() - start)}")
    # Dirty days as the schedule marks them (mark_dirty would refresh at once: Celery is eager).
    DirtyDay.objects.bulk_create(
        [DirtyDay(bureau_id=b, date=d) for b, d in set(pairs[:5])], ignore_conflicts=True
    )
    start = time.perf_counter()
    refreshed = facts.refresh_dirty()
    print(f"refresh : refresh_dirty() of {refreshed} dirty days {ms(time.perf_counter() - start)}")


def _median_time(sql: str, params: list, repeats: int = 7) -> tuple[float, int]:
    from django.db import connection

    samples = []
    rows = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # warm the cache
        for _ in range(repeats):
            start = time.perf_counter()
            cursor.execute(sql, params)
            rows = len(cursor.fetchall())
            samples.append(time.perf_counter() - start)
    return statistics.median(samples), rows


RAW_SQL = """
SELECT s.bureau_id, s.part_of_day, s.practitioner_kind,
       count(*) FILTER (WHERE a.status = 'done') AS done,
       count(*) FILTER (WHERE a.status = 'no_show') AS no_show,
       count(*) FILTER (WHERE a.status = 'postponed_via_portal') AS postponed_portal,
       count(*) FILTER (WHERE a.status = 'postponed_via_phone') AS postponed_phone,
       count(*) FILTER (WHERE a.status = 'done' AND a.consult_kind = 'duo') AS duo
FROM parent_portal_appointment a JOIN parent_portal_session s ON s.id = a.session_id
WHERE a.date BETWEEN %s AND %s {bureau}
GROUP BY 1, 2, 3
"""
SUMMARY_SQL = """
SELECT bureau_id, part_of_day, practitioner_kind, sum(done), sum(no_show),
       sum(postponed_portal), sum(postponed_phone), sum(done_duo)
FROM dashboards_bureaudayfact
WHERE date BETWEEN %s AND %s {bureau}
GROUP BY 1, 2, 3
"""


def raw_versus_summary(rng: random.Random) -> None:
    from django.utils import timezone

    from dashboards import generator

    today = timezone.localdate()
    quarter_start = date(today.year - 1, 4, 1)
    quarter_end = date(today.year - 1, 6, 30)
    raw, raw_rows = _median_time(RAW_SQL.format(bureau=""), [quarter_start, quarter_end])
    summary, summary_rows = _median_time(
        SUMMARY_SQL.format(bureau=""), [quarter_start, quarter_end]
    )
    print(
        f"group by: a quarter, all bureaus x part of day x kind: raw appointments {ms(raw)} "
        f"({raw_rows} groups), summary table {ms(summary)} ({summary_rows} groups), "
        f"{raw / max(summary, 1e-9):.0f}x"
    )
    bureau = rng.choice(list(generator.generated_bureaus().values_list("pk", flat=True)))
    month_start = date(today.year - 1, 10, 1)
    month_end = date(today.year - 1, 10, 31)
    raw, _ = _median_time(
        RAW_SQL.format(bureau="AND s.bureau_id = %s"), [month_start, month_end, bureau]
    )
    summary, _ = _median_time(
        SUMMARY_SQL.format(bureau="AND bureau_id = %s"), [month_start, month_end, bureau]
    )
    print(
        f"group by: one bureau, one month: raw {ms(raw)}, summary {ms(summary)}, "
        f"{raw / max(summary, 1e-9):.0f}x"
    )


# --- memory --------------------------------------------------------------------------------------


def memory(users: dict, rng: random.Random) -> None:
    from django.test import Client
    from django.urls import reverse

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"memory  : peak resident size of this process {peak_kb / 1024:.0f} MB (getrusage)")
    url = reverse("dashboards:question", kwargs={"slug": "sessions"})
    client = Client()
    client.force_login(users["agency"])
    client.get(url)
    peaks = []
    for _ in range(5):
        query = urlencode(random_filters(users, "agency", "sessions", rng), doseq=True)
        tracemalloc.start()
        client.get(f"{url}?{query}")
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    print(f"memory  : one page request allocates at most {max(peaks) / 1e6:.1f} MB (tracemalloc)")
    sizes = []
    for table in (
        "parent_portal_appointment",
        "parent_portal_session",
        "parent_portal_child",
        "dashboards_bureaudayfact",
        "dashboards_practitionerdayfact",
    ):
        size = scalar("SELECT pg_total_relation_size(%s)", [table])
        sizes.append(f"{table.split('_', 2)[-1]} {size / 2**20:,.0f} MB")
    print(f"disk    : {', '.join(sizes)} (tables with indexes)")


if __name__ == "__main__":
    main()
