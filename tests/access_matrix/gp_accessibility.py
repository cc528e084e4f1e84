"""GP accessibility: a circle's members read only their own circle's results (pages, download);
the agency reads every circle and manages the indicators. Another circle's results answer 404.

The results are computed lazily from the cast (one computation, memoised)."""

from __future__ import annotations

from accounts.models import Role

from . import FORBIDDEN, LOGIN, OK, REDIRECT, Case

MAM, AM, CU, AGENCY = (
    Role.MAIN_ACCESS_MANAGER,
    Role.ACCESS_MANAGER,
    Role.CIRCLE_USER,
    Role.AGENCY_ADMIN,
)
CIRCLE = {MAM: OK, AM: OK, CU: OK}
READERS = {**CIRCLE, AGENCY: OK}


def _computed(cast):  # noqa: ANN001, ANN202
    if "gp_results" not in cast.named:
        from gp_accessibility import services

        cast.named["gp_results"] = services.results_compute(reason="manual")
    return cast.named["gp_results"]


def _upload(cast):  # noqa: ANN001, ANN202
    if "gp_indicator_upload" not in cast.named:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from gp_accessibility import services
        from tests.gp_accessibility.helpers import indicator_row, xlsx

        cast.named["gp_indicator_upload"] = services.indicator_upload_check(
            actor=cast.admin,
            upload=SimpleUploadedFile("indicatoren.xlsx", xlsx([indicator_row("44021")])),
        )
    return cast.named["gp_indicator_upload"]


def own_circle(cast):  # noqa: ANN001, ANN202
    _computed(cast)
    return {"circle_id": cast.organisations["circle_c"].pk}


def other_circle(cast):  # noqa: ANN001, ANN202
    _computed(cast)
    return {"circle_id": cast.organisations["circle_d"].pk}


def an_upload(cast):  # noqa: ANN001, ANN202
    return {"upload_id": _upload(cast).pk}


CASES = [
    # The agency lands on its overview, a member of one circle on that circle's page.
    Case(
        "gp_accessibility:index",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={r: REDIRECT for r in READERS},
    ),
    Case(
        "gp_accessibility:circle",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=READERS,
        args=own_circle,
        foreign=other_circle,
    ),
    Case(
        "gp_accessibility:circle_download",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=READERS,
        args=own_circle,
        foreign=other_circle,
    ),
    Case("gp_accessibility:overview", anonymous=LOGIN, default=FORBIDDEN, roles={AGENCY: OK}),
    Case(
        "gp_accessibility:overview_download",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={AGENCY: OK},
        args=lambda cast: (_computed(cast), {})[1],
    ),
    # GET only sends the agency back to the overview; recomputing is a POST.
    Case(
        "gp_accessibility:recompute", anonymous=LOGIN, default=FORBIDDEN, roles={AGENCY: REDIRECT}
    ),
    Case("gp_accessibility:indicators", anonymous=LOGIN, default=FORBIDDEN, roles={AGENCY: OK}),
    Case(
        "gp_accessibility:indicator_template",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={AGENCY: OK},
    ),
    Case(
        "gp_accessibility:indicator_upload",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={AGENCY: REDIRECT},
    ),
    Case(
        "gp_accessibility:indicator_check",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={AGENCY: OK},
        args=an_upload,
    ),
    Case(
        "gp_accessibility:indicator_report",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={AGENCY: OK},
        args=an_upload,
    ),
    Case(
        "gp_accessibility:indicator_save",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={AGENCY: REDIRECT},
        args=an_upload,
    ),
]
CASES += [
    # API: the same scoping as the pages.
    Case(
        "gp_accessibility_api:circle",
        anonymous=FORBIDDEN,
        default=FORBIDDEN,
        roles=READERS,
        args=own_circle,
        foreign=other_circle,
    ),
    Case(
        "gp_accessibility_api:results",
        anonymous=FORBIDDEN,
        default=FORBIDDEN,
        roles={AGENCY: OK},
        args=lambda cast: (_computed(cast), {})[1],
    ),
]
