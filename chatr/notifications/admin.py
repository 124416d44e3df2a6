"""Admin of the SMS outbox: read-only, numbers masked in the list."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from chatr.notifications.models import SmsMessage


@admin.register(SmsMessage)
class SmsMessageAdmin(admin.ModelAdmin):
    list_display = ["masked_to", "purpose", "status", "attempts", "created_at"]
    list_filter = ["status", "purpose", "backend"]
    search_fields = ["purpose"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    # The detail page masks the number too: the admin is no place to read people's numbers.
    fields = [
        "masked_to",
        "purpose",
        "text",
        "status",
        "backend",
        "attempts",
        "last_error",
        "provider_message_id",
        "created_at",
        "sent_at",
        "next_attempt_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("to"), ordering="to")
    def masked_to(self, obj: SmsMessage) -> str:
        return obj.masked_to

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SmsMessage | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SmsMessage | None = None) -> bool:
        return False
