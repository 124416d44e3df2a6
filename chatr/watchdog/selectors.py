"""Reads of the watchdog, always through the reader's scope (cases.selectors does the
scoping; this adds the watchdog's own filters and presentation rules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from chatr.cases.choices import DeadlineBand
from chatr.cases.models import Case
from chatr.cases.selectors import case_for_person, case_get, case_queryset
from chatr.core.phone import is_valid_mobile, normalize_mobile
from chatr.org.models import OrgUnit
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.watchdog.models import Category, Message, SubjectArea
from chatr.watchdog.workflow import KIND, WORKFLOW


@dataclass(frozen=True)
class MessageFilters:
    state: str | None = None
    message_type: str | None = None
    area: int | None = None
    category: int | None = None
    unit: int | None = None  # cases owned by exactly this unit (a unit's queue)
    assigned_to: int | None = None  # an officer's "my work"
    unassigned: bool = False
    band: str | None = None  # "red": open and past the deadline
    channel: str | None = None
    filed_from: date | None = None
    filed_to: date | None = None
    open_only: bool = False


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def message_list(*, scope: Scope, filters: MessageFilters | None = None) -> QuerySet[Case]:
    """Watchdog cases in the reader's scope, newest first, with their message joined."""
    f = filters or MessageFilters()
    cases = case_queryset(scope=scope, kind=KIND).select_related(
        "watchdog_message__category", "watchdog_message__area", "org_unit", "assigned_to"
    )
    if f.state:
        cases = cases.filter(state=f.state)
    if f.open_only:
        cases = cases.exclude(state__in=WORKFLOW.closed)
    if f.message_type:
        cases = cases.filter(watchdog_message__message_type=f.message_type)
    if f.area:
        cases = cases.filter(watchdog_message__area_id=f.area)
    if f.category:
        cases = cases.filter(watchdog_message__category_id=f.category)
    if f.unit:
        cases = cases.filter(org_unit_id=f.unit)
    if f.assigned_to:
        cases = cases.filter(assigned_to_id=f.assigned_to)
    if f.unassigned:
        cases = cases.filter(assigned_to__isnull=True)
    if f.channel:
        cases = cases.filter(channel=f.channel)
    if f.filed_from:
        cases = cases.filter(filed_at__gte=_day_start(f.filed_from))
    if f.filed_to:
        cases = cases.filter(filed_at__lt=_day_start(f.filed_to + timedelta(days=1)))
    now = timezone.now()
    if f.band == DeadlineBand.RED:
        cases = cases.filter(due_at__lt=now, paused_at__isnull=True).exclude(
            state__in=WORKFLOW.closed | WORKFLOW.answered
        )
    return cases.order_by("-filed_at", "-id")


def message_get(*, scope: Scope, code: str) -> Case:
    return case_get(scope=scope, code=code, kind=KIND)


def message_for_person(*, code: str, mobile: str = "", secret: str = "") -> Case:
    return case_for_person(code=code, mobile=mobile, secret=secret, kind=KIND)


def contact_visible(*, scope: Scope, case: Case) -> bool:
    """The person's identity is hidden from staff of the unit complained about, unless the
    person consented; anonymous reports never show one."""
    if case.is_anonymous:
        return False
    if case.identity_consent:
        return True
    concerned = case.watchdog_message.concerned_unit
    if concerned is None:
        return True
    return not any(g.unit_path.startswith(concerned.path) for g in scope.grants)


@dataclass(frozen=True)
class CallerHistoryItem:
    tracking_code: str
    filed_at: datetime
    message_type: str
    state_label: Any


def messages_by_caller(*, scope: Scope, mobile: str, limit: int = 10) -> list[CallerHistoryItem]:
    """For call-center agents: the caller's earlier messages (code, date, type, status only)."""
    if not scope.has_perm(Perm.CASE_FILE_FOR_PERSON) and not scope.has_perm(Perm.CASE_VIEW):
        return []
    if not is_valid_mobile(mobile):
        return []
    rows = (
        Case.objects.filter(kind=KIND, contact_mobile=normalize_mobile(mobile))
        .select_related("watchdog_message")
        .order_by("-filed_at")[:limit]
    )
    return [
        CallerHistoryItem(
            c.tracking_code,
            c.filed_at,
            c.watchdog_message.get_message_type_display(),
            WORKFLOW.label(c.state),
        )
        for c in rows
    ]


def queue_counts(*, scope: Scope) -> dict[str, int]:
    """Open messages per state in the reader's scope (for the queue's tabs)."""
    rows = (
        case_queryset(scope=scope, kind=KIND)
        .exclude(state__in=WORKFLOW.closed)
        .values("state")
        .annotate(n=Count("pk"))
    )
    return {row["state"]: row["n"] for row in rows}


