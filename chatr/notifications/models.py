"""The SMS outbox: every message the platform sends, whatever backend delivers it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.core.phone import mask_mobile
from chatr.notifications.choices import SmsStatus


class SmsMessage(models.Model):
    """One text message to one mobile number, with its delivery state and attempts."""

    # E.164 (+989…), the one stored form; see chatr.core.phone.
    to = models.CharField(_("to"), max_length=13, db_index=True)
    text = models.TextField(_("text"))
    purpose = models.SlugField(
        _("purpose"),
        max_length=32,
        help_text=_("Why it was sent, for example otp or tracking_code."),
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=SmsStatus.choices,
        default=SmsStatus.QUEUED,
        db_index=True,
    )
    backend = models.CharField(
        _("backend"),
        max_length=32,
        blank=True,
        help_text=_("The SMS backend that last tried to deliver it."),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Never the provider URL (it holds the API key) nor the full number; see sms_deliver.
    last_error = models.TextField(_("last error"), blank=True)
    provider_message_id = models.CharField(_("provider message id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=SmsStatus.SENT) | Q(sent_at__isnull=False),
                name="notifications_sms_sent_has_sent_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} → {self.masked_to} ({self.status})"

    @property
    def masked_to(self) -> str:
        return mask_mobile(self.to)
