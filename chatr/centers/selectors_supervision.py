"""Reads of supervision: inspections, corrective actions due, sanctions proceedings. Every one
starts from the reader's Scope; a record out of scope is "not found", like a missing one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, ExpressionWrapper, F, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chatr.cases.related import RelatedRecord
from chatr.centers.models import (
    Center,
    ChecklistTemplate,
    Finding,
    Inspection,
    SanctionProceeding,
    SanctionStep,
)
from chatr.centers.models.supervision import InspectionState, SanctionStepKind
from chatr.centers.services_supervision import LADDER, PERIOD_DAYS
from chatr.core.errors import NotFoundError
from chatr.org.models import Membership
from chatr.org.roles import ROLE_PERMISSIONS, Perm
from chatr.org.scope import Scope

# ---------------------------------------------------------------- inspections


def inspections_visible(*, scope: Scope) -> QuerySet[Inspection]:
    return Inspection.objects.visible_to(scope, Perm.CENTERS_VIEW)


def _with_center(inspections: QuerySet[Inspection]) -> QuerySet[Inspection]:
    return inspections.select_related(
        "center__org_unit", "center__scope_province", "center__scope_county", "inspector"
    )


def inspection_list(
    *,
    scope: Scope,
    inspector_id: int | None = None,
    center: Center | None = None,
    state: str = "",
) -> QuerySet[Inspection]:
    """Inspections in scope, planned ones first (by date), then recorded, newest first."""
    inspections = inspections_visible(scope=scope)
    if inspector_id is not None:
        inspections = inspections.filter(inspector_id=inspector_id)
    if center is not None:
        inspections = inspections.filter(center=center)
    if state:
        inspections = inspections.filter(state=state)
    return _with_center(inspections).order_by("-state", "planned_on", "-visited_on", "-pk")


def inspection_get(*, scope: Scope, inspection_id: int) -> Inspection:
    inspection = (
        _with_center(inspections_visible(scope=scope))
        .select_related("template", "planned_by")
        .prefetch_related("scores", "findings__fixed_in", "fixed_findings")
        .filter(pk=inspection_id)
        .first()
    )
    if inspection is None:
        raise NotFoundError()
    return inspection


def open_findings(*, center: Center) -> QuerySet[Finding]:
    """A center's findings not yet found fixed (what a follow-up visit checks)."""
    return (
        Finding.objects.filter(center=center, fixed_on__isnull=True)
        .select_related("inspection")
        .order_by("due_on", "pk")
    )


def corrective_actions_due(
    *, scope: Scope, inspector_id: int | None = None, today: date | None = None
) -> QuerySet[Finding]:
    """Open corrective actions with a due date, soonest first, each with `is_overdue`. For an
    inspector, those of the centers they inspected."""
    today = today or timezone.localdate()
    findings = Finding.objects.visible_to(scope, Perm.CENTERS_VIEW).filter(
        fixed_on__isnull=True, due_on__isnull=False
    )
    if inspector_id is not None:
        findings = findings.filter(inspection__inspector_id=inspector_id)
    return (
        findings.select_related("center__org_unit", "inspection")
        .annotate(is_overdue=ExpressionWrapper(Q(due_on__lt=today), output_field=BooleanField()))
        .order_by("due_on", "pk")
    )


def checklist_get(*, licence_type: str) -> ChecklistTemplate | None:
    """A licence type's own checklist ("" = generic), with its active items."""
    return (
        ChecklistTemplate.objects.filter(licence_type=licence_type)
        .prefetch_related("items")
        .first()
    )


def checklist_list() -> QuerySet[ChecklistTemplate]:
    return ChecklistTemplate.objects.order_by("licence_type")


def inspectors_for(*, center: Center) -> QuerySet[Any]:
    """Users who may record inspections at this center (inspectors and province staff)."""
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if Perm.CENTERS_INSPECT in perms]
    path = center.org_unit.path
    units = [path[:n] for n in range(1, len(path) + 1)]
    user_ids = Membership.objects.filter(
        role__in=roles, org_unit__path__in=units, org_unit__is_active=True
    ).values("user_id")
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("username")


# ---------------------------------------------------------------- sanctions


def sanctions_visible(*, scope: Scope) -> QuerySet[SanctionProceeding]:
    return SanctionProceeding.objects.visible_to(scope, Perm.CENTERS_VIEW)


