"""Writes of the GP-list intake: checks, submissions (immutable versions), care zones. Atomic and
audited; tasks are queued after the commit and carry ids only."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import Organisation, User

from . import engine, selectors
from .columns import KEYS, TEMPLATE_VERSION
from .diff import diff_rows
from .models import CircleArea, Submission, SubmissionRow, ValidationRun
from .parsing import IntakeLimits
from .postcodes import directory

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.http import HttpRequest

# Checks with more rows keep their annotated report (built once by the worker).
KEEP_REPORT_ROWS = 5000


class SubmissionRefusedError(Exception):
    """The check has errors (or was submitted already); nothing was stored."""


SubmissionListener = Callable[[Submission], None]
_submission_listeners: list[SubmissionListener] = []


def on_submission_accepted(listener: SubmissionListener) -> SubmissionListener:
    """Register `listener(submission)`, called inside the transaction that stores a circle's new
    current version (other apps queue their follow-up work with transaction.on_commit)."""
    _submission_listeners.append(listener)
    return listener


def intake_limits() -> IntakeLimits:
    return IntakeLimits(
        max_bytes=settings.EXCEL_INTAKE_MAX_UPLOAD_MB * 1024 * 1024,
        max_rows=settings.EXCEL_INTAKE_MAX_ROWS,
    )


# --- Checking an upload ---------------------------------------------------------------------------


def validation_start(
    *, actor: User, circle: Organisation, upload: UploadedFile, request: HttpRequest | None = None
) -> ValidationRun:
    """Check an uploaded file: small files at once, large ones by a worker (with progress)."""
    limits = intake_limits()
    size = upload.size or 0
    data = b"" if size > limits.max_bytes else upload.read()
    run = ValidationRun(
        circle=circle,
        uploaded_by=actor,
        file_name=(upload.name or "bestand.xlsx")[-200:],
        file_size=size,
        file_sha256=hashlib.sha256(data).hexdigest(),
        status=ValidationRun.Status.QUEUED,
    )
    background = settings.EXCEL_INTAKE_SYNC_MAX_BYTES < size <= limits.max_bytes
    if background:
        run.upload = data
    run.save()
    audit.record(
        action="gp_list.upload",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=circle,
        obj=run,
        details={"bytes": size, "background": background},
    )
    if background:
        from .tasks import validate_upload

        transaction.on_commit(lambda: validate_upload.delay(str(run.pk)))
        return run
    return validation_execute(run=run, data=data)


def validation_execute(*, run: ValidationRun, data: bytes | None = None) -> ValidationRun:
    """Run the engine on the file and store the summary, rows and problems (for 7 days)."""
    if data is None:
        data = bytes(run.upload or b"")
    ValidationRun.objects.filter(pk=run.pk).update(status=ValidationRun.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        ValidationRun.objects.filter(pk=run.pk).update(rows_processed=done, rows_total=total)

    ctx = selectors.rule_context_for(run.circle)
    rows = engine.RowWriter()
    result = engine.validate_file(
        io.BytesIO(data), ctx, limits=intake_limits(), progress=progress, sink=rows
    )
    run.rows = rows.close() if result.refusal is None else None
    problems = result.all_problems()
    run.problems = engine.pack_problems(problems)
    run.report = None
    if result.refusal is None and result.summary.rows_read > KEEP_REPORT_ROWS:
        # Large reports are built now (by the worker), not on each download.
        run.report = _build_report(engine.read_rows(run.rows), problems)
    run.summary = result.summary.as_dict()
    run.source_columns = result.source_columns
    run.rows_read = result.summary.rows_read
    run.rows_processed = max(run.rows_processed, result.summary.rows_read)
    run.rows_total = max(run.rows_total, run.rows_processed)
    run.error_count = result.summary.errors
    run.warning_count = result.summary.warnings
    run.status = ValidationRun.Status.REFUSED if result.refusal else ValidationRun.Status.DONE
    run.finished_at = timezone.now()
    run.upload = None
    run.save(
        update_fields=[
            "rows",
            "problems",
            "summary",
            "source_columns",
            "rows_read",
            "rows_processed",
            "rows_total",
            "error_count",
            "warning_count",
            "status",
            "finished_at",
            "upload",
            "report",
        ]
    )
    return run


def validation_fail(*, run_id: Any) -> None:
    ValidationRun.objects.filter(pk=run_id).update(
        status=ValidationRun.Status.FAILED, upload=None, finished_at=timezone.now()
    )


def report_bytes(run: ValidationRun) -> bytes:
    """The annotated report of a check: kept for large files, built on demand for small ones."""
    if run.report:
        return bytes(run.report)
    return _build_report(
        engine.read_rows(bytes(run.rows or b"")),
        engine.unpack_problems(bytes(run.problems or b"")),
    )


def _build_report(rows: Any, problems: list) -> bytes:
    from .report import write_report

    buffer = io.BytesIO()
    write_report(rows, problems, buffer, labels=report_labels())
    return buffer.getvalue()


def report_labels() -> dict[str, str]:
    return {
        "sheet": _("Problemen"),
        "line": _("Rij"),
        "column": _("Kolom"),
        "severity": _("Soort"),
        "value": _("Waarde"),
        "message": _("Wat aanpassen"),
        "error": _("fout"),
        "warning": _("waarschuwing"),
    }


def validation_purge(*, older_than: timedelta | None = None) -> int:
    """Remove checks (with their rows) older than the retention period; submitted versions
    keep their own copy of the rows."""
    cutoff = timezone.now() - (
        older_than or timedelta(days=settings.EXCEL_INTAKE_RUN_RETENTION_DAYS)
    )
    removed, _detail = ValidationRun.objects.filter(created_at__lt=cutoff).delete()
    if removed:
        audit.record(
            action="gp_list.purge_checks",
            category=audit.Category.DELETE,
            details={"removed": removed},
        )
    return removed


# --- Submitting -----------------------------------------------------------------------------------


@transaction.atomic
def submission_create(
    *, actor: User, run: ValidationRun, request: HttpRequest | None = None
) -> Submission:
    """Store an error-free check as the circle's next immutable version, in one transaction."""
    # Lock the circle row: two submissions of one circle never get the same version number.
    circle = Organisation.objects.select_for_update().get(pk=run.circle_id)
    run = ValidationRun.objects.select_for_update().get(pk=run.pk)
    if not run.can_submit:
        raise SubmissionRefusedError(
            _("Alleen een foutloos gecontroleerd bestand kan je indienen.")
        )
    ctx = selectors.rule_context_for(circle)
    problems, clean_rows, summary = engine.validate_records(
        engine.read_rows(bytes(run.rows or b"")), ctx
    )
    if summary.errors:  # the context moved since the check (e.g. settings): refuse, store nothing
        raise SubmissionRefusedError(_("Het bestand heeft nu fouten; controleer het opnieuw."))
    previous = selectors.current_submission(circle)
    old_rows = selectors.submission_rows(previous)
    changes = diff_rows(old_rows, clean_rows)
    if previous:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    submission = Submission(
        circle=circle,
        version=(previous.version + 1) if previous else _next_version(circle),
        submitted_by=actor,
        submitted_at=timezone.now(),
        file_name=run.file_name,
        file_sha256=run.file_sha256,
        template_version=TEMPLATE_VERSION,
        row_count=len(clean_rows),
        warning_count=summary.warnings,
        added_count=len(changes.added),
        removed_count=len(changes.removed),
        changed_count=len(changes.changed),
    )
    submission.full_clean()
    submission.save()
    store_rows(submission, clean_rows)
    run.submission = submission
    run.save(update_fields=["submission"])
    audit.record(
        action="gp_list.submit",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=circle,
        obj=submission,
        details={
            "version": submission.version,
            "rows": submission.row_count,
            "added": submission.added_count,
            "removed": submission.removed_count,
            "changed": submission.changed_count,
        },
    )
    from .tasks import notify_agency_of_submission

    transaction.on_commit(lambda: notify_agency_of_submission.delay(submission.pk))
    for listener in _submission_listeners:
        listener(submission)
    return submission


