"""The one writer of the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from chatr.audit.context import current_context
from chatr.audit.models import AuditAction, AuditEvent
from chatr.org.models import OrgUnit


def _owning_unit(target: models.Model) -> OrgUnit | None:
    if isinstance(target, OrgUnit):
        return target
    unit_id = getattr(target, "org_unit_id", None)
    if unit_id:
        loaded = target._state.fields_cache.get("org_unit")  # stamped or selected: no query
        if isinstance(loaded, OrgUnit) and loaded.pk == unit_id:
            return loaded
        return OrgUnit.objects.filter(pk=unit_id).first()
    memberships = getattr(target, "memberships", None)
    # Staff users belong to the unit of their first membership; other "memberships" (e.g. a
    # person's households) carry no unit of their own, so the caller passes `org_unit`.
    if memberships is not None and hasattr(memberships.model, "org_unit"):
        first = memberships.select_related("org_unit").order_by("org_unit__path").first()
        return first.org_unit if first else None
    return None


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    changes: dict[str, Any] | None = None,
    org_unit: OrgUnit | None = None,
    channel: str | None = None,
) -> AuditEvent:
    """Append one event. The owning unit (for scoped browsing) defaults to the target's own.

    `changes` must not hold personal data in clear (national codes, mobiles): pass field
    names with masked values, or just the names.
    """
    context = current_context()
    unit = org_unit or _owning_unit(target)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
        changes=changes or {},
        channel=channel or context.channel,
        ip=context.ip,
        org_unit=unit,
        scope_province_id=unit.province_id if unit else None,
        scope_county_id=unit.county_id if unit else None,
    )


def audit_sensitive_view(
    *, actor: Any, target: models.Model, changes: dict[str, Any] | None = None
) -> AuditEvent:
    """Log that a staff member opened a sensitive record (person, health, child); `changes`
    may say which part was read (no personal data in it)."""
    return audit_record(actor=actor, action=AuditAction.VIEW, target=target, changes=changes)


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """{field: [old, new]} for the fields whose values differ, as JSON-safe strings."""
    return {
        name: [_safe(before.get(name)), _safe(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def _safe(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
