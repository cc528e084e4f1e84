from django.contrib import admin

from .models import Attachment, Message, Thread


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ("created_at", "author", "side", "body")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("subject", "organisation", "handler", "last_message_at", "closed_at")
    list_filter = ("topic", "closed_at")
    search_fields = ("subject", "organisation__name")
    readonly_fields = ("created_by", "created_at", "last_message_at", "closed_by")
    raw_id_fields = ("organisation", "client", "handler", "handler_user")
    inlines = [MessageInline]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "kind", "size", "message")
    readonly_fields = ("message", "file", "original_name", "kind", "size", "sha256")

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False
