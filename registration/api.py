"""API of the time registration, for a mobile app: the catalogue, and the current user's own
entries (list, create, change, delete) under exactly the rules of the daily page."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policies

from . import selectors, services
from .models import TimeEntry


class ActivityOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField(source="label")
    description = serializers.CharField(source="explanation")


class ClusterOut(serializers.Serializer):
    id = serializers.IntegerField(source="cluster.pk")
    code = serializers.CharField(source="cluster.code")
    name = serializers.CharField(source="cluster.label")
    description = serializers.CharField(source="cluster.explanation")
    activities = ActivityOut(many=True)


class CatalogueView(APIView):
    """Clusters with their activities, in the order of the registration framework."""

    access_rule = "registration_any"
    permission_classes = [policies.RulePermission]

    @extend_schema(responses=ClusterOut(many=True))
    def get(self, request: Request) -> Response:
        return Response(ClusterOut(selectors.catalogue().clusters, many=True).data)


class EntryOut(serializers.Serializer):
    id = serializers.IntegerField()
    day = serializers.DateField()
    activity = serializers.IntegerField(source="activity_id")
    activity_code = serializers.CharField(source="activity.code")
    activity_name = serializers.CharField(source="activity.label")
    cluster_code = serializers.CharField(source="activity.cluster.code")
    cluster_name = serializers.CharField(source="activity.cluster.label")
    minutes = serializers.IntegerField()


class EntryIn(serializers.Serializer):
    day = serializers.DateField()
    activity = serializers.IntegerField()
    minutes = serializers.IntegerField(
        help_text="Minutes in steps of 15 (15, 30, 45, 60, ...). The same activity twice on a "
        "day adds up in one entry."
    )
    confirm_long_day = serializers.BooleanField(
        default=False, help_text="Needed when the day's total goes above 12 hours."
    )


class EntryChange(serializers.Serializer):
    minutes = serializers.IntegerField()
    activity = serializers.IntegerField(required=False)
    confirm_long_day = serializers.BooleanField(default=False)


class RuleErrorOut(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(
        help_text="quarter, empty, future, outside, closed, long_day, day_over_24h, unsigned, "
        "not_registering, activity, duplicate"
    )


def _rule_error(error: services.RuleError) -> Response:
    return Response(
        {"detail": error.problem.message, "code": error.problem.code},
        status=status.HTTP_400_BAD_REQUEST,
    )


def _date_param(request: Request, name: str) -> date | None:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        return serializers.DateField().to_internal_value(value)
    except serializers.ValidationError as error:
        raise serializers.ValidationError({name: error.detail}) from error


def _activity(activity_id: int):  # noqa: ANN202
    activity = selectors.catalogue().activities.get(activity_id)
    if activity is None:
        raise serializers.ValidationError({"activity": "Kies een activiteit uit de lijst."})
    return activity


class EntryListView(APIView):
    """The current user's own entries; create one (same rules as the daily page)."""

    access_rule = "registration_provider"
    permission_classes = [policies.RulePermission]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", date, description="First day (included)"),
            OpenApiParameter("to", date, description="Last day (included)"),
        ],
        responses=EntryOut(many=True),
    )
    def get(self, request: Request) -> Response:
        entries = selectors.entries_for_user(
            request.user, first=_date_param(request, "from"), last=_date_param(request, "to")
        )
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(entries, request, view=self)
        return paginator.get_paginated_response(EntryOut(page, many=True).data)

    @extend_schema(request=EntryIn, responses={201: EntryOut, 200: EntryOut, 400: RuleErrorOut})
    def post(self, request: Request) -> Response:
        data = EntryIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            provider = selectors.provider_current(request.user)
        except Http404:
            return Response(
                {
                    "detail": "Je staat niet op de lijst van een registratiestudie.",
                    "code": "no_list",
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            result = services.entry_add(
                actor=request.user,
                provider=provider,
                day=data.validated_data["day"],
                activity=_activity(data.validated_data["activity"]),
                minutes=data.validated_data["minutes"],
                confirm_long_day=data.validated_data["confirm_long_day"],
                request=request,
            )
        except services.RuleError as error:
            return _rule_error(error)
        entry = selectors.entry_get_for_user(request.user, result.entry.pk)
        return Response(
            EntryOut(entry).data,
            status=status.HTTP_200_OK if result.merged else status.HTTP_201_CREATED,
        )


class EntryDetailView(APIView):
    """One of the current user's own entries; another person's answers 404."""

    access_rule = "registration_provider"
    permission_classes = [policies.RulePermission]

    @extend_schema(responses=EntryOut)
    def get(self, request: Request, pk: int) -> Response:
        return Response(EntryOut(selectors.entry_get_for_user(request.user, pk)).data)

    @extend_schema(request=EntryChange, responses={200: EntryOut, 400: RuleErrorOut})
    def patch(self, request: Request, pk: int) -> Response:
        entry: TimeEntry = selectors.entry_get_for_user(request.user, pk)
        data = EntryChange(data=request.data)
        data.is_valid(raise_exception=True)
        activity = (
            _activity(data.validated_data["activity"])
            if "activity" in data.validated_data
            else None
        )
        try:
            services.entry_update(
                actor=request.user,
                entry=entry,
                minutes=data.validated_data["minutes"],
                activity=activity,
                confirm_long_day=data.validated_data["confirm_long_day"],
                request=request,
            )
        except services.RuleError as error:
            return _rule_error(error)
        return Response(EntryOut(selectors.entry_get_for_user(request.user, pk)).data)

    @extend_schema(request=EntryChange, responses={200: EntryOut, 400: RuleErrorOut})
    def put(self, request: Request, pk: int) -> Response:
        return self.patch(request, pk)

    @extend_schema(responses={204: None, 400: RuleErrorOut})
    def delete(self, request: Request, pk: int) -> Response:
        entry = selectors.entry_get_for_user(request.user, pk)
        try:
            services.entry_delete(actor=request.user, entry=entry, request=request)
        except services.RuleError as error:
            return _rule_error(error)
        return Response(status=status.HTTP_204_NO_CONTENT)
