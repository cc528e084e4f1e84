"""The results API, scoped like the pages: a circle reads its own figures beside the Flemish
aggregates (another circle answers 404); the agency reads every circle."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policies

from . import selectors


class AggregateOut(serializers.Serializer):
    n = serializers.IntegerField(help_text="Circles with this figure.")
    suppressed = serializers.BooleanField(help_text="True below 5 circles: no values given.")
    median = serializers.FloatField(required=False)
    p25 = serializers.FloatField(required=False)
    p75 = serializers.FloatField(required=False)


class ResultSetOut(serializers.Serializer):
    computed_at = serializers.DateTimeField()
    reason = serializers.CharField()
    indicator_year = serializers.IntegerField(allow_null=True)
    round_title = serializers.CharField()
    circle_count = serializers.IntegerField()
    is_synthetic = serializers.BooleanField(help_text="Care-need indicators are demo data.")


class CircleResultOut(serializers.Serializer):
    circle_id = serializers.IntegerField()
    circle = serializers.CharField(source="circle.name")
    care_zone = serializers.CharField()
    density_band = serializers.CharField(source="band")
    figures = serializers.DictField(child=serializers.FloatField(allow_null=True))
    shortage = serializers.CharField()


class AgencyCircleOut(CircleResultOut):
    need_score = serializers.FloatField(source="need_z", allow_null=True)
    supply_score = serializers.FloatField(source="supply_z", allow_null=True)
    composite = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    low_supply_high_need = serializers.BooleanField(source="attention")


class CircleResultsOut(serializers.Serializer):
    result_set = ResultSetOut()
    circle = CircleResultOut()
    flanders = serializers.DictField(child=AggregateOut())
    similar_density = serializers.DictField(child=AggregateOut())
    answers = serializers.DictField(child=serializers.JSONField())
    questions = serializers.ListField(child=serializers.DictField())


class AgencyResultsOut(serializers.Serializer):
    result_set = ResultSetOut()
    circles = AgencyCircleOut(many=True)
    flanders = serializers.DictField(child=AggregateOut())
    questions = serializers.ListField(child=serializers.DictField())


def _aggregates(data: dict[str, Any]) -> dict[str, Any]:
    """Only what the pages show: the count, and the values when not suppressed."""
    keep = ("n", "suppressed", "median", "p25", "p75")
    return {key: {k: v for k, v in agg.items() if k in keep} for key, agg in data.items()}


class CircleResultsView(APIView):
    """The latest results of one circle beside Flanders."""

    access_rule = "gp_results"
    permission_classes = [policies.RulePermission]

    @extend_schema(responses=CircleResultsOut)
    def get(self, request: Request, circle_id: int) -> Response:
        circle = selectors.circle_get_for_reader(request.user, circle_id)
        result_set = selectors.latest_result_set()
        result = selectors.circle_result(request.user, circle, result_set)
        if result is None:
            raise Http404
        result.circle_id = circle.pk
        data = {
            "result_set": result_set,
            "circle": result,
            "flanders": _aggregates(result_set.flanders),
            "similar_density": _aggregates(result_set.bands.get(result.band, {}))
            if result.band
            else {},
            "answers": result.answers,
            "questions": [
                {
                    k: v
                    for k, v in q.items()
                    if k
                    in ("code", "text", "kind", "n", "suppressed", "shares", "median", "p25", "p75")
                }
                for q in result_set.questions
            ],  # fmt: skip
        }
        return Response(CircleResultsOut(data).data)


class AgencyResultsView(APIView):
    """Every circle's latest results (the agency)."""

    access_rule = "gp_results_agency"
    permission_classes = [policies.RulePermission]

    @extend_schema(responses=AgencyResultsOut)
    def get(self, request: Request) -> Response:
        result_set = selectors.latest_result_set()
        if result_set is None:
            raise Http404
        results = selectors.all_circle_results(request.user, result_set)
        return Response(
            AgencyResultsOut(
                {
                    "result_set": result_set,
                    "circles": results,
                    "flanders": _aggregates(result_set.flanders),
                    "questions": result_set.questions,
                }
            ).data
        )
