"""Reads of cases, always through the reader's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.cases.choices import DeadlineBand
from chatr.cases.deadlines import band_for
from chatr.cases.models import Case, CaseEvent
from chatr.core.errors import ApplicationError, NotFoundError
from chatr.core.tracking import is_well_formed_tracking_code, normalize_tracking_code
from chatr.org.roles import Perm
from chatr.org.scope import Scope


def case_queryset(*, scope: Scope, kind: str | None = None) -> QuerySet[Case]:
    """Cases the reader may see: their units' cases (sensitive ones only for the roles that
    handle them) plus the cases they filed themselves (call-center agents)."""
    in_units = Case.objects.filter(scope.stamp_q(Perm.CASE_VIEW)).filter(
        Q(is_sensitive=False) | scope.stamp_q(Perm.CASE_VIEW_SENSITIVE)
    )
    mine = Q(filed_by_id=scope.user_id) if scope.user_id else Q(pk__in=[])
    cases = Case.objects.filter(Q(pk__in=in_units.values("pk")) | mine)
    if kind:
        cases = cases.filter(kind=kind)
    return cases


def case_get(*, scope: Scope, code: str, kind: str | None = None) -> Case:
    """One case by tracking code, or NotFoundError (missing and out of scope look the same)."""
    code = normalize_tracking_code(code)
    if not is_well_formed_tracking_code(code):
        raise NotFoundError()
    case = (
        case_queryset(scope=scope, kind=kind)
        .select_related("org_unit", "assigned_to", "requester", "filed_by")
        .filter(tracking_code=code)
        .first()
    )
    if case is None:
        raise NotFoundError()
    return case


def case_timeline(*, case: Case, public_only: bool) -> QuerySet[CaseEvent]:
    events = (
        case.events.select_related("actor", "from_unit", "to_unit")
        .prefetch_related("attachments")
        .order_by("at", "id")
    )
    return events.filter(is_public=True) if public_only else events


@dataclass(frozen=True)
class Clock:
    band: str
    due_at: datetime | None
    paused: bool


def case_clock(case: Case, now: datetime | None = None) -> Clock:
    """The deadline band; answered and closed cases have no running clock."""
    from chatr.cases.workflow import workflow_for

    workflow = workflow_for(case.kind)
    if case.state in workflow.answered or not workflow.is_open(case.state):
        return Clock(band=DeadlineBand.NONE, due_at=None, paused=False)
    return Clock(
        band=band_for(
            now=now or timezone.now(),
            started_at=case.clock_started_at,
            due_at=case.due_at,
            paused=case.paused_at is not None,
            total_days=case.deadline_days,
        ),
        due_at=case.due_at,
        paused=case.paused_at is not None,
    )


def bad_tracking_code_error() -> ApplicationError:
    return ApplicationError(
        "tracking_code_mistyped",
        _(
            "This tracking code is not valid: a digit is probably mistyped. Check the 12 digits "
            "and try again."
        ),
        fields={"code": _("Check the digits of the tracking code.")},
    )


def case_for_person(
    *, code: str, mobile: str = "", secret: str = "", kind: str | None = None
) -> Case:
    """The person's own case by tracking code + mobile (or the secret of an anonymous report).

    A code with a bad check digit is refused before any query."""
    from chatr.cases.services import secret_matches
    from chatr.core.phone import is_valid_mobile, normalize_mobile

    code = normalize_tracking_code(code)
    if not is_well_formed_tracking_code(code):
        raise bad_tracking_code_error()
    not_found = ApplicationError(
        "case_not_found",
        _("No case matches this tracking code and mobile number (or secret)."),
        status=404,
    )
    cases: Any = Case.objects.filter(tracking_code=code)
    if kind:
        cases = cases.filter(kind=kind)
    case = cases.select_related("org_unit").first()
    if case is None:
        raise not_found
    if secret and secret_matches(case, secret):
        return case
    if (
        mobile
        and is_valid_mobile(mobile)
        and case.contact_mobile
        and (case.contact_mobile == normalize_mobile(mobile))
    ):
        return case
    raise not_found


def case_clocks(cases: list[Case], now: datetime | None = None) -> list[Clock]:
    """Clocks for a page of cases with one holiday query in all (lists must not query per row)."""
    from chatr.cases.deadlines import holidays_between, local_date

    now = now or timezone.now()
    dues = [c.due_at for c in cases if c.due_at is not None]
    holidays: set[Any] = set()
    if dues:
        first = min([local_date(now), *[local_date(d) for d in dues]])
        last = max([local_date(now), *[local_date(d) for d in dues]])
        holidays = holidays_between(first, last)
    return [_clock(case, now, holidays) for case in cases]


def _clock(case: Case, now: datetime, holidays: set[Any]) -> Clock:
    from chatr.cases.workflow import workflow_for

    workflow = workflow_for(case.kind)
    if case.state in workflow.answered or not workflow.is_open(case.state):
        return Clock(band=DeadlineBand.NONE, due_at=None, paused=False)
    return Clock(
        band=band_for(
            now=now,
            started_at=case.clock_started_at,
            due_at=case.due_at,
            paused=case.paused_at is not None,
            total_days=case.deadline_days,
            holidays=holidays,
        ),
        due_at=case.due_at,
        paused=case.paused_at is not None,
    )
