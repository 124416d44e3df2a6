"""Writes of the notifications app: queue an SMS in the outbox and deliver it."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chatr.core.phone import mask_mobile, normalize_mobile
from chatr.core.tasks import task_enqueue
from chatr.notifications.backends import SmsDeliveryError, get_backend
from chatr.notifications.choices import SmsStatus
from chatr.notifications.models import SmsMessage

logger = logging.getLogger("chatr.sms")

RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 60 * 60
_ERROR_MAX = 500


def sms_retry_delay(*, attempts: int) -> timedelta:
    """Wait 30 s after the first failed attempt, then double each time (at most one hour)."""
    seconds = RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, RETRY_MAX_SECONDS))


def sms_send(*, to: str, text: str, purpose: str) -> SmsMessage:
    """Queue `text` for the mobile number `to` (any spelling); it is delivered once the
    caller's transaction commits (core.tasks.task_enqueue).

    Raises ValidationError when `to` is not an Iranian mobile number.
    """
    message = SmsMessage.objects.create(
        to=normalize_mobile(to), text=text, purpose=purpose, status=SmsStatus.QUEUED
    )
    task_enqueue(_delivery_task(), message_id=message.pk)
    return message


def sms_deliver(*, message_id: int) -> SmsMessage:
    """Make one delivery attempt for a queued message; sent, scheduled again, or failed.

    Running it again for a message that is no longer queued changes nothing.
    """
    backend = get_backend()
    with transaction.atomic():
        # The row lock is held across the provider call so that a duplicate task waits here
        # and then finds the message sent: one message, one delivery. (SQLite has no row
        # locks; its IMMEDIATE transactions serialize writers instead.)
        message = SmsMessage.objects.select_for_update().get(pk=message_id)
        if message.status != SmsStatus.QUEUED:
            return message
        message.attempts += 1
        message.backend = backend.name
        try:
            provider_id = backend.send(to=message.to, text=message.text, message_id=message.pk)
        except SmsDeliveryError as error:
            message.last_error = _safe_error(reason=error.reason, to=message.to)
            if error.retryable and message.attempts < settings.SMS_MAX_ATTEMPTS:
                message.next_attempt_at = timezone.now() + sms_retry_delay(
                    attempts=message.attempts
                )
                task_enqueue(_delivery_task(message.next_attempt_at), message_id=message.pk)
            else:
                message.status = SmsStatus.FAILED
                message.next_attempt_at = None
            logger.warning(
                "SMS %s to %s attempt %s %s: %s",
                message.pk,
                mask_mobile(message.to),
                message.attempts,
                "will retry" if message.status == SmsStatus.QUEUED else "failed",
                message.last_error,
            )
        else:
            message.status = SmsStatus.SENT
            message.sent_at = timezone.now()
            message.provider_message_id = provider_id[:64]
            message.next_attempt_at = None
        message.save(
            update_fields=[
                "status",
                "backend",
                "attempts",
                "last_error",
                "provider_message_id",
                "sent_at",
                "next_attempt_at",
            ]
        )
    return message


def _delivery_task(run_after: datetime | None = None) -> Any:
    """sms_deliver_task, deferred to `run_after` when the task backend can defer."""
    # Imported here because tasks.py imports this module.
    from chatr.notifications.tasks import sms_deliver_task

    task: Any = sms_deliver_task
    # Backends that cannot defer (the immediate one in tests and dev) run the retry at once;
    # SMS_MAX_ATTEMPTS still bounds it.
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    return task


def _safe_error(*, reason: str, to: str) -> str:
    """Return the reason cut short, without the API key or any spelling of the full number."""
    text = reason[:_ERROR_MAX]
    masked = mask_mobile(to)
    for spelling in (to, "0" + to[3:], to.lstrip("+"), to[3:]):
        if len(spelling) >= 10:
            text = text.replace(spelling, masked)
    api_key = settings.SMS_KAVENEGAR_API_KEY
    if api_key:
        text = text.replace(api_key, "***")
    return text
