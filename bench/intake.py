"""GP-list intake benchmark: validation end to end, the annotated report, storing a submission.

    python bench/intake.py            # 1,000 / 10,000 / 100,000 rows
    python bench/intake.py --sizes 1000 10000

Each measurement runs in a fresh process so its peak memory (max RSS, which includes the Rust
reader's memory that tracemalloc cannot see) is its own. Storing uses a throw-away test database:
PostgreSQL when DATABASE_URL points to one (COPY and bulk_create both measured), else SQLite.
Targets (issue 4): 100,000 rows validated in < 2 s (>= 50,000 rows/s, within 3x the bare parse),
10,000 rows in < 0.3 s, peak memory < 300 MB, a 100,000-row submission stored in < 3 s on
PostgreSQL.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
CACHE = Path(tempfile.gettempdir()) / "zorgportaal-bench-intake"
ERROR_SHARE = 0.05  # one row in twenty has a typical mistake


def sample_file(rows: int, error_share: float = ERROR_SHARE) -> Path:
    from excel_intake import samples

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"gp-{rows}-{error_share}.xlsx"
    if not path.exists():
        samples.write_xlsx(samples.gp_rows(rows, error_share=error_share), str(path))
    return path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, rows: int) -> dict:
    """Runs in a child process: one measurement, printed as JSON."""
    import django

    django.setup()
    from excel_intake import engine, postcodes
    from excel_intake.rules import RuleContext
    from excel_intake.samples import GENT

    data = sample_file(rows).read_bytes()
    ctx = RuleContext(
        today=date(2025, 6, 1),
        qualification_codes=frozenset({"003", "004", "005", "006", "007", "008", "009"}),
        zone=frozenset(GENT),
        # Other circles' current lists loaded once, as the service does.
        other_circles=frozenset(
            f"{100000 + i:06d}{97 - (100000 + i) % 97:02d}" for i in range(0, rows, 40)
        ),
    )
    postcodes.directory()  # loaded once per process, like in a worker
    base = peak_mb()
    if kind == "parse":
        import python_calamine

        start, cpu = time.perf_counter(), time.process_time()
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        count = sum(1 for _row in workbook.get_sheet_by_name("Huisartsen").iter_rows())
        seconds = time.perf_counter() - start
        return {
            "seconds": seconds,
            "cpu_seconds": time.process_time() - cpu,
            "rows": count - 1,
            "peak_mb": peak_mb(),
            "base_mb": base,
        }
    if kind == "validate":
        start, cpu = time.perf_counter(), time.process_time()
        result = engine.validate_file(io.BytesIO(data), ctx)
        seconds = time.perf_counter() - start
        return {
            "seconds": seconds,
            "cpu_seconds": time.process_time() - cpu,
            "rows": result.summary.rows_read,
            "errors": result.summary.errors,
            "warnings": result.summary.warnings,
            "rows_with_errors": result.summary.rows_with_errors,
            "peak_mb": peak_mb(),
            "base_mb": base,
        }
    if kind == "report":
        from excel_intake.report import write_report
        from excel_intake.services import report_labels

        writer = engine.RowWriter()
        result = engine.validate_file(io.BytesIO(data), ctx, sink=writer)
        blob = writer.close()
        start = time.perf_counter()
        out = io.BytesIO()
        write_report(engine.read_rows(blob), result.problems, out, labels=report_labels())
        seconds = time.perf_counter() - start
        return {
            "seconds": seconds,
            "rows": rows,
            "bytes": len(out.getvalue()),
            "peak_mb": peak_mb(),
        }
    if kind == "store":
        # Only an error-free file is ever submitted.
        return measure_store(sample_file(rows, error_share=0).read_bytes(), ctx, rows)
    raise ValueError(kind)


def measure_store(data: bytes, ctx, rows: int) -> dict:  # noqa: ANN001
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from excel_intake import engine

    writer = engine.RowWriter()
    engine.validate_file(io.BytesIO(data), ctx, sink=writer)
    start = time.perf_counter()
    _problems, clean, _summary = engine.validate_records(engine.read_rows(writer.close()), ctx)
    recheck = time.perf_counter() - start
    assert not _summary.errors
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from accounts.models import Organisation, User
        from excel_intake.models import Submission, SubmissionRow
        from excel_intake.services import store_rows

        circle = Organisation.objects.create(name="Bench", code="bench", kind="gp_circle")
        user = User.objects.create(email="bench@example.org")
        timings = {}
        methods = ["copy", "bulk_create"] if connection.vendor == "postgresql" else ["bulk_create"]
        for version, method in enumerate(methods, start=1):
            submission = Submission.objects.create(
                circle=circle,
                version=version,
                is_current=False,
                submitted_by=user,
                submitted_at=timezone.now(),
                file_name="bench.xlsx",
                file_sha256="0" * 64,
                row_count=len(clean),
            )
            start = time.perf_counter()
            with transaction.atomic():
                if method == "copy":
                    store_rows(submission, clean)
                else:
                    SubmissionRow.objects.bulk_create(
                        [SubmissionRow(submission=submission, **row) for row in clean],
                        batch_size=2000,
                    )
            timings[method] = time.perf_counter() - start
            assert SubmissionRow.objects.filter(submission=submission).count() == len(clean)
        return {
            "vendor": connection.vendor,
            "rows": len(clean),
            "recheck_seconds": recheck,
            "timings": timings,
            "peak_mb": peak_mb(),
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def child(kind: str, rows: int) -> dict:
    output = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, __file__, "--child", kind, str(rows)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="*", type=int, default=[1_000, 10_000, 100_000])
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], int(args.child[1]))))
        return
    import django

    django.setup()
    print(f"GP-list intake, {ERROR_SHARE:.0%} of rows with a mistake; each figure a fresh process")
    for rows in args.sizes:
        sample_file(rows)
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print("Validation end to end (open + parse + all rules + problem list); best of 3 runs")
    print(
        f"{'rows':>8} {'bare parse':>11} {'validate':>9} {'(CPU)':>8} {'rows/s':>9} "
        f"{'x parse':>8} {'peak MB':>8} {'problems':>9}"
    )
    for rows in args.sizes:
        bare = min((child("parse", rows) for _ in range(3)), key=lambda r: r["seconds"])
        valid = min((child("validate", rows) for _ in range(3)), key=lambda r: r["seconds"])
        print(
            f"{rows:>8,} {bare['seconds']:>10.3f}s {valid['seconds']:>8.3f}s "
            f"{valid['cpu_seconds']:>7.3f}s {rows / valid['seconds']:>9,.0f} "
            f"{valid['seconds'] / bare['seconds']:>7.2f}x "
            f"{valid['peak_mb']:>8.0f} {valid['errors'] + valid['warnings']:>9,}"
        )
    print()
    print("Annotated report (.xlsx, openpyxl write-only: constant memory)")
    for rows in args.sizes:
        report = child("report", rows)
        print(
            f"{rows:>8,} rows: {report['seconds']:.2f}s ({rows / report['seconds']:,.0f} rows/s), "
            f"{report['bytes'] / 1e6:.1f} MB, peak {report['peak_mb']:.0f} MB"
        )
    print()
    largest = max(args.sizes)
    store = child("store", largest)
    print(f"Storing a submission of {store['rows']:,} rows on {store['vendor']} (one transaction)")
    print(f"  re-check of the stored rows before storing: {store['recheck_seconds']:.2f}s")
    for method, seconds in store["timings"].items():
        print(f"  {method:<12} {seconds:.2f}s ({store['rows'] / seconds:,.0f} rows/s)")
    print(f"  peak {store['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
