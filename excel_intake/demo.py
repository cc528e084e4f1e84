"""Demo data (idempotent): the demo circle's care zone and a previously accepted list."""

from __future__ import annotations

import io

from django.db import transaction

from portal.demo import DemoContext

from . import samples, services
from .models import CircleArea, Submission, ValidationRun

DEMO_FILE = "huisartsenlijst-gent-2025.xlsx"


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    circle = ctx.organisations["hak-gent"]
    manager = ctx.users["access_manager"]
    agency_admin = ctx.users["agency_admin"]
    if not CircleArea.objects.filter(circle=circle).exists():
        services.circle_area_set(
            actor=agency_admin,
            circle=circle,
            postal_codes=list(samples.GENT),
            care_zone="Eerstelijnszone Gent",
        )
    if Submission.objects.filter(circle=circle).exists():
        return
    buffer = io.BytesIO()
    samples.write_xlsx(samples.gp_rows(28, error_share=0, seed=2025), buffer)
    upload = io.BytesIO(buffer.getvalue())
    run = ValidationRun.objects.create(
        circle=circle,
        uploaded_by=manager,
        file_name=DEMO_FILE,
        file_size=len(upload.getvalue()),
        file_sha256="demo",
        status=ValidationRun.Status.QUEUED,
    )
    run = services.validation_execute(run=run, data=upload.getvalue())
    services.submission_create(actor=manager, run=run)
    ctx.say("GP list: demo circle has a care zone and an accepted list (version 1).")