def taxonomy() -> list[SubjectArea]:
    """Active subject areas with their active categories (for forms and Open311)."""
    areas = list(SubjectArea.objects.filter(is_active=True).order_by("position", "code"))
    categories = Category.objects.filter(is_active=True, area__in=areas).order_by(
        "position", "code"
    )
    by_area: dict[int, list[Category]] = {}
    for category in categories:
        by_area.setdefault(category.area_id, []).append(category)
    for area in areas:
        area.active_categories = by_area.get(area.pk, [])  # type: ignore[attr-defined]
    return areas


def routing_targets(*, scope: Scope, case: Case) -> QuerySet[OrgUnit]:
    """Units a handler may refer to: any HQ/province/county/center unit (up, down, sideways)."""
    return OrgUnit.objects.filter(is_active=True).exclude(pk=case.org_unit_id).order_by("path")


def officers_for(*, case: Case) -> QuerySet[Any]:
    """Staff who handle cases at the case's unit (for assignment)."""
    from django.contrib.auth import get_user_model

    from chatr.org.roles import ROLE_PERMISSIONS

    roles = [role for role, perms in ROLE_PERMISSIONS.items() if Perm.CASE_HANDLE in perms]
    # Every ancestor's path (segments are 7 characters and a slash): roles there cover it.
    paths = [case.org_unit.path[:i] for i in range(8, len(case.org_unit.path) + 1, 8)]
    return (
        get_user_model()
        .objects.filter(
            memberships__role__in=roles, memberships__org_unit__path__in=paths, is_active=True
        )
        .distinct()
        .order_by("full_name")
    )


def message_of(case: Case) -> Message:
    return case.watchdog_message


def officers_in_scope(*, scope: Scope) -> QuerySet[Any]:
    """Staff who handle cases in units the reader covers (for bulk assignment)."""
    from django.contrib.auth import get_user_model

    from chatr.org.models import Membership
    from chatr.org.roles import ROLE_PERMISSIONS

    roles = [role for role, perms in ROLE_PERMISSIONS.items() if Perm.CASE_HANDLE in perms]
    units = OrgUnit.objects.visible_to(scope).values("pk")
    user_ids = Membership.objects.filter(role__in=roles, org_unit__in=units).values("user_id")
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("full_name")


@dataclass(frozen=True)
class PublicRequestQuery:
    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: frozenset[str] = frozenset()


def message_list_public(query: PublicRequestQuery, *, one_by_code: bool = False) -> QuerySet[Case]:
    """Watchdog cases as the public may see them, newest first.

    Sensitive and anonymous messages are never listed, not even by ids (a list of 100 guesses
    per call would make probing for them cheap); `one_by_code` fetches any one message by its
    exact tracking code, the reporter's key to follow it."""
    cases = Case.objects.filter(kind=KIND).select_related(
        "watchdog_message__category", "org_unit", "scope_county", "scope_province"
    )
    if not one_by_code:
        cases = cases.filter(is_sensitive=False, is_anonymous=False)
    if query.ids:
        return cases.filter(tracking_code__in=query.ids).order_by("-filed_at", "-pk")
    if query.service_codes:
        cases = cases.filter(watchdog_message__category__code__in=query.service_codes)
    if query.start:
        cases = cases.filter(filed_at__gte=query.start)
    if query.end:
        cases = cases.filter(filed_at__lte=query.end)
    if query.statuses == {"open"}:
        cases = cases.exclude(state__in=(WORKFLOW.closed | WORKFLOW.answered))
    elif query.statuses == {"closed"}:
        cases = cases.filter(state__in=(WORKFLOW.closed | WORKFLOW.answered))
    return cases.order_by("-filed_at", "-pk")


def queue_units(*, scope: Scope) -> QuerySet[OrgUnit]:
    """Units whose queue the reader may open (their own units and everything below)."""
    return OrgUnit.objects.visible_to(scope).filter(is_active=True).order_by("path")


def message_tracked(*, case_id: int) -> Case | None:
    """The case a person opened on the tracking page (its id is kept in their session)."""
    return (
        Case.objects.filter(kind=KIND, pk=case_id)
        .select_related("watchdog_message__category", "org_unit")
        .first()
    )


def message_public_status(*, code: str) -> Case:
    """For call-center agents reading a status to a caller: any message by exact code (the
    page shows only what the person would see). A mistyped code is refused before a query."""
    from django.utils.translation import gettext_lazy as _

    from chatr.cases.selectors import bad_tracking_code_error
    from chatr.core.errors import ApplicationError
    from chatr.core.tracking import is_well_formed_tracking_code, normalize_tracking_code

    normalized = normalize_tracking_code(code)
    if not is_well_formed_tracking_code(normalized):
        raise bad_tracking_code_error()
    case = (
        Case.objects.filter(kind=KIND, tracking_code=normalized)
        .select_related("watchdog_message")
        .first()
    )
    if case is None:
        raise ApplicationError(
            "case_not_found", _("No message has this tracking code."), status=404
        )
    return case
