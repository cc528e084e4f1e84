"""Writes of gp_accessibility: checking and saving an indicator file (atomic, audited), and
computing the results into a new result set (the Celery job calls `results_compute`). The
listeners registered in apps.py queue that job after an accepted GP list or a closed round."""

from __future__ import annotations

import hashlib
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from excel_intake import engine
from excel_intake.parsing import IntakeLimits

from . import areas, compute, selectors, validation
from .indicators import NEED_INDICATORS
from .models import CircleResult, IndicatorUpload, IndicatorValue, ResultSet

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.http import HttpRequest

    from accounts.models import User

KEEP_RESULT_SETS = 20


class SaveRefusedError(Exception):
    """The file has errors (or was saved already); nothing was stored."""


def indicator_limits() -> IntakeLimits:
    return IntakeLimits(
        max_bytes=settings.GP_ACCESSIBILITY_MAX_UPLOAD_MB * 1024 * 1024, max_rows=50_000
    )


# --- Indicators -----------------------------------------------------------------------------------


def indicator_upload_check(
    *,
    actor: User,
    upload: UploadedFile,
    is_synthetic: bool = False,
    request: HttpRequest | None = None,
) -> IndicatorUpload:
    """Check an uploaded indicator file and keep the result (rows and problems) for the page,
    the annotated report and saving. Nothing is saved as indicator values yet."""
    limits = indicator_limits()
    size = upload.size or 0
    data = b"" if size > limits.max_bytes else upload.read()
    if size > limits.max_bytes:
        result = validation.IndicatorValidation(
            refusal=validation.IndicatorProblem(
                1, "", "file_too_large", "", {"limit_mb": limits.max_bytes // (1024 * 1024)}
            )
        )
        result.summary = engine.summarise([result.refusal], 0)
    else:
        result = validation.validate_file(
            io.BytesIO(data), today=timezone.localdate(), limits=limits
        )
    writer = engine.RowWriter()
    for line, cells in result.rows:
        writer(line, cells)
    checked = IndicatorUpload(
        uploaded_by=actor,
        file_name=(upload.name or "indicatoren.xlsx")[-200:],
        file_size=size,
        file_sha256=hashlib.sha256(data).hexdigest(),
        status=IndicatorUpload.Status.REFUSED if result.refusal else IndicatorUpload.Status.CHECKED,
        rows_read=result.summary.rows_read,
        error_count=result.summary.errors,
        warning_count=result.summary.warnings,
        summary=result.summary.as_dict(),
        years=result.years,
        rows=writer.close() if result.rows else None,
        problems=engine.pack_problems(result.all_problems()),
        is_synthetic=is_synthetic,
    )
    checked.full_clean(exclude=["rows", "problems"])
    checked.save()
    audit.record(
        action="gp_indicators.upload",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        obj=checked,
        details={"bytes": size, "rows": checked.rows_read, "errors": checked.error_count},
    )
    return checked


def problems_of(upload: IndicatorUpload) -> list[Any]:
    return engine.unpack_problems(bytes(upload.problems or b""), validation.IndicatorProblem)


def report_bytes(upload: IndicatorUpload) -> bytes:
    """The uploaded rows with every offending cell coloured and commented (the GP list's report
    writer with this file's layout)."""
    from excel_intake.report import write_report
    from excel_intake.services import report_labels

    buffer = io.BytesIO()
    write_report(
        engine.read_rows(bytes(upload.rows or b"")),
        problems_of(upload),
        buffer,
        labels=report_labels(),
        layout=validation.LAYOUT,
    )
    return buffer.getvalue()


def _decimal(value: float | None, places: int = 3) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, places)))


