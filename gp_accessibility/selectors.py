"""Reads of gp_accessibility: what the computation needs (circles, their areas and accepted GP
lists, the indicators, the latest closed round), and the stored results, scoped by
accounts.policies (a circle's members read only their own circle; 404 for another)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts import policies
from accounts.models import Organisation, User
from excel_intake.models import CircleArea, SubmissionRow
from questionnaires.models import Question, Response, Round, RoundEntry

from . import areas, compute
from .indicators import NEED_INDICATORS
from .models import CircleResult, IndicatorUpload, IndicatorValue, ResultSet

# --- Inputs of the computation --------------------------------------------------------------------


@dataclass
class Inputs:
    circles: list[compute.CircleInput]
    care_zones: dict[int, str]
    rows: list[compute.AreaRow]
    questions: list[compute.QuestionSpec]
    indicator_year: int | None
    round: Round | None
    is_synthetic: bool


def latest_indicator_year() -> int | None:
    return IndicatorValue.objects.aggregate(year=Max("year"))["year"]


def results_round() -> Round | None:
    """The most recently closed round of the accessibility questionnaire."""
    return (
        Round.objects.filter(
            questionnaire__code=settings.GP_ACCESSIBILITY_QUESTIONNAIRE, closed_at__isnull=False
        )
        .select_related("questionnaire")
        .order_by("-closed_at", "-pk")
        .first()
    )


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def computation_inputs(today: date) -> Inputs:
    """Everything the computation reads, in a fixed number of queries."""
    circles = list(Organisation.objects.filter(kind=Organisation.Kind.GP_CIRCLE).order_by("name"))
    circle_areas = {area.circle_id: area for area in CircleArea.objects.filter(circle__in=circles)}
    weights = areas.circle_weights(
        {c.pk: (circle_areas[c.pk].postal_codes if c.pk in circle_areas else []) for c in circles}
    )
    gps: dict[int, list[compute.GP]] = {}
    lists = (
        SubmissionRow.objects.filter(submission__is_current=True, submission__circle__in=circles)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values_list("submission__circle_id", "hours_per_week", "accepts_new_patients")
    )
    circles_with_list = set(
        SubmissionRow.objects.filter(submission__is_current=True)
        .values_list("submission__circle_id", flat=True)
        .distinct()
    )
    for circle_id in circles_with_list:
        gps[circle_id] = []
    for circle_id, hours, accepts in lists.iterator(chunk_size=5000):
        gps.setdefault(circle_id, []).append(compute.GP(float(hours), accepts))
    year = latest_indicator_year()
    rows = []
    is_synthetic = False
    if year is not None:
        fields = ["municipality_code", "population", "area_km2", "is_synthetic"]
        fields += [indicator.key for indicator in NEED_INDICATORS]
        for value in IndicatorValue.objects.filter(year=year).values(*fields).iterator():
            is_synthetic = is_synthetic or value["is_synthetic"]
            rows.append(
                compute.AreaRow(
                    value["municipality_code"],
                    float(value["population"]),
                    float(value["area_km2"]),
                    {i.key: _float(value[i.key]) for i in NEED_INDICATORS},
                )
            )
    round_ = results_round()
    answers: dict[int, dict[str, Any]] = {}
    questions: list[compute.QuestionSpec] = []
    if round_ is not None:
        specs = (
            Question.objects.filter(section__questionnaire_id=round_.questionnaire_id)
            .prefetch_related("choices")
            .order_by("section__position", "section_id", "position", "pk")
        )
        questions = [
            compute.QuestionSpec(
                q.code, q.text, q.kind, tuple((c.value, c.label) for c in q.choices.all())
            )
            for q in specs
        ]
        entries = RoundEntry.objects.filter(
            round=round_, response__status=Response.Status.SUBMITTED
        ).prefetch_related("response__answers__question")
        for entry in entries:
            answers[entry.organisation_id] = {
                a.question.code: a.value for a in entry.response.answers.all()
            }
    return Inputs(
        circles=[
            compute.CircleInput(
                circle_id=c.pk,
                name=c.name,
                weights=weights.get(c.pk, {}),
                gps=gps.get(c.pk),
                answers=answers.get(c.pk),
            )
            for c in circles
        ],
        care_zones={pk: area.care_zone for pk, area in circle_areas.items()},
        rows=rows,
        questions=questions,
        indicator_year=year,
        round=round_,
        is_synthetic=is_synthetic,
    )


# --- Stored results -------------------------------------------------------------------------------


def latest_result_set() -> ResultSet | None:
    return ResultSet.objects.select_related("round__questionnaire").first()


def circle_get_for_reader(user: User, circle_id: int) -> Organisation:
    return get_object_or_404(policies.gp_result_circles_visible_to(user), pk=circle_id)


def circle_result(user: User, circle: Organisation, result_set: ResultSet | None) -> Any:
    """The circle's row in the result set, through the policy's scoped queryset."""
    if result_set is None:
        return None
    return (
        policies.gp_circle_results_visible_to(user)
        .filter(result_set=result_set, circle=circle)
        .first()
    )


def all_circle_results(user: User, result_set: ResultSet | None) -> list[CircleResult]:
    if result_set is None:
        return []
    return list(
        policies.gp_circle_results_visible_to(user)
        .filter(result_set=result_set)
        .select_related("circle")
        .order_by("circle__name")
    )


def questions_of_round(round_: Round | None) -> list[Question]:
    if round_ is None:
        return []
    return list(
        Question.objects.filter(section__questionnaire_id=round_.questionnaire_id)
        .select_related("section")
        .prefetch_related("choices")
        .order_by("section__position", "section_id", "position", "pk")
    )


# --- Indicator uploads ----------------------------------------------------------------------------


def recent_uploads(limit: int = 10) -> list[IndicatorUpload]:
    return list(
        IndicatorUpload.objects.select_related("uploaded_by", "saved_by")
        .defer("rows", "problems")
        .order_by("-uploaded_at")[:limit]
    )


def upload_get_for_agency(user: User, upload_id: Any) -> IndicatorUpload:
    return get_object_or_404(
        policies.gp_indicator_uploads_visible_to(user).select_related("uploaded_by", "saved_by"),
        pk=upload_id,
    )


@dataclass
class YearCoverage:
    year: int
    areas: int
    municipalities: int
    covered_municipalities: int
    is_synthetic: bool


def indicator_coverage() -> list[YearCoverage]:
    """Per year: how many rows and municipalities, and how many of Flanders' and Brussels'
    municipalities that is."""
    covered_total = sum(1 for m in areas.municipalities().values() if m.is_covered)
    per_year = (
        IndicatorValue.objects.values("year")
        .annotate(
            areas=Count("pk"),
            municipalities=Count("municipality_code", distinct=True),
            synthetic=Count("pk", filter=Q(is_synthetic=True)),
        )
        .order_by("-year")
    )
    return [
        YearCoverage(
            year=row["year"],
            areas=row["areas"],
            municipalities=row["municipalities"],
            covered_municipalities=covered_total,
            is_synthetic=row["synthetic"] > 0,
        )
        for row in per_year
    ]


def indicator_values(year: int) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(year=year).order_by("area_code")
