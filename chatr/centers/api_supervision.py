"""/api/v1/centers/supervision: inspections (list, one, plan, record), corrective actions due,
checklists, and the sanctions ladder of a center. Staff only (token or session); thin adapters
over services_supervision and selectors_supervision; out of scope is "not found"."""

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from chatr.api.base import ErrorOut, Pagination, staff_auth
from chatr.centers import services_supervision as services
from chatr.centers.models import Finding, Inspection, SanctionProceeding
from chatr.centers.selectors import center_get
from chatr.centers.selectors_supervision import (
    corrective_actions_due,
    inspection_get,
    inspection_list,
    inspectors_for,
    ladder_status,
    open_findings,
    sanction_get,
    sanction_list,
)
from chatr.core.errors import ApplicationError
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import request_scope

router = Router(tags=["centers: supervision"], auth=staff_auth)

ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


# ---------------------------------------------------------------- schemas


class ScoreOut(Schema):
    position: int
    text_fa: str
    text_en: str
    max_score: int
    score: int


class FindingOut(Schema):
    id: int
    inspection_id: int
    center_id: int
    text: str
    severity: str
    corrective_action: str
    due_on: date | None
    fixed_on: date | None
    is_overdue: bool

    @staticmethod
    def resolve_is_overdue(obj: Finding) -> bool:
        return bool(obj.due_on and not obj.fixed_on and obj.due_on < timezone.localdate())


class InspectionOut(Schema):
    id: int
    center_id: int
    center_name: str
    kind: str
    state: str
    planned_on: date | None
    visited_on: date | None
    inspector: str
    watchdog_code: str
    score: int | None
    max_score: int | None
    percent: int | None

    @staticmethod
    def resolve_center_name(obj: Inspection) -> str:
        return obj.center.org_unit.name

    @staticmethod
    def resolve_inspector(obj: Inspection) -> str:
        return str(obj.inspector.username)


class InspectionDetailOut(InspectionOut):
    summary: str
    scores: list[ScoreOut]
    findings: list[FindingOut]

    @staticmethod
    def resolve_scores(obj: Inspection) -> list[object]:
        return list(obj.scores.all())

    @staticmethod
    def resolve_findings(obj: Inspection) -> list[object]:
        return list(obj.findings.all())


class InspectionQuery(Schema):
    mine: bool = False
    center: int | None = None
    state: str = ""


class FindingIn(Schema):
    text: str
    severity: str = "minor"
    corrective_action: str = ""
    due_in_days: int | None = None
    due_on: date | None = None


class InspectionIn(Schema):
    kind: str
    visited_on: date
    scores: dict[int, int]  # checklist item id → score
    findings: list[FindingIn] = []
    fixed_finding_ids: list[int] = []
    summary: str = ""
    watchdog_code: str = ""
    planned_inspection_id: int | None = None


class PlanIn(Schema):
    planned_on: date
    inspector: str  # username
    kind: str = "planned"
    watchdog_code: str = ""


class StepOut(Schema):
    kind: str
    taken_on: date
    due_on: date | None
    note: str


class ProceedingOut(Schema):
    id: int
    center_id: int
    finding_id: int
    step: str
    step_on: date
    due_on: date | None
    closed_on: date | None
    next_step: str
    next_step_allowed_from: date | None
    steps: list[StepOut]

    @staticmethod
    def resolve_next_step(obj: SanctionProceeding) -> str:
        return ladder_status(obj).next_step

    @staticmethod
    def resolve_next_step_allowed_from(obj: SanctionProceeding) -> date | None:
        return ladder_status(obj).allowed_from

    @staticmethod
    def resolve_steps(obj: SanctionProceeding) -> list[object]:
        return list(obj.steps.all())


class SanctionOpenIn(Schema):
    finding_id: int
    note: str = ""


class SanctionStepIn(Schema):
    step: str
    note: str = ""


class SanctionDecisionIn(Schema):
    decision: str  # "suspended" or "revoked"
    note: str = ""


class NoteIn(Schema):
    note: str = ""


class ChecklistItemOut(Schema):
    id: int
    position: int
    text_fa: str
    text_en: str
    max_score: int


class ChecklistOut(Schema):
    licence_type: str
    name_fa: str
    name_en: str
    items: list[ChecklistItemOut]

    @staticmethod
    def resolve_items(obj: object) -> list[object]:
        return [i for i in obj.items.all() if i.is_active]  # type: ignore[attr-defined]


# ---------------------------------------------------------------- inspections


@router.get("/inspections/", response=list[InspectionOut], summary="Inspections in scope")
@paginate(Pagination)
def list_inspections(request: HttpRequest, filters: Query[InspectionQuery]):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    require(scope, Perm.CENTERS_VIEW)
    center = center_get(scope=scope, center_id=filters.center) if filters.center else None
    return inspection_list(
        scope=scope,
        inspector_id=request.user.pk if filters.mine else None,
        center=center,
        state=filters.state,
    )


@router.get(
    "/inspections/{inspection_id}",
    response={200: InspectionDetailOut, **ERRORS},
    summary="One inspection with its scores and findings",
)
def get_inspection(request: HttpRequest, inspection_id: int):  # type: ignore[no-untyped-def]
    return inspection_get(scope=request_scope(request), inspection_id=inspection_id)


@router.get(
    "/corrective-actions/",
    response=list[FindingOut],
    summary="Open corrective actions with a due date, soonest first",
)
@paginate(Pagination)
def list_corrective_actions(request: HttpRequest, mine: bool = False):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    require(scope, Perm.CENTERS_VIEW)
    return corrective_actions_due(scope=scope, inspector_id=request.user.pk if mine else None)


