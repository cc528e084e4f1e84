from __future__ import annotations

from django.contrib import admin

from .models import IndicatorUpload, IndicatorValue, ResultSet


@admin.register(IndicatorUpload)
class IndicatorUploadAdmin(admin.ModelAdmin):
    """Read-only: files are checked and saved in the portal (validated, audited)."""

    list_display = ("file_name", "status", "uploaded_at", "uploaded_by", "values_saved")
    list_filter = ("status", "is_synthetic")
    fields = ("file_name", "status", "uploaded_at", "uploaded_by", "years", "rows_read",
              "error_count", "warning_count", "is_synthetic", "saved_at", "saved_by",
              "values_saved")  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ("area_code", "year", "population", "area_km2", "is_synthetic")
    list_filter = ("year", "is_synthetic")
    search_fields = ("area_code", "municipality_code")

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


@admin.register(ResultSet)
class ResultSetAdmin(admin.ModelAdmin):
    """Computed by the Celery job; shown for inspection only."""

    list_display = ("computed_at", "reason", "indicator_year", "round_title", "circle_count")
    fields = ("computed_at", "reason", "indicator_year", "round_title", "circle_count",
              "is_synthetic")  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
