"""The GP-list intake: circles work on their own list, the agency sees every circle.

Objects (a finished check, a submitted version) are made lazily from the cast and memoised.
"""

from __future__ import annotations

import io

from accounts.models import Role

from . import FORBIDDEN, LOGIN, METHOD, OK, REDIRECT, Case

MAM, AM, CU, AGENCY = (
    Role.MAIN_ACCESS_MANAGER,
    Role.ACCESS_MANAGER,
    Role.CIRCLE_USER,
    Role.AGENCY_ADMIN,
)
CIRCLE = {MAM: OK, AM: OK, CU: OK}
READERS = {**CIRCLE, AGENCY: OK}


def _run(cast, circle_key: str, tag: str = ""):  # noqa: ANN001, ANN202
    """A finished, error-free check of the circle's list (memoised per circle and tag)."""
    name = f"gp_run_{circle_key}{tag}"
    if name not in cast.named:
        from excel_intake import samples, services
        from excel_intake.models import ValidationRun

        buffer = io.BytesIO()
        samples.write_xlsx(samples.gp_rows(3, error_share=0, seed=7), buffer)
        run = ValidationRun.objects.create(
            circle=cast.organisations[circle_key],
            uploaded_by=cast.admin,
            file_name="lijst.xlsx",
            file_size=len(buffer.getvalue()),
            file_sha256="0" * 64,
            status=ValidationRun.Status.QUEUED,
        )
        cast.named[name] = services.validation_execute(run=run, data=buffer.getvalue())
    return cast.named[name]


def _version(cast, circle_key: str):  # noqa: ANN001, ANN202
    name = f"gp_version_{circle_key}"
    if name not in cast.named:
        from excel_intake import services

        cast.named[name] = services.submission_create(
            actor=cast.admin, run=_run(cast, circle_key, "_submitted")
        )
    return cast.named[name]


def own_circle(cast):  # noqa: ANN001, ANN202
    return {"circle_id": cast.organisations["circle_c"].pk}


def other_circle(cast):  # noqa: ANN001, ANN202
    return {"circle_id": cast.organisations["circle_d"].pk}


def own_run(cast):  # noqa: ANN001, ANN202
    return {"run_id": _run(cast, "circle_c").pk}


def other_run(cast):  # noqa: ANN001, ANN202
    return {"run_id": _run(cast, "circle_d").pk}


def own_version(cast):  # noqa: ANN001, ANN202
    return {
        "circle_id": cast.organisations["circle_c"].pk,
        "version": _version(cast, "circle_c").version,
    }


def other_version(cast):  # noqa: ANN001, ANN202
    return {
        "circle_id": cast.organisations["circle_d"].pk,
        "version": _version(cast, "circle_d").version,
    }


CASES = [
    # The agency lands on its overview, a member of one circle on that circle's page.
    Case(
        "excel_intake:index",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={**{r: REDIRECT for r in READERS}},
    ),
    Case("excel_intake:overview", anonymous=LOGIN, default=FORBIDDEN, roles={AGENCY: OK}),
    Case(
        "excel_intake:export",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={AGENCY: OK},
        args=lambda cast: {"fmt": "csv"},
    ),
    Case(
        "excel_intake:circle",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=READERS,
        args=own_circle,
        foreign=other_circle,
    ),
    Case(
        "excel_intake:template",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=READERS,
        args=own_circle,
        foreign=other_circle,
    ),
    # GET only sends the browser back to the circle page (after a re-authentication).
    Case(
        "excel_intake:upload",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={MAM: REDIRECT, AM: REDIRECT, CU: REDIRECT},
        args=own_circle,
    ),
    Case(
        "excel_intake:area",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={AGENCY: OK},
        args=own_circle,
    ),
    Case(
        "excel_intake:version",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=READERS,
        args=own_version,
        foreign=other_version,
    ),
    Case(
        "excel_intake:run",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=CIRCLE,
        args=own_run,
        foreign=other_run,
    ),
    Case(
        "excel_intake:run_status",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=CIRCLE,
        args=own_run,
        foreign=other_run,
    ),
    Case(
        "excel_intake:run_report",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=CIRCLE,
        args=own_run,
        foreign=other_run,
    ),
    Case(
        "excel_intake:submit",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={MAM: OK, AM: OK},
        args=own_run,
        foreign=other_run,
    ),
    # API
    Case(
        "excel_intake_api:validation_create",
        anonymous=FORBIDDEN,
        default=FORBIDDEN,
        roles={MAM: METHOD, AM: METHOD, CU: METHOD},
        args=own_circle,
    ),
    Case(
        "excel_intake_api:versions",
        anonymous=FORBIDDEN,
        default=FORBIDDEN,
        roles=READERS,
        args=own_circle,
        foreign=other_circle,
    ),
    Case(
        "excel_intake_api:validation",
        anonymous=FORBIDDEN,
        default=FORBIDDEN,
        roles=CIRCLE,
        args=own_run,
        foreign=other_run,
    ),
    Case(
        "excel_intake_api:submit",
        anonymous=FORBIDDEN,
        default=FORBIDDEN,
        roles={MAM: METHOD, AM: METHOD},
        args=own_run,
    ),
]
