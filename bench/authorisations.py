"""Authorised persons at the scale of a large organiser: page reads and one big approval.

Run with `make bench` (or `python bench/authorisations.py [--bureaus N --persons N]`). Uses
DATABASE_URL when set (PostgreSQL), otherwise a throw-away SQLite file. Prints the time and the
number of queries of the organiser's overview, the agency's queue and diff, a person's history,
and approving a request of 50 lines; the query counts must not grow with the data.
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
    parser.add_argument("--bureaus", type=int, default=40)
    parser.add_argument("--persons", type=int, default=600)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_databases, teardown_databases

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("migrate", verbosity=0)
        run(args.bureaus, args.persons)
    finally:
        teardown_databases(old, verbosity=0)


def measure(label: str, function):  # noqa: ANN001, ANN201
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - start
    print(f"{label:<46} {seconds * 1000:8.1f} ms {len(queries):6d} queries")
    return result


def run(bureau_count: int, person_count: int) -> None:
    from accounts.authorisations import diff, history, rules, selectors, services
    from accounts.authorisations import review as agency
    from accounts.models import DeclarationText, Membership, Organisation, Role, User

    K = Organisation.Kind
    agency_org = Organisation.objects.create(name="Agentschap", code="agency", kind=K.AGENCY)
    organiser = Organisation.objects.create(
        name="Groot organisator", code="org", kind=K.BUREAU_ORGANISER
    )
    bureaus = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bureau {n:03d}", code=f"cb-{n}", kind=K.CONSULTATION_BUREAU, parent=organiser
        )
        for n in range(bureau_count)
    )
    admin = User.objects.create_user("admin@bench.org", "x", first_name="Anja", last_name="B")
    olga = User.objects.create_user("olga@bench.org", "x", first_name="Olga", last_name="O")
    Membership.objects.create(user=admin, organisation=agency_org, role=Role.AGENCY_ADMIN)
    Membership.objects.create(user=olga, organisation=organiser, role=Role.ORGANISER)
    people = User.objects.bulk_create(
        User(email=f"p{n}@bench.org", first_name=f"P{n}", last_name="Bench")
        for n in range(person_count)
    )
    Membership.objects.bulk_create(
        Membership(user=person, organisation=bureaus[n % bureau_count], role=Role.AUTHORISED_PERSON)
        for n, person in enumerate(people)
    )
    signature = services.Signature(declaration=DeclarationText.objects.current(), name="Olga O")
    lines = rules.Lines(
        additions=[
            rules.Addition(
                f"N{n}",
                "Nieuw",
                f"nieuw{n}@bench.org",
                "arts",
                (bureaus[n % bureau_count], bureaus[(n + 1) % bureau_count]),
            )
            for n in range(40)
        ],
        removals=[rules.Removal(person) for person in people[:10]],
    )
    print(f"{bureau_count} bureaus, {person_count} authorised persons, a request of 50 lines")
    auth_request = measure(
        "submit a request (50 lines)",
        lambda: services.authorisation_request_submit(
            actor=olga, organiser=organiser, lines=lines, signature=signature
        ),
    )
    measure("organiser overview", lambda: selectors.organiser_overview(organiser))
    measure("agency review queue", lambda: selectors.review_queue(admin))
    loaded = selectors.request_get_for_user(admin, auth_request.pk)
    planned = measure("diff of the request", lambda: diff.request_diff(loaded))
    measure(
        "approve (accounts, memberships, invitations)",
        lambda: agency.authorisation_request_approve(
            actor=admin, auth_request=auth_request, fingerprint=planned.fingerprint
        ),
    )
    measure("history of one person", lambda: history.person_history(admin, people[0]))


if __name__ == "__main__":
    main()
