"""The audit trail: who did what to which record, when, through which channel and from where."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from chatr.org.models import OrgUnit, ScopedQuerySet


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    STATE = "state", _("State changed")
    DELETE = "delete", _("Deleted")
    VIEW = "view", _("Viewed a sensitive record")
    EXPORT = "export", _("Exported")
    SIGN_IN = "sign_in", _("Signed in")
    LOCKOUT = "lockout", _("Account locked")


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    PHONE = "phone", _("Phone (call center)")
    COUNTER = "counter", _("Service counter")
    SYSTEM = "system", _("System")


class AuditEvent(models.Model):
    """One entry of the audit trail; never changed after it is written."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    target_id = models.CharField(_("record id"), max_length=64)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.SYSTEM
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # Same keys as org.ScopedModel, but optional: a citizen's own sign-in belongs to no unit.
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("org unit"),
    )
    scope_province = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scope_county = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["scope_province", "at"], name="audit_province_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.target_type.model}#{self.target_id}"
