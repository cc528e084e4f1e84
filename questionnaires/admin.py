from __future__ import annotations

from django.contrib import admin

from .models import Choice, Question, Questionnaire, Response, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ("position", "title", "intro")


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "retention_years", "is_active")
    search_fields = ("title", "code")
    prepopulated_fields = {"code": ("title",)}
    inlines = [SectionInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "code", "kind", "required", "is_research", "section")
    list_filter = ("kind", "required", "is_research", "section__questionnaire")
    search_fields = ("text", "code")
    raw_id_fields = ("show_if_question",)
    inlines = [ChoiceInline]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Read-only: answers are personal data, changed only by the people who fill them in."""

    list_display = ("questionnaire", "status", "submitted_at", "delete_after")
    list_filter = ("status", "questionnaire")
    fields = ("questionnaire", "status", "submitted_at", "delete_after", "research_pseudonym")
    readonly_fields = fields

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
