"""The agency keeps the allocated hours here; the summary tables and import references are shown
read-only. Only agency administrators (and superusers) see this app in the admin: the role is the
permission, checked in `accounts.policies`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import policies
from accounts.models import Organisation

from . import services
from .models import (
    AllocatedHours,
    BureauDayFact,
    DirtyDay,
    ImportedChild,
    ImportedSession,
    PractitionerDayFact,
    RefreshState,
    RegistrationDayFact,
)


def is_agency(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_active and user.is_staff and (user.is_superuser or policies.is_agency_admin(user))
    )


class AgencyOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_agency(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_agency(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_agency(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_agency(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_agency(request)


class ReadOnlyAgencyAdmin(AgencyOnlyAdmin):
    """Computed or loaded elsewhere (facts.py, the import commands): look, do not touch."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AllocatedHours)
class AllocatedHoursAdmin(AgencyOnlyAdmin):
    list_display = ("bureau", "bureau_code", "year", "doctor_hours", "nurse_hours", "note",
                    "updated_at")  # fmt: skip
    list_filter = ("year",)
    search_fields = ("bureau__name", "bureau__code")
    list_select_related = ("bureau",)
    ordering = ("bureau__name", "-year")
    fields = ("bureau", "year", "doctor_hours", "nurse_hours", "note")

    @admin.display(description=_("code"), ordering="bureau__code")
    def bureau_code(self, obj: AllocatedHours) -> str:
        return obj.bureau.code

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "bureau":
            kwargs["queryset"] = Organisation.objects.filter(
                kind=Organisation.Kind.CONSULTATION_BUREAU
            ).order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: AllocatedHours, form: Any, change: bool
    ) -> None:
        services.allocated_hours_save(actor=request.user, allocation=obj, request=request)

    def delete_model(self, request: HttpRequest, obj: AllocatedHours) -> None:
        services.allocated_hours_delete(actor=request.user, allocation=obj, request=request)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for allocation in queryset.select_related("bureau"):
            services.allocated_hours_delete(
                actor=request.user, allocation=allocation, request=request
            )


FACT_COLUMNS = ("date", "part_of_day", "practitioner_kind", "sessions", "session_minutes",
                "capacity", "booked", "done", "no_show", "cancelled", "postponed_portal",
                "postponed_phone")  # fmt: skip


@admin.register(BureauDayFact)
class BureauDayFactAdmin(ReadOnlyAgencyAdmin):
    list_display = ("bureau", *FACT_COLUMNS, "enrolments")
    list_filter = ("practitioner_kind", "part_of_day")
    search_fields = ("bureau__name", "bureau__code")
    list_select_related = ("bureau",)
    date_hierarchy = "date"
    show_full_result_count = False


@admin.register(PractitionerDayFact)
class PractitionerDayFactAdmin(ReadOnlyAgencyAdmin):
    list_display = ("practitioner", "bureau", *FACT_COLUMNS)
    list_filter = ("practitioner_kind", "part_of_day")
    search_fields = ("bureau__name", "bureau__code", "practitioner__email")
    list_select_related = ("bureau", "practitioner")
    date_hierarchy = "date"
    show_full_result_count = False


@admin.register(RegistrationDayFact)
class RegistrationDayFactAdmin(ReadOnlyAgencyAdmin):
    list_display = ("bureau", "date", "part_of_day", "practitioner_kind", "registrations")
    list_filter = ("practitioner_kind", "part_of_day")
    search_fields = ("bureau__name", "bureau__code")
    list_select_related = ("bureau",)
    date_hierarchy = "date"
    show_full_result_count = False


@admin.register(DirtyDay)
class DirtyDayAdmin(ReadOnlyAgencyAdmin):
    list_display = ("bureau", "date", "marked_at")
    search_fields = ("bureau__name", "bureau__code")
    list_select_related = ("bureau",)


@admin.register(RefreshState)
class RefreshStateAdmin(ReadOnlyAgencyAdmin):
    list_display = ("key", "finished_at", "duration_ms", "rows", "days")


@admin.register(ImportedSession)
class ImportedSessionAdmin(ReadOnlyAgencyAdmin):
    list_display = ("source", "external_ref", "session", "imported_at")
    list_filter = ("source",)
    search_fields = ("external_ref",)
    list_select_related = ("session", "session__bureau")
    show_full_result_count = False


@admin.register(ImportedChild)
class ImportedChildAdmin(ReadOnlyAgencyAdmin):
    list_display = ("source", "external_ref", "child_id", "imported_at")
    list_filter = ("source",)
    search_fields = ("external_ref",)
    show_full_result_count = False
