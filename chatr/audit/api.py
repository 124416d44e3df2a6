"""/api/v1/audit: the audit trail for staff clients, scoped like the pages."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from chatr.api.base import Pagination, staff_auth
from chatr.audit.selectors import AuditFilters, audit_event_get, audit_event_list
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import request_scope

router = Router(tags=["audit"], auth=staff_auth)


class AuditEventOut(Schema):
    id: int
    at: datetime
    actor: str | None
    action: str
    record_type: str
    record_id: str
    channel: str
    org_unit: str | None
    changes: dict

    @staticmethod
    def resolve_actor(obj) -> str | None:  # type: ignore[no-untyped-def]
        return obj.actor.username if obj.actor else None

    @staticmethod
    def resolve_record_type(obj) -> str:  # type: ignore[no-untyped-def]
        return f"{obj.target_type.app_label}.{obj.target_type.model}"

    @staticmethod
    def resolve_record_id(obj) -> str:  # type: ignore[no-untyped-def]
        return obj.target_id

    @staticmethod
    def resolve_org_unit(obj) -> str | None:  # type: ignore[no-untyped-def]
        return obj.org_unit.code if obj.org_unit else None


class AuditQuery(Schema):
    action: str | None = None
    actor: str | None = None
    date_from: date | None = None
    date_to: date | None = None


@router.get("/events", response=list[AuditEventOut], summary="List audit events in scope")
@paginate(Pagination)
def list_events(request: HttpRequest, filters: Query[AuditQuery]):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    require(scope, Perm.AUDIT_VIEW)
    return audit_event_list(scope=scope, filters=AuditFilters(**filters.dict()))


@router.get("/events/{event_id}", response=AuditEventOut, summary="One audit event")
def get_event(request: HttpRequest, event_id: int):  # type: ignore[no-untyped-def]
    return audit_event_get(scope=request_scope(request), event_id=event_id)
