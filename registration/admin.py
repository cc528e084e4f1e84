"""Admin: the catalogue is edited here (names, explanations, order, active); the rest is read
mostly, because studies, lists and entries have pages of their own with the rules applied."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Activity,
    AnalysisRun,
    Cluster,
    Participation,
    RegistrationStudy,
)
from .selectors import forget_catalogue


class CatalogueAdminMixin:
    """The daily page caches the catalogue: any change here clears that cache."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        forget_catalogue()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        forget_catalogue()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        forget_catalogue()


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ("code", "name", "name_en", "order", "is_active")
    show_change_link = True


@admin.register(Cluster)
class ClusterAdmin(CatalogueAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "order", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("name", "name_en", "code")
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(CatalogueAdminMixin, admin.ModelAdmin):
    list_display = ("name", "cluster", "code", "order", "is_active")
    list_filter = ("cluster", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("name", "name_en", "code", "cluster__name")
    list_select_related = ("cluster",)


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    fields = ("facility", "agreement_signed_at", "agreement_signed_by")
    readonly_fields = ("agreement_signed_at", "agreement_signed_by")
    autocomplete_fields = ("facility",)


@admin.register(RegistrationStudy)
class RegistrationStudyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "starts_on",
        "ends_on",
        "edits_until",
        "delete_raw_on",
        "raw_deleted_at",
    )
    search_fields = ("name",)
    readonly_fields = ("raw_deleted_at", "created_at", "created_by")
    inlines = [ParticipationInline]


@admin.register(AnalysisRun)
class AnalysisRunAdmin(admin.ModelAdmin):
    list_display = ("study", "status", "requested_at", "finished_at", "entries_used", "seconds")
    list_filter = ("status",)
    list_select_related = ("study",)
    readonly_fields = [f.name for f in AnalysisRun._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
