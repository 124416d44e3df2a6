"""Writers of supervision: checklists (HQ), inspections with scores, findings and corrective
actions, and the sanctions ladder up to suspension or revocation.

The ladder: violation established (from a finding) → written notice, 30 working days to fix and
a follow-up visit → first warning, 15 → second warning, 15 → referral to the high supervision
commission → suspension or revocation. Each step needs the previous one and its period elapsed;
a follow-up inspection that finds the violation fixed closes the ladder as remedied instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction
from chatr.audit.services import audit_record
from chatr.cases.deadlines import add_working_days, holidays_between
from chatr.cases.selectors import case_get
from chatr.centers.checklists import SHIPPED_CHECKLISTS
from chatr.centers.choices import CenterStatus, LicenceKind, LicenceStatus, LicenceType
from chatr.centers.models import (
    Center,
    ChecklistItem,
    ChecklistTemplate,
    Finding,
    Inspection,
    InspectionScore,
    Licence,
    SanctionProceeding,
    SanctionStep,
)
from chatr.centers.models.supervision import (
    SANCTION_CLOSED_STEPS,
    InspectionKind,
    InspectionState,
    SanctionStepKind,
    Severity,
)
from chatr.core.errors import ApplicationError, NotFoundError, lazy_message
from chatr.core.jalali import format_date
from chatr.core.text import normalize_persian
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope, scope_for_user
from chatr.org.services import stamp_org_unit

WATCHDOG_CASE_KIND = "watchdog.message"

# The ladder: each step, the one it needs before it, and the working days it gives the center.
LADDER: tuple[SanctionStepKind, ...] = (
    SanctionStepKind.VIOLATION,
    SanctionStepKind.NOTICE,
    SanctionStepKind.FIRST_WARNING,
    SanctionStepKind.SECOND_WARNING,
    SanctionStepKind.COMMISSION,
)
PERIOD_DAYS: dict[str, int] = {
    SanctionStepKind.NOTICE: 30,
    SanctionStepKind.FIRST_WARNING: 15,
    SanctionStepKind.SECOND_WARNING: 15,
}
DECISIONS = (SanctionStepKind.SUSPENDED, SanctionStepKind.REVOKED)


def _invalid(code: str, field_name: str, message: Any, status: int = 400) -> ApplicationError:
    return ApplicationError(code, message, fields={field_name: message}, status=status)


def working_days_after(day: date, days: int) -> date:
    """The `days`-th working day after `day` on the shared calendar (weekends, holidays)."""
    return add_working_days(day, days, holidays_between(day, day + timedelta(days=days * 3 + 30)))


# ---------------------------------------------------------------- checklists


@transaction.atomic
def checklist_templates_install() -> int:
    """Write the shipped checklists for the licence types that have none (idempotent); return
    how many were created. HQ's edits are never overwritten."""
    created = 0
    for shipped in SHIPPED_CHECKLISTS:
        template, made = ChecklistTemplate.objects.get_or_create(
            licence_type=shipped.licence_type,
            defaults={"name_fa": shipped.name_fa, "name_en": shipped.name_en},
        )
        if not made:
            continue
        created += 1
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                template=template, position=n, text_fa=fa, text_en=en, max_score=max_score
            )
            for n, (fa, en, max_score) in enumerate(shipped.items, start=1)
        )
    return created


@dataclass(frozen=True)
class ChecklistItemData:
    text_fa: str
    max_score: int
    text_en: str = ""
    item_id: int | None = None  # an existing item to change; None adds one


