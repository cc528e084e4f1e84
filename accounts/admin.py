from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import audit
from .models import (
    AuditCheckpoint,
    AuditEvent,
    AuthorisationLine,
    AuthorisationRequest,
    ContactPerson,
    DeclarationText,
    Invitation,
    Membership,
    Organisation,
    User,
)
from .services import membership_revoke


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ("organisation", "role", "valid_from", "valid_until", "revoked_at")
    readonly_fields = ("revoked_at",)
    autocomplete_fields = ("organisation",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_active", "is_staff", "is_demo")
    list_filter = ("is_active", "is_staff", "is_superuser", "is_demo")
    search_fields = ("email", "first_name", "last_name")
    readonly_fields = ("last_login", "date_joined")
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name")}),
        (
            _("Rechten"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Data"), {"fields": ("last_login", "date_joined", "is_demo")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "facility_type", "size_class", "is_demo")
    list_filter = ("kind", "facility_type", "size_class", "is_demo")
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "valid_from", "valid_until", "revoked_at")
    list_filter = (
        "role",
        "organisation__kind",
        ("revoked_at", admin.EmptyFieldListFilter),
        ("organisation", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("user__email", "user__last_name", "organisation__name")
    autocomplete_fields = ("user", "organisation")
    readonly_fields = ("created_at", "created_by", "revoked_at", "revoked_by")
    date_hierarchy = "valid_from"
    actions = ["revoke_now"]

    @admin.action(description=_("Nu intrekken (sessies worden beëindigd)"))
    def revoke_now(self, request: HttpRequest, queryset: Any) -> None:
        # Through the service, so sessions end and the audit log records it.
        for membership in queryset.filter(revoked_at__isnull=True):
            membership_revoke(actor=request.user, membership=membership, request=request)


class ReadOnlyAdmin(admin.ModelAdmin):
    """History must not change: no add, change or delete, also not for superusers."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = (
        "sequence",
        "occurred_at",
        "action",
        "category",
        "outcome",
        "actor_email",
        "actor_role",
        "organisation",
        "subject_ref",
        "ip_address",
    )
    list_filter = ("category", "outcome", "actor_role", "occurred_at")
    search_fields = ("action", "actor_email", "subject_ref", "object_type", "object_id")
    date_hierarchy = "occurred_at"
    list_select_related = ("organisation",)
    show_full_result_count = False

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # Reading the audit log is itself logged.
        audit.record(action="audit.read", category=audit.Category.READ, request=request)
        return super().changelist_view(request, extra_context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        audit.record(
            action="audit.read",
            category=audit.Category.READ,
            request=request,
            object_type="accounts.auditevent",
            object_id=str(object_id),
        )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "pruned_through_sequence", "events_pruned", "cutoff")
    list_filter = ("created_at",)
    search_fields = ("last_pruned_hash",)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("user", "purpose", "organisation", "created_at", "expires_at", "used_at")
    list_filter = ("purpose", "used_at", "revoked_at")
    search_fields = ("user__email", "organisation__name")
    # Tokens are only stored hashed; an invitation is made by the services, not by hand.
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- Delegated-user authorisation ----------------------------------------------------------------


class AuthorisationLineInline(admin.TabularInline):
    model = AuthorisationLine
    extra = 0
    fields = ("action", "first_name", "last_name", "email", "function", "person", "bureau_names")
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("consultatiebureaus"))
    def bureau_names(self, line: AuthorisationLine) -> str:
        return ", ".join(b.name for b in line.bureaus.all())

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuthorisationRequest)
class AuthorisationRequestAdmin(ReadOnlyAdmin):
    """Requests are decided in the portal (with the diff and a re-authentication), not here."""

    list_display = (
        "pk",
        "organiser",
        "kind",
        "status",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_link",
    )
    list_filter = (
        "status",
        "kind",
        ("organiser", admin.RelatedOnlyFieldListFilter),
        "submitted_at",
        "reviewed_at",
    )
    search_fields = (
        "organiser__name",
        "submitted_by__email",
        "lines__email",
        "lines__last_name",
        "signature_name",
    )
    date_hierarchy = "submitted_at"
    list_select_related = ("organiser", "submitted_by", "reviewed_by")
    inlines = [AuthorisationLineInline]
    readonly_fields = ("review_link",)

    @admin.display(description=_("in het portaal"))
    def review_link(self, obj: AuthorisationRequest) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("accounts:review", args=[obj.pk]), _("Beoordeling")
        )


@admin.register(DeclarationText)
class DeclarationTextAdmin(admin.ModelAdmin):
    """A new version of the declaration is added, never edited once someone signed it."""

    list_display = ("version", "published_at", "created_at")
    search_fields = ("version", "text_nl")
    date_hierarchy = "published_at"

    def _signed(self, obj: Any) -> bool:
        return obj is not None and obj.requests.exists()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not self._signed(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not self._signed(obj)


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "organisation",
        "role",
        "email",
        "phone",
        "last_confirmed_at",
        "removed_at",
    )
    list_filter = (
        "organisation__kind",
        ("removed_at", admin.EmptyFieldListFilter),
        "last_confirmed_at",
    )
    search_fields = ("name", "email", "organisation__name")
    autocomplete_fields = ("organisation",)
    list_select_related = ("organisation",)
    readonly_fields = (
        "created_at",
        "created_by",
        "updated_at",
        "last_confirmed_by",
        "removed_at",
        "removed_by",
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # removal keeps the row (removed_at), so the history stays
