from __future__ import annotations

from django.contrib import admin

from .models import (
    AdviceArticle,
    Appointment,
    Child,
    Guardianship,
    MilestoneItem,
    Session,
)


@admin.register(AdviceArticle)
class AdviceArticleAdmin(admin.ModelAdmin):
    """Advice by theme, managed by the agency: each child's page suggests those for its age."""

    list_display = ("title", "theme", "min_age_months", "max_age_months", "is_published")
    list_filter = ("theme", "is_published")
    search_fields = ("title", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(MilestoneItem)
class MilestoneItemAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "label",
        "domain",
        "first_age_months",
        "parent_report_allowed",
        "scored_left_right",
    )
    list_filter = ("domain", "first_age_months")
    search_fields = ("label",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Children, sessions and appointments change only through the portal's services (audited,
    and the dashboards follow them): the admin shows them read-only."""

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


@admin.register(Child)
class ChildAdmin(ReadOnlyAdmin):
    list_display = (
        "last_name",
        "first_name",
        "birth_date",
        "organisation",
        "registration_date",
        "enrolment_date",
    )
    list_filter = ("organisation",)
    search_fields = ("last_name", "first_name")


@admin.register(Guardianship)
class GuardianshipAdmin(ReadOnlyAdmin):
    list_display = ("parent", "child", "has_parental_authority", "valid_from", "valid_until")


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = (
        "date",
        "start_time",
        "end_time",
        "bureau",
        "practitioner",
        "practitioner_kind",
        "capacity",
    )
    list_filter = ("practitioner_kind", "part_of_day", "bureau")
    date_hierarchy = "date"


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ("date", "slot_time", "child", "consult_kind", "status")
    list_filter = ("status", "consult_kind")
    date_hierarchy = "date"
