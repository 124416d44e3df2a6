"""Reads of the SMS outbox: a sysadmin and test tool, so it is not scoped to org units."""

from __future__ import annotations

from django.db.models import QuerySet

from chatr.core.phone import normalize_mobile
from chatr.notifications.models import SmsMessage


def sms_outbox_list(*, to: str | None = None, purpose: str | None = None) -> QuerySet[SmsMessage]:
    """Return outbox messages newest first, optionally for one number (any spelling) or purpose."""
    messages = SmsMessage.objects.order_by("-created_at", "-id")
    if to:
        messages = messages.filter(to=normalize_mobile(to))
    if purpose:
        messages = messages.filter(purpose=purpose)
    return messages


def sms_last_to(*, to: str, purpose: str | None = None) -> SmsMessage | None:
    """Return the newest message to the number `to` (any spelling), or None."""
    return sms_outbox_list(to=to, purpose=purpose).first()