@transaction.atomic
def indicator_upload_save(
    *, actor: User, upload: IndicatorUpload, request: HttpRequest | None = None
) -> int:
    """Store an error-free file's figures: they replace every value of the years in the file.
    Rows outside Flanders and Brussels are left out. Returns the number of rows stored."""
    locked = IndicatorUpload.objects.select_for_update().get(pk=upload.pk)
    if not locked.can_save:
        raise SaveRefusedError(_("Alleen een foutloos gecontroleerd bestand kan je opslaan."))
    clean_rows: list[dict[str, Any]] = []
    problems = list(
        validation.check_rows(
            engine.read_rows(bytes(locked.rows or b"")), timezone.localdate(), clean_rows
        )
    )
    if any(p.severity == validation.Severity.ERROR for p in problems):
        raise SaveRefusedError(_("Het bestand heeft nu fouten; controleer het opnieuw."))
    known = areas.municipalities()
    values = [
        IndicatorValue(
            area_code=row["area_code"],
            municipality_code=row["municipality_code"],
            year=row["year"],
            population=row["population"],
            area_km2=_decimal(row["area_km2"]),
            upload=locked,
            is_synthetic=locked.is_synthetic,
            **{
                i.key: _decimal(row.get(i.key), 2 if i.key == "net_income" else 3)
                for i in NEED_INDICATORS
            },
        )  # fmt: skip
        for row in clean_rows
        if known[row["municipality_code"]].is_covered
    ]
    years = sorted({row["year"] for row in clean_rows})
    replaced, _detail = IndicatorValue.objects.filter(year__in=years).delete()
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    locked.status = IndicatorUpload.Status.SAVED
    locked.saved_at = timezone.now()
    locked.saved_by = actor
    locked.values_saved = len(values)
    locked.save(update_fields=["status", "saved_at", "saved_by", "values_saved"])
    audit.record(
        action="gp_indicators.save",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        obj=locked,
        details={"years": years, "rows": len(values), "replaced": replaced},
    )
    queue_results(ResultSet.Reason.INDICATORS)
    return len(values)


# --- Results --------------------------------------------------------------------------------------


def queue_results(reason: str) -> None:
    """Recompute after the current transaction commits (on the aggregation queue)."""
    from .tasks import compute_results

    transaction.on_commit(lambda: compute_results.delay(str(reason)))


def on_gp_list_accepted(submission: Any) -> None:
    queue_results(ResultSet.Reason.GP_LIST)


def on_round_closed(round_: Any) -> None:
    if round_.questionnaire.code == settings.GP_ACCESSIBILITY_QUESTIONNAIRE:
        queue_results(ResultSet.Reason.ROUND_CLOSED)


def options() -> compute.Options:
    return compute.Options(fte_hours=float(settings.GP_ACCESSIBILITY_FTE_HOURS))


def _clean(value: Any) -> Any:
    """JSON-friendly: floats rounded (no binary noise in the stored figures)."""
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


@transaction.atomic
def results_compute(*, reason: str) -> ResultSet:
    """Compute every circle's results and the aggregates from the current data, store them as a
    new result set (pages read the newest) and drop all but the last KEEP_RESULT_SETS."""
    inputs = selectors.computation_inputs(timezone.localdate())
    settings_used = options()
    results = compute.compute(inputs.circles, inputs.rows, inputs.questions, settings_used)
    result_set = ResultSet.objects.create(
        computed_at=timezone.now(),
        reason=reason,
        indicator_year=inputs.indicator_year,
        round=inputs.round,
        round_title=inputs.round.title if inputs.round else "",
        circle_count=len(results.circles),
        is_synthetic=inputs.is_synthetic,
        flanders=_clean(results.flanders),
        bands=_clean(results.bands),
        questions=_clean(results.questions),
        options={
            "fte_hours": settings_used.fte_hours,
            "min_circles": settings_used.min_circles,
            "density_bands": list(settings_used.density_bands),
            "shortage_per_100k": settings_used.shortage_per_100k,
            "low_density": settings_used.low_density,
            "shortage_per_100k_low_density": settings_used.shortage_per_100k_low_density,
        },
    )
    CircleResult.objects.bulk_create(
        [
            CircleResult(
                result_set=result_set,
                circle_id=circle.circle_id,
                care_zone=inputs.care_zones.get(circle.circle_id, ""),
                band=circle.band,
                figures=_clean(circle.figures),
                coverage=circle.coverage,
                answers=_clean(circle.answers),
                shortage=circle.shortage,
                need_z=circle.need_z,
                supply_z=circle.supply_z,
                composite=circle.composite,
                rank=circle.rank,
                attention=circle.attention,
            )
            for circle in results.circles
        ]
    )
    stale = ResultSet.objects.order_by("-computed_at", "-pk").values_list("pk", flat=True)[
        KEEP_RESULT_SETS:
    ]
    ResultSet.objects.filter(pk__in=list(stale)).delete()
    audit.record(
        action="gp_accessibility.results_computed",
        category=audit.Category.CREATE,
        obj=result_set,
        details={"reason": str(reason), "circles": result_set.circle_count},
    )
    return result_set


def round_reasons() -> list[str]:
    return [choice for choice, _label in ResultSet.Reason.choices]


def validate_reason(reason: str) -> str:
    if reason not in round_reasons():
        raise ValidationError(_("Onbekende aanleiding voor een berekening."))
    return reason