@transaction.atomic
def checklist_save(
    *,
    actor: Any,
    scope: Scope,
    licence_type: str,
    name_fa: str,
    name_en: str,
    items: Sequence[ChecklistItemData],
) -> ChecklistTemplate:
    """HQ sets a licence type's checklist ("" = generic): its items in order with their maximum
    scores. Items left out are retired, not deleted: past inspections keep their copies."""
    require(scope, Perm.CENTERS_CHECKLISTS)
    if licence_type and licence_type not in LicenceType.values:
        raise _invalid("licence_type_invalid", "licence_type", _("Choose one of the options."))
    name_fa = normalize_persian(name_fa)
    if not name_fa:
        raise _invalid("name_required", "name_fa", _("Enter the checklist's name."))
    if not items:
        raise _invalid("items_required", "items", _("A checklist needs at least one item."))
    for item in items:
        if not normalize_persian(item.text_fa):
            raise _invalid("item_text_required", "items", _("Every item needs its text."))
        if not 1 <= item.max_score <= 100:
            raise _invalid(
                "item_max_invalid", "items", _("An item's maximum score is from 1 to 100.")
            )
    template, _created = ChecklistTemplate.objects.select_for_update().get_or_create(
        licence_type=licence_type, defaults={"name_fa": name_fa, "name_en": name_en}
    )
    template.name_fa, template.name_en = name_fa, normalize_persian(name_en)
    template.save(update_fields=["name_fa", "name_en", "updated_at"])
    existing = {item.pk: item for item in template.items.all()}
    kept: set[int] = set()
    for position, data in enumerate(items, start=1):
        item = existing.get(data.item_id) if data.item_id else None
        if item is None:
            item = ChecklistItem(template=template)
        item.position = position
        item.text_fa = normalize_persian(data.text_fa)
        item.text_en = normalize_persian(data.text_en)
        item.max_score = data.max_score
        item.is_active = True
        item.save()
        kept.add(item.pk)
    template.items.exclude(pk__in=kept).update(is_active=False)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=template,
        changes={"items": [[i.text_fa, i.max_score] for i in items]},
    )
    return template


def checklist_for(*, licence_type: str) -> ChecklistTemplate:
    """The checklist of a licence type, or the generic one."""
    templates = {
        t.licence_type: t
        for t in ChecklistTemplate.objects.filter(licence_type__in=[licence_type, ""])
    }
    template = templates.get(licence_type) or templates.get("")
    if template is None:
        raise ApplicationError(
            "checklist_missing",
            _("No inspection checklist is set for this type of center. Ask HQ to add one."),
        )
    return template


# ---------------------------------------------------------------- inspections


def _watchdog_code(scope: Scope, code: str) -> str:
    """A watchdog tracking code the actor may see, normalized; "" when none was given."""
    if not code.strip():
        return ""
    try:
        case = case_get(scope=scope, code=code, kind=WATCHDOG_CASE_KIND)
    except NotFoundError as error:
        raise _invalid(
            "watchdog_case_not_found",
            "watchdog_code",
            _("No watchdog message with this tracking code was found in your area."),
        ) from error
    return case.tracking_code


def _check_inspector(center: Center, inspector: Any) -> None:
    if not scope_for_user(inspector).covers_record(center, Perm.CENTERS_INSPECT):
        raise _invalid(
            "inspector_out_of_scope",
            "inspector",
            _("Choose an inspector who covers this center."),
        )


@transaction.atomic
def inspection_plan(
    *,
    actor: Any,
    scope: Scope,
    center: Center,
    planned_on: date,
    inspector: Any,
    kind: str = InspectionKind.PLANNED,
    watchdog_code: str = "",
) -> Inspection:
    """Plan a visit and give it to an inspector; a watchdog complaint about the center opens
    one with its tracking code, and the two stay linked."""
    require(scope, Perm.CENTERS_SANCTION, center)
    if kind not in InspectionKind.values:
        raise _invalid("kind_invalid", "kind", _("Choose one of the options."))
    _check_inspector(center, inspector)
    code = _watchdog_code(scope, watchdog_code)
    if code and kind == InspectionKind.PLANNED:
        kind = InspectionKind.COMPLAINT
    inspection = Inspection(
        center=center,
        kind=kind,
        state=InspectionState.PLANNED,
        planned_on=planned_on,
        inspector=inspector,
        planned_by=actor if getattr(actor, "pk", None) else None,
        watchdog_code=code,
    )
    stamp_org_unit(inspection, center.org_unit)
    inspection.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=inspection,
        changes={"planned_on": planned_on.isoformat(), "watchdog_code": code},
    )
    return inspection


@dataclass(frozen=True)
class FindingData:
    text: str
    severity: str = Severity.MINOR
    corrective_action: str = ""
    due_in_days: int | None = None  # working days on the shared calendar …
    due_on: date | None = None  # … or a date


@dataclass(frozen=True)
class InspectionData:
    kind: str
    visited_on: date
    scores: dict[int, int]  # checklist item id → score
    findings: Sequence[FindingData] = ()
    fixed_finding_ids: Sequence[int] = ()  # open findings this visit found fixed
    summary: str = ""
    watchdog_code: str = ""


