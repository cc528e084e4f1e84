"""Reads of GP lists, scoped by accounts.policies; 404 for absent and not yours alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts import policies
from accounts.models import Organisation, User

from .columns import KEYS
from .models import CircleArea, Submission, SubmissionRow, ValidationRun
from .rules import RuleContext

ROW_FIELDS = ("line", *KEYS)


def circle_get_for_reader(user: User, circle_id: int) -> Organisation:
    return get_object_or_404(policies.gp_circles_visible_to(user), pk=circle_id)


def circle_get_for_worker(user: User, circle_id: int) -> Organisation:
    return get_object_or_404(policies.gp_circles_workable_by(user), pk=circle_id)


def run_get_for_user(user: User, run_id: UUID) -> ValidationRun:
    return get_object_or_404(
        policies.gp_validation_runs_visible_to(user).select_related(
            "circle", "uploaded_by", "submission"
        ),
        pk=run_id,
    )


def recent_runs(circle: Organisation, limit: int = 5) -> list[ValidationRun]:
    return list(
        ValidationRun.objects.filter(circle=circle)
        .select_related("uploaded_by", "submission")
        .defer("upload", "rows", "problems", "report")
        .order_by("-created_at")[:limit]
    )


def submission_get_for_user(user: User, circle: Organisation, version: int) -> Submission:
    return get_object_or_404(
        policies.gp_submissions_visible_to(user).select_related("circle", "submitted_by"),
        circle=circle,
        version=version,
    )


def circle_versions(circle: Organisation) -> list[Submission]:
    return list(
        Submission.objects.filter(circle=circle).select_related("submitted_by").order_by("-version")
    )


def current_submission(circle: Organisation) -> Submission | None:
    return Submission.objects.filter(circle=circle, is_current=True).first()


def submission_rows(submission: Submission | None) -> list[dict[str, Any]]:
    if submission is None:
        return []
    return list(
        SubmissionRow.objects.filter(submission=submission).order_by("line").values(*ROW_FIELDS)
    )


def previous_submission(submission: Submission) -> Submission | None:
    return (
        Submission.objects.filter(circle=submission.circle_id, version__lt=submission.version)
        .order_by("-version")
        .first()
    )


def circle_area(circle: Organisation) -> CircleArea | None:
    return CircleArea.objects.filter(circle=circle).first()


def rule_context_for(circle: Organisation | None) -> RuleContext:
    """Every lookup the rules need, loaded once: the circle's zone and other circles' GPs."""
    today = timezone.localdate()
    zone = None
    other: frozenset[str] = frozenset()
    if circle is not None:
        area = circle_area(circle)
        if area and area.postal_codes:
            zone = frozenset(area.postal_codes)
        numbers = (
            SubmissionRow.objects.filter(submission__is_current=True)
            .exclude(submission__circle=circle)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .values_list("riziv_number", flat=True)
        )
        other = frozenset(number[:8] for number in numbers.iterator(chunk_size=10_000))
    return RuleContext(
        today=today,
        qualification_codes=frozenset(settings.EXCEL_INTAKE_GP_QUALIFICATION_CODES),
        zone=zone,
        other_circles=other,
    )


@dataclass
class CircleStatus:
    circle: Organisation
    state: str  # never | draft_errors | draft_ok | submitted
    current: Submission | None
    latest_run: ValidationRun | None
    postal_code_count: int

    @property
    def unseen(self) -> bool:
        return bool(self.current and self.current.seen_by_agency_at is None)


def agency_overview(user: User) -> list[CircleStatus]:
    """Every circle's status for the agency, in three queries whatever the number of circles."""
    circles = list(policies.gp_circles_visible_to(user).order_by("name"))
    current = {
        s.circle_id: s
        for s in Submission.objects.filter(is_current=True, circle__in=circles).select_related(
            "submitted_by"
        )
    }
    latest_run_ids = (
        ValidationRun.objects.filter(circle=OuterRef("pk")).order_by("-created_at").values("pk")[:1]
    )
    run_ids = [
        pk
        for pk in Organisation.objects.filter(pk__in=[c.pk for c in circles])
        .annotate(run=Subquery(latest_run_ids))
        .values_list("run", flat=True)
        if pk
    ]
    runs = {
        r.circle_id: r
        for r in ValidationRun.objects.filter(pk__in=run_ids).defer(
            "upload", "rows", "problems", "report"
        )
    }
    areas = dict(
        CircleArea.objects.filter(circle__in=circles).values_list("circle_id", "postal_codes")
    )
    statuses = []
    for circle in circles:
        submission = current.get(circle.pk)
        run = runs.get(circle.pk)
        newer_run = (
            run if run and (not submission or run.created_at > submission.submitted_at) else None
        )
        if newer_run and newer_run.submission_id is None and newer_run.error_count:
            state = "draft_errors"
        elif submission:
            state = "submitted"
        elif newer_run and newer_run.status == ValidationRun.Status.DONE:
            state = "draft_ok"
        else:
            state = "never"
        statuses.append(
            CircleStatus(circle, state, submission, newer_run, len(areas.get(circle.pk) or []))
        )
    # Submissions the agency has not opened yet come first.
    statuses.sort(key=lambda status: not status.unseen)
    return statuses


def unseen_submission_count() -> int:
    return Submission.objects.filter(is_current=True, seen_by_agency_at__isnull=True).count()


def consolidated_rows(user: User) -> QuerySet[SubmissionRow]:
    """The current list of every circle the user may read (the agency: all)."""
    return (
        SubmissionRow.objects.filter(
            submission__is_current=True, submission__circle__in=policies.gp_circles_visible_to(user)
        )
        .select_related("submission__circle")
        .order_by("submission__circle__name", "line")
    )
