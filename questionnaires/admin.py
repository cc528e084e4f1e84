from __future__ import annotations

from django.contrib import admin

from .models import Choice, Question, Questionnaire, Response, Round, RoundEntry, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ("position", "title", "intro")


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "audience", "retention_years", "is_active")
    list_filter = ("audience", "is_active")
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


class RoundEntryInline(admin.TabularInline):
    model = RoundEntry
    extra = 0
    fields = ("organisation", "response")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    """Rounds are opened and closed in the portal (with e-mails and the results job); the admin
    only corrects a title or deadline."""

    list_display = ("title", "questionnaire", "opens_at", "deadline", "closed_at")
    list_filter = ("questionnaire",)
    fields = ("title", "questionnaire", "opens_at", "deadline", "reminder_days", "closed_at")
    readonly_fields = ("questionnaire", "closed_at")
    inlines = [RoundEntryInline]

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False
