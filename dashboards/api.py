"""The dashboards' series as JSON: the same filters, scoping, suppression and audit as the pages.

GET /api/v1/dashboards/<slug>/?organiser=..&bureau=..&period=..&granularity=..&kind=..&doctor=..
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import audit, policies

from . import filters, selectors
from .questions import BY_SLUG


class ColumnOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.ChoiceField(
        choices=["count", "hours", "percent", "ratio"],
        help_text="count: a number of things; hours; percent (0-100); ratio (e.g. per session).",
    )


class TableOut(serializers.Serializer):
    key = serializers.CharField(help_text="e.g. hours, sessions, doctors, periods, comparison.")
    caption = serializers.CharField()
    row_header = serializers.CharField()
    columns = ColumnOut(many=True)
    rows = serializers.ListField(
        child=serializers.DictField(),
        help_text="One object per row: key, label and a value per column key (null: not "
        "defined, or suppressed when the row has suppressed=true).",
    )
    total = serializers.DictField(allow_null=True, help_text="The total row, when there is one.")


class FilterOut(serializers.Serializer):
    organiser = serializers.IntegerField()
    bureaus = serializers.ListField(child=serializers.IntegerField())
    period = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    granularity = serializers.CharField()
    kind = serializers.CharField(allow_null=True)
    doctor = serializers.IntegerField(allow_null=True)


class SeriesOut(serializers.Serializer):
    slug = serializers.CharField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    question = serializers.CharField()
    formula = serializers.CharField()
    source = serializers.CharField()
    refreshed_at = serializers.DateTimeField(allow_null=True)
    filter = FilterOut()
    headline = serializers.FloatField(allow_null=True)
    headline_unit = serializers.CharField()
    tables = TableOut(many=True)
    notes = serializers.ListField(child=serializers.CharField())


PARAMETERS = [
    OpenApiParameter("organiser", OpenApiTypes.INT, description="Organiser id."),
    OpenApiParameter("bureau", OpenApiTypes.INT, many=True, description="Bureau ids (none: all)."),
    OpenApiParameter("period", OpenApiTypes.STR, enum=[p for p, _label in filters.PERIODS]),
    OpenApiParameter("start", OpenApiTypes.DATE, description="With period=custom."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="With period=custom."),
    OpenApiParameter(
        "granularity", OpenApiTypes.STR, enum=[g for g, _label in filters.GRANULARITIES]
    ),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=["doctor", "nurse"]),
    OpenApiParameter("doctor", OpenApiTypes.INT, description="Doctor id (question 8)."),
]


def _table(table: selectors.Table) -> dict[str, Any]:
    return {
        "key": table.key,
        "caption": str(table.caption),
        "row_header": str(table.row_header),
        "columns": [{"key": c.key, "label": str(c.label), "unit": c.unit} for c in table.columns],
        "rows": [{k: (str(v) if k == "label" else v) for k, v in r.items()} for r in table.rows],
        "total": {k: (str(v) if k == "label" else v) for k, v in table.total.items()}
        if table.total
        else None,
    }


class SeriesView(APIView):
    """One dashboard's series for the given filters (another organiser's bureau: 404)."""

    access_rule = "bureau_dashboards"
    permission_classes = [policies.RulePermission]

    @extend_schema(parameters=PARAMETERS, responses=SeriesOut)
    def get(self, request: Request, slug: str) -> Response:
        question = BY_SLUG.get(slug)
        if question is None:
            raise Http404
        parsed = filters.parse(request.user, question, request.query_params)
        f = parsed.filter
        if f is None:
            if parsed.form is None:
                raise Http404
            return Response({"errors": parsed.errors}, status=status.HTTP_400_BAD_REQUEST)
        result = selectors.result_for(slug, f)
        audit.record(
            action="dashboards.api_read",
            category=audit.Category.READ,
            request=request,
            organisation=f.organiser,
            details=f.audit_details(slug),
        )
        value, unit = result.headline
        data = {
            "slug": slug,
            "number": question.number,
            "title": str(question.title),
            "question": str(question.question),
            "formula": str(question.formula),
            "source": str(question.source),
            "refreshed_at": selectors.last_refresh(),
            "filter": {
                "organiser": f.organiser.pk,
                "bureaus": f.bureau_ids,
                "period": f.period,
                "start": f.start,
                "end": f.end,
                "granularity": f.granularity,
                "kind": f.kind,
                "doctor": f.doctor_id,
            },
            "headline": value,
            "headline_unit": unit,
            "tables": [_table(t) for t in result.tables],
            "notes": [str(n) for n in result.notes],
        }
        return Response(SeriesOut(data).data)
