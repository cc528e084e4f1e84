from django.contrib import admin

from .models import CircleArea, Submission, SubmissionRow, ValidationRun


@admin.register(CircleArea)
class CircleAreaAdmin(admin.ModelAdmin):
    list_display = ("circle", "care_zone", "updated_at")
    search_fields = ("circle__name", "care_zone")
    readonly_fields = ("updated_at", "updated_by")
    raw_id_fields = ("circle",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Submitted versions are immutable; the admin only shows them."""

    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("circle", "version", "is_current", "row_count", "submitted_at", "submitted_by")
    list_filter = ("is_current",)
    search_fields = ("circle__name",)


@admin.register(ValidationRun)
class ValidationRunAdmin(ReadOnlyAdmin):
    list_display = ("file_name", "circle", "status", "rows_read", "error_count", "created_at")
    list_filter = ("status",)
    exclude = ("upload", "rows", "problems", "report")


admin.site.register(SubmissionRow, ReadOnlyAdmin)
