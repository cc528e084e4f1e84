"""The GP-list API: upload-and-check (the same problems as the page), submit, list versions."""

from __future__ import annotations

from uuid import UUID

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policies

from . import engine, selectors, services
from .forms import UploadForm


class ProblemOut(serializers.Serializer):
    line = serializers.IntegerField()
    column = serializers.CharField(allow_null=True)
    code = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning"])
    message = serializers.CharField()
    value = serializers.CharField()


class SummaryOut(serializers.Serializer):
    rows_read = serializers.IntegerField()
    rows_with_errors = serializers.IntegerField()
    rows_with_warnings = serializers.IntegerField()
    errors = serializers.IntegerField()
    warnings = serializers.IntegerField()
    by_rule = serializers.DictField(child=serializers.IntegerField())
    can_submit = serializers.BooleanField()


class ValidationOut(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    rows_processed = serializers.IntegerField()
    rows_total = serializers.IntegerField()
    can_submit = serializers.BooleanField()
    summary = SummaryOut(required=False)
    problems = ProblemOut(many=True, required=False)


class UploadIn(serializers.Serializer):
    file = serializers.FileField()


class VersionOut(serializers.Serializer):
    version = serializers.IntegerField()
    is_current = serializers.BooleanField()
    submitted_at = serializers.DateTimeField()
    submitted_by = serializers.EmailField(source="submitted_by.email")
    row_count = serializers.IntegerField()
    warning_count = serializers.IntegerField()
    added_count = serializers.IntegerField()
    removed_count = serializers.IntegerField()
    changed_count = serializers.IntegerField()
    file_sha256 = serializers.CharField()


def validation_data(run) -> dict:  # noqa: ANN001
    data = {
        "id": run.pk,
        "status": run.status,
        "rows_processed": run.rows_processed,
        "rows_total": run.rows_total,
        "can_submit": run.can_submit,
    }
    if run.is_finished:
        problems = engine.unpack_problems(bytes(run.problems or b""))
        data["summary"] = run.summary
        data["problems"] = [engine.problem_json(problem) for problem in problems]
    return data


class ValidationCreateView(APIView):
    """Upload a GP list and check it. Small files answer at once (201); large ones are checked
    by a worker (202): poll the validation until its status is `done` or `refused`."""

    access_rule = "gp_list_work"
    permission_classes = [policies.RulePermission]
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": UploadIn}, responses={201: ValidationOut})
    def post(self, request: Request, circle_id: int) -> Response:
        circle = selectors.circle_get_for_worker(request.user, circle_id)
        form = UploadForm(data={}, files=request.FILES)
        if not form.is_valid():
            return Response(form.errors.get_json_data(), status=status.HTTP_400_BAD_REQUEST)
        run = services.validation_start(
            actor=request.user, circle=circle, upload=form.cleaned_data["file"], request=request
        )
        code = status.HTTP_201_CREATED if run.is_finished else status.HTTP_202_ACCEPTED
        return Response(ValidationOut(validation_data(run)).data, status=code)


class ValidationDetailView(APIView):
    access_rule = "gp_list_work"
    permission_classes = [policies.RulePermission]

    @extend_schema(responses=ValidationOut)
    def get(self, request: Request, run_id: UUID) -> Response:
        run = selectors.run_get_for_user(request.user, run_id)
        return Response(ValidationOut(validation_data(run)).data)


class SubmitView(APIView):
    """Submit an error-free check as the circle's next version."""

    access_rule = "gp_list_submit"
    permission_classes = [policies.RulePermission]

    @extend_schema(request=None, responses={201: VersionOut})
    def post(self, request: Request, run_id: UUID) -> Response:
        run = selectors.run_get_for_user(request.user, run_id)
        get_object_or_404(policies.gp_circles_submittable_by(request.user), pk=run.circle_id)
        try:
            submission = services.submission_create(actor=request.user, run=run, request=request)
        except services.SubmissionRefusedError as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        return Response(VersionOut(submission).data, status=status.HTTP_201_CREATED)


class VersionListView(APIView):
    access_rule = "gp_list_read"
    permission_classes = [policies.RulePermission]

    @extend_schema(responses=VersionOut(many=True))
    def get(self, request: Request, circle_id: int) -> Response:
        circle = selectors.circle_get_for_reader(request.user, circle_id)
        return Response(VersionOut(selectors.circle_versions(circle), many=True).data)