def _score_rows(template: ChecklistTemplate, scores: dict[int, int]) -> list[InspectionScore]:
    rows = []
    for item in template.items.filter(is_active=True).order_by("position", "pk"):
        score = scores.get(item.pk)
        field_name = f"item_{item.pk}"
        if score is None:
            raise _invalid(
                "score_missing",
                field_name,
                lazy_message(_("Score the item “%(item)s”."), item=item.text_fa),
            )
        if not 0 <= score <= item.max_score:
            raise _invalid(
                "score_out_of_range",
                field_name,
                lazy_message(_("A score from 0 to %(max)s."), max=item.max_score),
            )
        rows.append(
            InspectionScore(
                item=item,
                position=item.position,
                text_fa=item.text_fa,
                text_en=item.text_en,
                max_score=item.max_score,
                score=score,
            )
        )
    return rows


def _finding_rows(
    center: Center, findings: Sequence[FindingData], visited_on: date
) -> list[Finding]:
    rows = []
    for n, data in enumerate(findings):
        text = normalize_persian(data.text)
        action = normalize_persian(data.corrective_action)
        if not text:
            continue
        prefix = f"findings-{n}-"
        if data.severity not in Severity.values:
            raise _invalid("severity_invalid", f"{prefix}severity", _("Choose one of the options."))
        due_on = data.due_on
        if data.due_in_days is not None:
            if data.due_in_days < 1:
                raise _invalid(
                    "due_days_invalid", f"{prefix}due_in_days", _("At least one working day.")
                )
            due_on = working_days_after(visited_on, data.due_in_days)
        if due_on is not None and not action:
            raise _invalid(
                "corrective_action_required",
                f"{prefix}corrective_action",
                _("Describe the corrective action that is due."),
            )
        if due_on is not None and due_on <= visited_on:
            raise _invalid(
                "due_before_visit", f"{prefix}due_on", _("The due date must be after the visit.")
            )
        finding = Finding(
            center=center,
            text=text,
            severity=data.severity,
            corrective_action=action,
            due_on=due_on,
        )
        stamp_org_unit(finding, center.org_unit)
        rows.append(finding)
    return rows