def _steps() -> Prefetch:
    """A proceeding's steps with who took each, in one query (not one more for the actors)."""
    return Prefetch("steps", queryset=SanctionStep.objects.select_related("actor"))


def sanction_list(*, scope: Scope, center: Center) -> QuerySet[SanctionProceeding]:
    """A center's proceedings, open first then newest, with their steps."""
    return (
        sanctions_visible(scope=scope)
        .filter(center=center)
        .select_related("finding__inspection")
        .prefetch_related(_steps())
        .order_by(F("closed_on").desc(nulls_first=True), "-step_on", "-pk")
    )


def sanction_get(*, scope: Scope, proceeding_id: int) -> SanctionProceeding:
    proceeding = (
        sanctions_visible(scope=scope)
        .select_related("center__org_unit", "finding__inspection")
        .prefetch_related(_steps())
        .filter(pk=proceeding_id)
        .first()
    )
    if proceeding is None:
        raise NotFoundError()
    return proceeding


@dataclass(frozen=True)
class LadderStatus:
    """Where an open proceeding stands: the next step and from when it may be taken."""

    next_step: str  # "" when the commission decides next (or the proceeding is closed)
    next_step_label: str
    allowed_from: date | None  # the day after the current period ends
    waiting: bool  # the period is still running
    fixed: bool  # a follow-up found the violation fixed: close as remedied


def ladder_status(proceeding: SanctionProceeding, today: date | None = None) -> LadderStatus:
    today = today or timezone.localdate()
    fixed = proceeding.finding.fixed_on is not None
    if not proceeding.is_open or proceeding.step == SanctionStepKind.COMMISSION:
        return LadderStatus("", "", None, False, fixed)
    index = LADDER.index(SanctionStepKind(proceeding.step))
    next_step = LADDER[index + 1]
    allowed_from = (
        date.fromordinal(proceeding.due_on.toordinal() + 1) if proceeding.due_on else None
    )
    return LadderStatus(
        next_step=next_step,
        next_step_label=str(next_step.label),
        allowed_from=allowed_from,
        waiting=allowed_from is not None and today < allowed_from,
        fixed=fixed,
    )


def ladder_steps() -> list[dict[str, Any]]:
    """The ladder as the sanctions page explains it: each step and its period."""
    return [
        {"kind": step.value, "label": step.label, "days": PERIOD_DAYS.get(step)} for step in LADDER
    ]


# ---------------------------------------------------------------- for other pages


@dataclass(frozen=True)
class CenterSupervision:
    """What the staff center page shows of supervision."""

    inspections: list[Inspection]
    open_proceeding: SanctionProceeding | None
    overdue_actions: int
    open_actions: int


def center_supervision(
    *, scope: Scope, center: Center, today: date | None = None
) -> CenterSupervision:
    today = today or timezone.localdate()
    inspections = list(inspection_list(scope=scope, center=center)[:5])
    proceeding = (
        sanctions_visible(scope=scope).filter(center=center, closed_on__isnull=True).first()
    )
    actions = Finding.objects.visible_to(scope, Perm.CENTERS_VIEW).filter(
        center=center, fixed_on__isnull=True, due_on__isnull=False
    )
    return CenterSupervision(
        inspections=inspections,
        open_proceeding=proceeding,
        overdue_actions=actions.filter(due_on__lt=today).count(),
        open_actions=actions.count(),
    )


def inspections_for_case(*, case: Any, scope: Scope) -> list[RelatedRecord]:
    """cases.related provider: inspections opened on a watchdog message, as the message's staff
    page lists them (only those the reader may see)."""
    inspections = (
        inspections_visible(scope=scope)
        .filter(watchdog_code=case.tracking_code)
        .select_related("center__org_unit")
        .order_by("pk")
    )
    records = []
    for inspection in inspections:
        day = inspection.visited_on or inspection.planned_on
        records.append(
            RelatedRecord(
                kind_label=_("Inspection"),
                title=inspection.center.org_unit.name,
                url=reverse("centers:supervision:inspection", args=[inspection.pk]),
                detail=f"{InspectionState(inspection.state).label}"
                + (f" — {_format_day(day)}" if day else ""),
            )
        )
    return records


def _format_day(day: date) -> str:
    from chatr.core.jalali import format_date

    return format_date(day, style="short")