def _next_version(circle: Organisation) -> int:
    last = Submission.objects.filter(circle=circle).order_by("-version").first()
    return last.version + 1 if last else 1


ROW_COLUMNS = ("submission_id", "line", *KEYS)


def _row_values(submission_id: int, row: dict[str, Any]) -> list[Any]:
    values = [submission_id, row["line"]]
    for key in KEYS:
        value = row.get(key)
        values.append("" if value is None and key == "email" else value)
    return values


def store_rows(submission: Submission, rows: list[dict[str, Any]]) -> None:
    """Insert the rows: COPY on PostgreSQL (about 3x faster than batched INSERTs, see
    bench/intake.py), bulk_create elsewhere. Both run inside the caller's transaction."""
    if connection.vendor == "postgresql":
        _copy_rows(submission, rows)
        return
    SubmissionRow.objects.bulk_create(
        [SubmissionRow(submission=submission, **row) for row in rows], batch_size=2000
    )


def _copy_rows(submission: Submission, rows: list[dict[str, Any]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow("" if value is None else value for value in _row_values(submission.pk, row))
    buffer.seek(0)
    table = SubmissionRow._meta.db_table
    columns = ", ".join(ROW_COLUMNS)
    # In CSV an unquoted empty field is NULL; only end_date may be NULL, so every text column
    # reads an empty field as "" (and any text, "\N" included, stays text).
    text_columns = ", ".join(
        field.column
        for field in SubmissionRow._meta.concrete_fields
        if field.get_internal_type() == "CharField"
    )
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({text_columns}))",  # noqa: E501, S608
            buffer,
        )


@transaction.atomic
def submission_mark_seen(*, actor: User, submission: Submission) -> Submission:
    if submission.seen_by_agency_at is None:
        submission.seen_by_agency_at = timezone.now()
        submission.seen_by_agency = actor
        submission.save(update_fields=["seen_by_agency_at", "seen_by_agency"])
    return submission


# --- The circle's care zone -----------------------------------------------------------------------


def parse_postal_codes(text: str) -> tuple[list[str], list[str]]:
    """(known codes, unknown entries) from text separated by spaces, commas or new lines."""
    known, unknown = set(), []
    postal = directory()
    for part in text.replace(",", " ").replace(";", " ").split():
        code = part.strip()
        if postal.exists(code):
            known.add(code)
        else:
            unknown.append(code[:10])
    return sorted(known), unknown


@transaction.atomic
def circle_area_set(
    *,
    actor: User,
    circle: Organisation,
    postal_codes: list[str],
    care_zone: str = "",
    request: HttpRequest | None = None,
) -> CircleArea:
    if circle.kind != Organisation.Kind.GP_CIRCLE:
        raise ValidationError(_("Alleen een huisartsenkring heeft een werkingsgebied."))
    area, _created = CircleArea.objects.get_or_create(circle=circle)
    before = list(area.postal_codes)
    area.postal_codes = sorted(set(postal_codes))
    area.care_zone = care_zone.strip()
    area.updated_by = actor
    area.full_clean()
    area.save(update_fields=["postal_codes", "care_zone", "updated_by", "updated_at"])
    audit.record(
        action="gp_area.update",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=circle,
        obj=area,
        details={
            "added": sorted(set(area.postal_codes) - set(before)),
            "removed": sorted(set(before) - set(area.postal_codes)),
        },
    )
    return area
