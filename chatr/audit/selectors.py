"""Reads of the audit trail, always through the reader's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from chatr.audit.models import AuditEvent
from chatr.core.errors import NotFoundError
from chatr.org.roles import Perm
from chatr.org.scope import Scope


@dataclass(frozen=True)
class AuditFilters:
    action: str | None = None
    actor: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_event_list(*, scope: Scope, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """Events in the units where the reader may browse the audit trail, newest first."""
    filters = filters or AuditFilters()
    events = AuditEvent.objects.visible_to(scope, Perm.AUDIT_VIEW).select_related(
        "actor", "target_type", "org_unit"
    )
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.actor:
        events = events.filter(actor__username=filters.actor)
    if filters.date_from:
        events = events.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(at__lt=_day_start(filters.date_to + timedelta(days=1)))
    return events.order_by("-at", "-id")


def audit_event_get(*, scope: Scope, event_id: int) -> AuditEvent:
    """One event, or NotFoundError when it is missing or out of scope."""
    event = audit_event_list(scope=scope).filter(pk=event_id).first()
    if event is None:
        raise NotFoundError()
    return event
