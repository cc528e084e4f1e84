"""Audit log throughput: appending hash-chained events and verifying the chain.

Run with `make bench` (or `python bench/audit_chain.py [--events N]`). Uses DATABASE_URL when set
(PostgreSQL), otherwise a throw-away SQLite file. Prints events/s for writing and verifying.
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
    parser.add_argument("--events", type=int, default=5000)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_databases, teardown_databases

    old = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("migrate", verbosity=0)
        run(args.events)
    finally:
        teardown_databases(old, verbosity=0)


def run(events: int) -> None:
    from accounts import audit

    start = time.perf_counter()
    for n in range(events):
        audit.record(action="bench.read", category=audit.Category.READ, details={"n": n})
    write_seconds = time.perf_counter() - start

    start = time.perf_counter()
    result = audit.verify_chain()
    verify_seconds = time.perf_counter() - start
    assert result.ok and result.checked == events

    for label, seconds in (("append", write_seconds), ("verify", verify_seconds)):
        print(f"audit {label}: {events} events in {seconds:.2f} s = {events / seconds:,.0f}/s")


if __name__ == "__main__":
    main()
