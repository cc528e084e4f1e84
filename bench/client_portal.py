"""Client portal at the scale of a large CGG: page times and query counts, and the daily task.

Run with `make bench` (or `python bench/client_portal.py [--trajectories N]`). Uses DATABASE_URL
when set (PostgreSQL), otherwise a throw-away SQLite file. A practitioner treats N trajectories
(each with two parents, a report and a message thread); a parent has three children in treatment.
Prints the time and the number of queries of each page (the counts must not grow with N), and
how long the daily task takes to close the ended trajectories.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trajectories", type=int, default=200)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["EMAIL_URL"] = "memorymail://"
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp())
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("migrate", verbosity=0)
        run(args.trajectories)
    finally:
        teardown_databases(old, verbosity=0)


def _password_hash() -> str:
    global _HASH
    if _HASH is None:
        from django.contrib.auth.hashers import make_password

        _HASH = make_password("Bench-Wachtwoord-123!")
    return _HASH


_HASH: str | None = None


def _user(email: str, first: str, role: str, organisation):  # noqa: ANN001, ANN202
    from allauth.mfa.models import Authenticator

    from accounts.models import Membership, User

    # One Argon2 hash for everyone: hashing is deliberately slow and not what we measure.
    user = User.objects.create(email=email, password=_password_hash(), first_name=first)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def run(count: int) -> None:
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import Organisation, Role
    from client_portal import services
    from client_portal.demo import tiny_pdf
    from client_portal.models import Trajectory
    from parent_portal.models import add_years

    facility = Organisation.objects.create(
        name="CGG Bench", code="cgg-bench", kind="care_facility", facility_type="cgg"
    )
    lies = _user("lies@bench.example.org", "Lies", Role.PRACTITIONER, facility)
    koen = _user("koen@bench.example.org", "Koen", Role.PARENT, facility)
    today = timezone.localdate()
    start = time.perf_counter()
    for n in range(count):
        trajectory = services.trajectory_create(
            actor=lies,
            facility=facility,
            title="Behandeling",
            start_date=today - timedelta(days=30),
            client_first_name=f"Kind{n}",
            client_last_name="Bench",
            client_birth_date=add_years(today, -(6 + n % 10)),
            client_sex="female",
        )
        parents = [koen] if n < 3 else []
        parents += [_user(f"ouder{n}@bench.example.org", f"Ouder{n}", Role.PARENT, facility)]
        for parent in parents:
            services.participant_add(
                actor=lies,
                trajectory=trajectory,
                relation="parent",
                email=parent.email,
                first_name=parent.first_name,
                last_name="Bench",
            )
        services.document_share(
            actor=lies,
            trajectory=trajectory,
            kind="report",
            title="Verslag",
            file=SimpleUploadedFile("v.pdf", tiny_pdf("Verslag", ["Tekst."])),
            approval_requested=True,
        )
        services.portal_thread_start(
            actor=parents[-1], trajectory=trajectory, subject="Vraag", body="Een vraag."
        )
    print(f"client portal: {count} trajectories set up in {time.perf_counter() - start:.1f} s")

    first = Trajectory.objects.order_by("pk").first()
    trajectory_url = reverse("client_portal:staff_trajectory", args=[first.pk])
    pages = [
        (lies, "practitioner workspace", reverse("client_portal:staff_workspace")),
        (lies, "practitioner trajectory", trajectory_url),
        (koen, "parent own portal home", reverse("client_portal:home", args=["eigen"])),
        (koen, "parent child portal home", reverse("client_portal:home", args=[first.client_id])),
        (koen, "parent reports (3 children)", reverse("client_portal:reports", args=["eigen"])),
        (koen, "parent messages", reverse("client_portal:messages", args=["eigen"])),
    ]
    for user, label, url in pages:
        client = Client()
        client.force_login(user)
        client.get(url)  # warm up
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            seconds = time.perf_counter() - started
        assert response.status_code == 200, (label, response.status_code)
        print(f"client portal: {label}: {seconds * 1000:.0f} ms, {len(queries)} queries")

    yesterday = today - timedelta(days=1)
    Trajectory.objects.update(end_date=yesterday)
    started = time.perf_counter()
    closed = services.close_ended_trajectories()
    seconds = time.perf_counter() - started
    print(f"client portal: daily task closed {closed} trajectories in {seconds:.2f} s")


if __name__ == "__main__":
    main()