@router.get(
    "/checklists/{licence_type}",
    response={200: ChecklistOut, **ERRORS},
    summary="The checklist a center of this type is inspected with (or the generic one)",
)
def get_checklist(request: HttpRequest, licence_type: str):  # type: ignore[no-untyped-def]
    require(request_scope(request), Perm.CENTERS_VIEW)
    return services.checklist_for(licence_type=licence_type)


@router.post(
    "/centers/{center_id}/inspections",
    response={201: InspectionDetailOut, **ERRORS},
    summary="Record an inspection (or complete a planned one)",
)
def record_inspection(request: HttpRequest, center_id: int, payload: InspectionIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    center = center_get(scope=scope, center_id=center_id)
    planned = None
    if payload.planned_inspection_id is not None:
        planned = inspection_get(scope=scope, inspection_id=payload.planned_inspection_id)
    inspection = services.inspection_record(
        actor=request.user,
        scope=scope,
        center=center,
        planned=planned,
        data=services.InspectionData(
            kind=payload.kind,
            visited_on=payload.visited_on,
            scores=dict(payload.scores),
            findings=[services.FindingData(**f.dict()) for f in payload.findings],
            fixed_finding_ids=payload.fixed_finding_ids,
            summary=payload.summary,
            watchdog_code=payload.watchdog_code,
        ),
    )
    return Status(201, inspection_get(scope=scope, inspection_id=inspection.pk))


@router.post(
    "/centers/{center_id}/inspections/planned",
    response={201: InspectionOut, **ERRORS},
    summary="Plan an inspection for an inspector (optionally on a watchdog message)",
)
def plan_inspection(request: HttpRequest, center_id: int, payload: PlanIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    center = center_get(scope=scope, center_id=center_id)
    # The same choice the page offers: inspectors who cover this center.
    inspector = inspectors_for(center=center).filter(username=payload.inspector).first()
    if inspector is None:
        raise ApplicationError(
            "inspector_unknown",
            _("No such inspector."),
            fields={"inspector": _("No such inspector.")},
        )
    inspection = services.inspection_plan(
        actor=request.user,
        scope=scope,
        center=center,
        planned_on=payload.planned_on,
        inspector=inspector,
        kind=payload.kind,
        watchdog_code=payload.watchdog_code,
    )
    return Status(201, inspection_get(scope=scope, inspection_id=inspection.pk))


# ---------------------------------------------------------------- sanctions


@router.get(
    "/centers/{center_id}/sanctions",
    response={200: list[ProceedingOut], **ERRORS},
    summary="A center's sanctions proceedings, open first, with their steps",
)
def list_sanctions(request: HttpRequest, center_id: int):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    center = center_get(scope=scope, center_id=center_id)
    return list(sanction_list(scope=scope, center=center))


@router.post(
    "/centers/{center_id}/sanctions",
    response={201: ProceedingOut, **ERRORS},
    summary="Establish a violation from a finding (the ladder's first step)",
)
def open_sanction(request: HttpRequest, center_id: int, payload: SanctionOpenIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    center = center_get(scope=scope, center_id=center_id)
    # The same choice the page offers: the center's findings not yet found fixed.
    finding = open_findings(center=center).filter(pk=payload.finding_id).first()
    if finding is None:
        raise ApplicationError(
            "finding_unknown",
            _("No such finding at this center."),
            fields={"finding_id": _("No such finding at this center.")},
        )
    proceeding = services.sanction_open(
        actor=request.user, scope=scope, finding=finding, note=payload.note
    )
    return Status(201, sanction_get(scope=scope, proceeding_id=proceeding.pk))


@router.post(
    "/sanctions/{proceeding_id}/steps",
    response={200: ProceedingOut, **ERRORS},
    summary="Take the next step (notice, first/second warning, commission)",
)
def advance_sanction(request: HttpRequest, proceeding_id: int, payload: SanctionStepIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    proceeding = sanction_get(scope=scope, proceeding_id=proceeding_id)
    services.sanction_advance(
        actor=request.user, scope=scope, proceeding=proceeding, step=payload.step, note=payload.note
    )
    return sanction_get(scope=scope, proceeding_id=proceeding_id)


@router.post(
    "/sanctions/{proceeding_id}/decision",
    response={200: ProceedingOut, **ERRORS},
    summary="Record the high supervision commission's decision (suspend or revoke)",
)
def decide_sanction(request: HttpRequest, proceeding_id: int, payload: SanctionDecisionIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    proceeding = sanction_get(scope=scope, proceeding_id=proceeding_id)
    services.sanction_decide(
        actor=request.user,
        scope=scope,
        proceeding=proceeding,
        decision=payload.decision,
        note=payload.note,
    )
    return sanction_get(scope=scope, proceeding_id=proceeding_id)


@router.post(
    "/sanctions/{proceeding_id}/remedied",
    response={200: ProceedingOut, **ERRORS},
    summary="Close the ladder: a follow-up inspection found the violation fixed",
)
def remedied_sanction(request: HttpRequest, proceeding_id: int, payload: NoteIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    proceeding = sanction_get(scope=scope, proceeding_id=proceeding_id)
    services.sanction_close_remedied(
        actor=request.user, scope=scope, proceeding=proceeding, note=payload.note
    )
    return sanction_get(scope=scope, proceeding_id=proceeding_id)
