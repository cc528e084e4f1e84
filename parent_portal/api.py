"""API for a parent app (and staff tools): children, appointments, measurements, questionnaires.

Scoped by the same policies as the pages: a parent sees their own children under 12, staff the
children of their organisation; anything else answers 404.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import audit, policies
from questionnaires import forms as q_forms
from questionnaires import selectors as q_selectors
from questionnaires import services as q_services

from . import charts, selectors, services
from .models import Appointment, Child, Measurement, QuestionnaireAssignment, Session


class ChildSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")

    class Meta:
        model = Child
        fields = [
            "id",
            "first_name",
            "last_name",
            "birth_date",
            "sex",
            "organisation",
            "gestational_age_weeks",
            "phone",
            "email",
            "daycare_or_school",
            "general_practitioner",
        ]


class AppointmentSerializer(serializers.ModelSerializer):
    bureau = serializers.CharField(source="session.bureau.name")
    practitioner_kind = serializers.CharField(source="session.practitioner_kind")
    may_move = serializers.SerializerMethodField()

    class Meta:
        model = Appointment
        fields = [
            "id",
            "child",
            "date",
            "slot_time",
            "bureau",
            "practitioner_kind",
            "consult_kind",
            "status",
            "contact_moment",
            "covers_topics",
            "covers_vaccinations",
            "covers_measurements",
            "may_move",
        ]

    def get_may_move(self, obj: Appointment) -> bool:
        return services.parent_may_move(obj).allowed


class MeasurementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measurement
        fields = ["id", "measured_on", "length_cm", "weight_kg", "head_circumference_cm"]


class CentileSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    measured_on = serializers.DateField()
    value = serializers.FloatField()
    z = serializers.FloatField()
    centile = serializers.FloatField()


class SlotSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    date = serializers.DateField()
    slot_time = serializers.TimeField()


class RescheduleInput(serializers.Serializer):
    session = serializers.IntegerField()
    slot_time = serializers.TimeField()


class ChoiceOut(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class QuestionOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    text = serializers.CharField()
    help_text = serializers.CharField()
    kind = serializers.CharField()
    required = serializers.BooleanField()
    scale_min = serializers.IntegerField(allow_null=True)
    scale_max = serializers.IntegerField(allow_null=True)
    show_if_question = serializers.IntegerField(source="show_if_question_id", allow_null=True)
    show_if_values = serializers.ListField(child=serializers.CharField())
    choices = ChoiceOut(many=True, source="choices.all")


class SectionOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    intro = serializers.CharField()
    questions = QuestionOut(many=True, source="questions.all")


class AssignmentSerializer(serializers.ModelSerializer):
    questionnaire = serializers.CharField(source="response.questionnaire.title")
    status = serializers.CharField(source="response.status")
    submitted_at = serializers.DateTimeField(source="response.submitted_at")

    class Meta:
        model = QuestionnaireAssignment
        fields = ["id", "child", "questionnaire", "status", "due_date", "submitted_at"]


class AnswersInput(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        help_text="Question id -> value (string, list of strings, number, ISO date, or null).",
    )


class ChildRecordsView:
    access_rule = "child_records"
    permission_classes = [policies.RulePermission]


def _child(request: Any, child_id: int) -> Child:
    child = get_object_or_404(policies.children_visible_to(request.user), pk=child_id)
    audit.record_personal_data(
        request, operation="read", obj=child, subject=child, details={"api": True}
    )
    return child


class ChildListView(ChildRecordsView, generics.ListAPIView):
    serializer_class = ChildSerializer

    def get_queryset(self) -> QuerySet[Child]:
        return (
            policies.children_visible_to(self.request.user)
            .select_related("organisation")
            .order_by("pk")
        )


class ChildDetailView(ChildRecordsView, APIView):
    @extend_schema(responses=ChildSerializer)
    def get(self, request: Any, child_id: int) -> Response:
        return Response(ChildSerializer(_child(request, child_id)).data)


class MeasurementListView(ChildRecordsView, APIView):
    @extend_schema(
        responses=inline_serializer(
            "Measurements",
            {
                "measurements": MeasurementSerializer(many=True),
                "centiles": CentileSerializer(many=True),
            },
        )
    )
    def get(self, request: Any, child_id: int) -> Response:
        child = _child(request, child_id)
        measurements = selectors.measurements_of(child)
        centiles = [
            {
                "indicator": chart.code,
                "measured_on": row.measured_on,
                "value": row.value,
                "z": round(row.z, 3),
                "centile": round(row.centile, 1),
            }
            for chart in charts.growth_charts(child, measurements)
            for row in chart.rows
        ]
        return Response(
            {
                "measurements": MeasurementSerializer(measurements, many=True).data,
                "centiles": CentileSerializer(centiles, many=True).data,
            }
        )


class AppointmentListView(ChildRecordsView, generics.ListAPIView):
    serializer_class = AppointmentSerializer

    def get_queryset(self) -> QuerySet[Appointment]:
        qs = Appointment.objects.filter(
            child__in=policies.children_visible_to(self.request.user)
        ).select_related("session__bureau", "child")
        child = self.request.query_params.get("child")
        if child and child.isdigit():
            qs = qs.filter(child_id=int(child))
        return qs.order_by("-date", "-slot_time")


class AppointmentSlotsView(APIView):
    access_rule = "parent"
    permission_classes = [policies.RulePermission]

    @extend_schema(responses=SlotSerializer(many=True))
    def get(self, request: Any, appointment_id: int) -> Response:
        appointment = selectors.appointment_get_for_parent(request.user, appointment_id)
        if not services.parent_may_move(appointment).allowed:
            return Response([])
        slots = [
            {"session": s.pk, "date": s.date, "slot_time": t}
            for s, t in selectors.move_options(appointment)
        ]
        return Response(SlotSerializer(slots, many=True).data)


class AppointmentRescheduleView(APIView):
    access_rule = "parent"
    permission_classes = [policies.RulePermission]

    @extend_schema(
        request=RescheduleInput, responses={200: AppointmentSerializer, 409: None, 400: None}
    )
    def post(self, request: Any, appointment_id: int) -> Response:
        appointment = selectors.appointment_get_for_parent(request.user, appointment_id)
        data = RescheduleInput(data=request.data)
        data.is_valid(raise_exception=True)
        target = get_object_or_404(
            Session, pk=data.validated_data["session"], bureau_id=appointment.session.bureau_id
        )
        slot_time: time = data.validated_data["slot_time"]
        if (target, slot_time) not in {(s, t) for s, t in selectors.move_options(appointment)}:
            return Response(
                {"detail": "Dit moment is niet (meer) vrij."}, status=status.HTTP_409_CONFLICT
            )
        try:
            new = services.appointment_move_by_parent(
                actor=request.user,
                appointment=appointment,
                target=target,
                slot_time=slot_time,
                request=request,
            )
        except services.SlotTakenError:
            return Response(
                {"detail": "Dit moment is net ingenomen."}, status=status.HTTP_409_CONFLICT
            )
        except services.NotAllowedError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(AppointmentSerializer(new).data)


class AssignmentListView(ChildRecordsView, APIView):
    @extend_schema(responses=AssignmentSerializer(many=True))
    def get(self, request: Any, child_id: int) -> Response:
        child = _child(request, child_id)
        return Response(AssignmentSerializer(selectors.assignments_of(child), many=True).data)


def _assignment(request: Any, assignment_id: int) -> QuestionnaireAssignment:
    return get_object_or_404(
        QuestionnaireAssignment.objects.filter(
            child__in=policies.children_visible_to(request.user)
        ).select_related("response__questionnaire", "child"),
        pk=assignment_id,
    )


class AssignmentDetailView(ChildRecordsView, APIView):
    @extend_schema(
        responses=inline_serializer(
            "QuestionnaireToFill",
            {
                "assignment": AssignmentSerializer(),
                "sections": SectionOut(many=True),
                "answers": serializers.DictField(child=serializers.JSONField()),
            },
        )
    )
    def get(self, request: Any, assignment_id: int) -> Response:
        assignment = _assignment(request, assignment_id)
        audit.record_personal_data(
            request, operation="read", obj=assignment.response, subject=assignment.child
        )
        sections = q_selectors.sections_of(assignment.response.questionnaire)
        return Response(
            {
                "assignment": AssignmentSerializer(assignment).data,
                "sections": SectionOut(sections, many=True).data,
                "answers": {
                    str(k): v for k, v in q_services.answers_of(assignment.response).items()
                },
            }
        )


class AnswersView(APIView):
    access_rule = "parent"
    permission_classes = [policies.RulePermission]

    @extend_schema(request=AnswersInput, responses={204: None, 400: None, 409: None})
    def patch(self, request: Any, assignment_id: int) -> Response:
        assignment = get_object_or_404(
            QuestionnaireAssignment.objects.filter(
                child__in=policies.children_of_parent(request.user)
            ).select_related("response__questionnaire", "child"),
            pk=assignment_id,
        )
        payload = AnswersInput(data=request.data)
        payload.is_valid(raise_exception=True)
        questions = {q.pk: q for q in q_services.questions_of(assignment.response.questionnaire)}
        try:
            wanted = [questions[int(k)] for k in payload.validated_data["answers"]]
        except (KeyError, ValueError):
            return Response({"detail": "Onbekende vraag."}, status=status.HTTP_400_BAD_REQUEST)
        data = {q_forms.field_name(q): payload.validated_data["answers"][str(q.pk)] for q in wanted}
        form = q_forms.SectionForm(data, questions=wanted, answers={})
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        try:
            q_services.answers_save(
                actor=request.user,
                response=assignment.response,
                values=form.values(),
                subject=assignment.child,
                request=request,
            )
        except q_services.ResponseAlreadySubmittedError:
            return Response({"detail": "Al ingediend."}, status=status.HTTP_409_CONFLICT)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SubmitView(APIView):
    access_rule = "parent"
    permission_classes = [policies.RulePermission]

    @extend_schema(request=None, responses={200: AssignmentSerializer, 400: None, 409: None})
    def post(self, request: Any, assignment_id: int) -> Response:
        assignment = get_object_or_404(
            QuestionnaireAssignment.objects.filter(
                child__in=policies.children_of_parent(request.user)
            ).select_related("response__questionnaire", "child"),
            pk=assignment_id,
        )
        try:
            q_services.response_submit(
                actor=request.user,
                response=assignment.response,
                subject=assignment.child,
                request=request,
            )
        except q_services.ResponseAlreadySubmittedError:
            return Response({"detail": "Al ingediend."}, status=status.HTTP_409_CONFLICT)
        except ValidationError as error:
            return Response(
                {"detail": error.messages, "missing": (error.params or {}).get("missing", [])},
                status=status.HTTP_400_BAD_REQUEST,
            )
        assignment.response.refresh_from_db()
        return Response(AssignmentSerializer(assignment).data)