@transaction.atomic
def inspection_record(
    *,
    actor: Any,
    scope: Scope,
    center: Center,
    data: InspectionData,
    planned: Inspection | None = None,
    today: date | None = None,
) -> Inspection:
    """Record a visit: every active checklist item scored, findings with their corrective
    actions and due dates, and the center's open findings this visit found fixed. Completes a
    planned inspection (only by its inspector, or province staff) or records one at once."""
    require(scope, Perm.CENTERS_INSPECT, center)
    today = today or timezone.localdate()
    if data.kind not in InspectionKind.values:
        raise _invalid("kind_invalid", "kind", _("Choose one of the options."))
    if data.visited_on > today:
        raise _invalid(
            "visit_in_future", "visited_on", _("The visit date cannot be in the future.")
        )
    template = checklist_for(licence_type=center.licence_type)
    scores = _score_rows(template, data.scores)
    findings = _finding_rows(center, data.findings, data.visited_on)
    if planned is not None:
        planned = Inspection.objects.select_for_update().get(pk=planned.pk)
        if planned.center_id != center.pk or planned.state != InspectionState.PLANNED:
            raise ApplicationError(
                "inspection_not_planned", _("This inspection was already recorded."), status=409
            )
        if planned.inspector_id != actor.pk and not scope.covers_record(
            center, Perm.CENTERS_SANCTION
        ):
            raise ApplicationError(
                "inspection_not_yours",
                _("This inspection was given to another inspector."),
                status=403,
            )
        inspection = planned
        code = planned.watchdog_code or _watchdog_code(scope, data.watchdog_code)
    else:
        inspection = Inspection(center=center, inspector=actor)
        stamp_org_unit(inspection, center.org_unit)
        code = _watchdog_code(scope, data.watchdog_code)
    inspection.kind = data.kind
    inspection.state = InspectionState.RECORDED
    inspection.visited_on = data.visited_on
    inspection.template = template
    inspection.watchdog_code = code
    inspection.summary = normalize_persian(data.summary)
    inspection.score = sum(row.score for row in scores)
    inspection.max_score = sum(row.max_score for row in scores)
    inspection.save()
    for row in scores:
        row.inspection = inspection
    InspectionScore.objects.bulk_create(scores)
    for finding in findings:
        finding.inspection = inspection
    Finding.objects.bulk_create(findings)
    fixed = list(
        Finding.objects.select_for_update().filter(
            center=center, pk__in=list(data.fixed_finding_ids), fixed_on__isnull=True
        )
    )
    for finding in fixed:
        finding.fixed_on = data.visited_on
        finding.fixed_in = inspection
        finding.save(update_fields=["fixed_on", "fixed_in", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if planned is None else AuditAction.STATE,
        target=inspection,
        changes={
            "score": [inspection.score, inspection.max_score],
            "findings": len(findings),
            "fixed": [f.pk for f in fixed],
            "watchdog_code": code,
        },
    )
    return inspection


# ---------------------------------------------------------------- sanctions


def _step(
    proceeding: SanctionProceeding,
    kind: str,
    *,
    actor: Any,
    today: date,
    note: str = "",
    inspection: Inspection | None = None,
) -> SanctionStep:
    previous = proceeding.step
    days = PERIOD_DAYS.get(kind)
    proceeding.step = kind
    proceeding.step_on = today
    proceeding.due_on = working_days_after(today, days) if days else None
    if kind in SANCTION_CLOSED_STEPS:
        proceeding.closed_on = today
    proceeding.save(update_fields=["step", "step_on", "due_on", "closed_on", "updated_at"])
    step = SanctionStep.objects.create(
        proceeding=proceeding,
        kind=kind,
        taken_on=today,
        due_on=proceeding.due_on,
        actor=actor if getattr(actor, "pk", None) else None,
        note=normalize_persian(note),
        inspection=inspection,
    )
    audit_record(
        actor=actor,
        action=AuditAction.STATE,
        target=proceeding,
        changes={"step": [previous, kind]},
    )
    return step


@transaction.atomic
def sanction_open(
    *, actor: Any, scope: Scope, finding: Finding, note: str = "", today: date | None = None
) -> SanctionProceeding:
    """Establish a violation from an inspection finding: the ladder's first step."""
    require(scope, Perm.CENTERS_SANCTION, finding)
    today = today or timezone.localdate()
    if finding.fixed_on is not None:
        raise ApplicationError(
            "finding_fixed", _("This finding was already fixed; there is no violation to pursue.")
        )
    proceeding = SanctionProceeding(
        center=finding.center,
        finding=finding,
        step=SanctionStepKind.VIOLATION,
        step_on=today,
    )
    stamp_org_unit(proceeding, finding.center.org_unit)
    try:
        with transaction.atomic():
            proceeding.save()
    except IntegrityError as error:
        raise ApplicationError(
            "sanction_already_open",
            _("A sanctions proceeding is already open for this center; continue that one."),
            status=409,
        ) from error
    SanctionStep.objects.create(
        proceeding=proceeding,
        kind=SanctionStepKind.VIOLATION,
        taken_on=today,
        actor=actor if getattr(actor, "pk", None) else None,
        note=normalize_persian(note),
        inspection=finding.inspection,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=proceeding,
        changes={"finding": finding.pk, "step": SanctionStepKind.VIOLATION},
    )
    return proceeding


def _locked(proceeding: SanctionProceeding) -> SanctionProceeding:
    return (
        SanctionProceeding.objects.select_for_update()
        .select_related("finding", "center__org_unit")
        .get(pk=proceeding.pk)
    )


def _refuse_closed(proceeding: SanctionProceeding) -> None:
    if not proceeding.is_open:
        raise ApplicationError(
            "sanction_closed", _("This sanctions proceeding is closed."), status=409
        )


def _refuse_fixed(proceeding: SanctionProceeding) -> None:
    if proceeding.finding.fixed_on is not None:
        raise ApplicationError(
            "violation_fixed",
            _(
                "A follow-up inspection found the violation fixed: close the proceeding as "
                "remedied instead."
            ),
            status=409,
        )


@transaction.atomic
def sanction_advance(
    *,
    actor: Any,
    scope: Scope,
    proceeding: SanctionProceeding,
    step: str,
    note: str = "",
    today: date | None = None,
) -> SanctionProceeding:
    """Take the next rung: written notice, first warning, second warning, or referral to the
    high supervision commission. Refused unless the previous step was taken and its period has
    ended (the period is the center's time to fix the violation)."""
    require(scope, Perm.CENTERS_SANCTION, proceeding)
    today = today or timezone.localdate()
    proceeding = _locked(proceeding)
    _refuse_closed(proceeding)
    if step not in LADDER[1:]:
        raise _invalid("step_invalid", "step", _("Choose one of the options."))
    needed = LADDER[LADDER.index(SanctionStepKind(step)) - 1]
    if proceeding.step != needed:
        raise _invalid(
            "previous_step_missing",
            "step",
            lazy_message(
                _("“%(step)s” needs the previous step, “%(previous)s”, first."),
                step=SanctionStepKind(step).label,
                previous=needed.label,
            ),
            status=409,
        )
    _refuse_fixed(proceeding)
    if proceeding.due_on is not None and today <= proceeding.due_on:
        raise _invalid(
            "period_not_elapsed",
            "step",
            lazy_message(
                _(
                    "The center has until %(date)s to fix the violation (“%(previous)s”); "
                    "the next step can be taken after that day."
                ),
                date=_jalali(proceeding.due_on),
                previous=needed.label,
            ),
            status=409,
        )
    _step(proceeding, step, actor=actor, today=today, note=note)
    return proceeding


def _jalali(day: date) -> Any:
    """The date in the language active when the message is shown (Jalali in Persian)."""
    return lazy(lambda: format_date(day, style="short"), str)()


@transaction.atomic
def sanction_decide(
    *,
    actor: Any,
    scope: Scope,
    proceeding: SanctionProceeding,
    decision: str,
    note: str = "",
    today: date | None = None,
) -> SanctionProceeding:
    """Record the high supervision commission's decision: suspend or revoke. The center's
    current activity licence and the center itself take that status together, so
    `center_has_valid_licence` stops counting days from today."""
    require(scope, Perm.CENTERS_SANCTION_DECIDE, proceeding)
    today = today or timezone.localdate()
    proceeding = _locked(proceeding)
    _refuse_closed(proceeding)
    if decision not in DECISIONS:
        raise _invalid("decision_invalid", "decision", _("Choose one of the options."))
    if proceeding.step != SanctionStepKind.COMMISSION:
        raise _invalid(
            "previous_step_missing",
            "decision",
            lazy_message(
                _("“%(step)s” needs the previous step, “%(previous)s”, first."),
                step=SanctionStepKind(decision).label,
                previous=SanctionStepKind.COMMISSION.label,
            ),
            status=409,
        )
    center = (
        Center.objects.select_for_update().select_related("org_unit").get(pk=proceeding.center_id)
    )
    licence_status = (
        LicenceStatus.SUSPENDED if decision == SanctionStepKind.SUSPENDED else LicenceStatus.REVOKED
    )
    center_status = (
        CenterStatus.SUSPENDED if decision == SanctionStepKind.SUSPENDED else CenterStatus.REVOKED
    )
    licence = (
        Licence.objects.select_for_update()
        .filter(
            center=center,
            kind=LicenceKind.ACTIVITY_LICENCE,
            is_current=True,
            status=LicenceStatus.VALID,
        )
        .first()
    )
    if licence is not None:
        licence.status = licence_status
        licence.status_changed_on = today
        licence.save(update_fields=["status", "status_changed_on", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.STATE,
            target=licence,
            changes={"status": [LicenceStatus.VALID, licence_status], "sanction": proceeding.pk},
        )
    before = center.status
    center.status = center_status
    center.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.STATE,
        target=center,
        changes={"status": [before, center_status], "sanction": proceeding.pk},
    )
    _step(proceeding, decision, actor=actor, today=today, note=note)
    return proceeding


@transaction.atomic
def sanction_close_remedied(
    *,
    actor: Any,
    scope: Scope,
    proceeding: SanctionProceeding,
    note: str = "",
    today: date | None = None,
) -> SanctionProceeding:
    """Close the ladder because a follow-up inspection found the violation fixed."""
    require(scope, Perm.CENTERS_SANCTION, proceeding)
    today = today or timezone.localdate()
    proceeding = _locked(proceeding)
    _refuse_closed(proceeding)
    finding = proceeding.finding
    if finding.fixed_on is None or finding.fixed_in_id is None:
        raise ApplicationError(
            "violation_not_fixed",
            _(
                "No follow-up inspection has found the violation fixed yet. Record a follow-up "
                "visit and tick the finding as fixed."
            ),
            status=409,
        )
    _step(
        proceeding,
        SanctionStepKind.REMEDIED,
        actor=actor,
        today=today,
        note=note,
        inspection=finding.fixed_in,
    )
    return proceeding


__all__ = [
    "LADDER",
    "PERIOD_DAYS",
    "ChecklistItemData",
    "FindingData",
    "InspectionData",
    "checklist_for",
    "checklist_save",
    "checklist_templates_install",
    "inspection_plan",
    "inspection_record",
    "sanction_advance",
    "sanction_close_remedied",
    "sanction_decide",
    "sanction_open",
    "working_days_after",
]
