"""/api/v1/pensions/: thin adapters over the pensions services and selectors.

Staff endpoints (tokens or the staff session) for programs, payment cycles and entitlements,
scoped like the pages: entitlements outside the caller's scope are "not found". Citizens read
their own payments at /my/payments with their browser session. Shebas are masked except in the
bank file; national codes never travel in a URL.
"""

from datetime import datetime
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from chatr.api.base import ErrorOut, Pagination, citizen_auth, staff_auth
from chatr.core.errors import NotFoundError
from chatr.org.roles import Perm
from chatr.org.scope import request_scope
from chatr.pensions import services
from chatr.pensions.conditions import reason_labels
from chatr.pensions.models import (
    CycleState,
    Entitlement,
    EntitlementKind,
    EntitlementStatus,
    PaymentCycle,
    Program,
)
from chatr.pensions.selectors import (
    SESSION_NATIONAL_CODE,
    citizen_payments,
    cycle_get,
    cycle_totals,
    cycles_list,
    entitlement_get,
    entitlement_list,
    mask_sheba,
    program_get,
    programs_list,
)
from chatr.registry.selectors import person_for_citizen

router = Router(tags=["pensions"])

ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


# ---------------------------------------------------------------- schemas


class RuleOut(Schema):
    year: int
    base_amount: int
    per_member_amount: int
    max_extra_members: int
    very_severe_amount: int
    severe_amount: int
    moderate_amount: int
    mild_amount: int


class ProgramOut(Schema):
    id: int
    code: str
    name_fa: str
    name_en: str
    sub_groups: list[str]
    conditions: list[str]
    is_active: bool
    rules: list[RuleOut]

    @staticmethod
    def resolve_rules(obj: Program) -> list[Any]:
        return list(obj.rules.order_by("-year"))


class CycleOut(Schema):
    id: int
    program: str
    program_name: str
    year: int
    month: int
    period: int
    state: str
    state_label: str
    opened_by: str
    prepared_by: str | None
    prepared_at: datetime | None
    approved_by: str | None
    approved_at: datetime | None
    exported_at: datetime | None
    reconciled_at: datetime | None

    @staticmethod
    def resolve_program(obj: PaymentCycle) -> str:
        return obj.program.code

    @staticmethod
    def resolve_program_name(obj: PaymentCycle) -> str:
        return obj.program.name

    @staticmethod
    def resolve_state_label(obj: PaymentCycle) -> str:
        return str(CycleState(obj.state).label)

    @staticmethod
    def resolve_opened_by(obj: PaymentCycle) -> str:
        return obj.opened_by.username

    @staticmethod
    def resolve_prepared_by(obj: PaymentCycle) -> str | None:
        return obj.prepared_by.username if obj.prepared_by else None

    @staticmethod
    def resolve_approved_by(obj: PaymentCycle) -> str | None:
        return obj.approved_by.username if obj.approved_by else None


class TotalsOut(Schema):
    province: str | None
    province_name: str | None
    rows: int
    payable_count: int
    payable_amount: int
    exception_count: int
    paid_count: int
    paid_amount: int
    failed_count: int
    failed_amount: int


class CycleDetailOut(Schema):
    cycle: CycleOut
    totals: list[TotalsOut]
    total: TotalsOut


class CycleOpenIn(Schema):
    program_id: int
    year: int
    month: int


class ComputeOut(Schema):
    created: int
    cycle: CycleOut


class MonthComputeOut(Schema):
    year: int
    month: int
    created: int
    cycles: list[CycleOut]


class ImportOut(Schema):
    paid: int
    failed: int
    unchanged: int


class EntitlementOut(Schema):
    id: int
    cycle_id: int
    program: str
    year: int
    month: int
    kind: str
    amount: int
    status: str
    status_label: str
    reason: str
    reason_label: str
    bank_message: str
    sheba_masked: str
    payee_name: str
    county: str
    reference: str
    reissue_of_id: int | None
    facts: dict[str, Any]

    @staticmethod
    def resolve_program(obj: Entitlement) -> str:
        return obj.cycle.program.code

    @staticmethod
    def resolve_status_label(obj: Entitlement) -> str:
        return str(EntitlementStatus(obj.status).label)

    @staticmethod
    def resolve_reason_label(obj: Entitlement) -> str:
        label = reason_labels().get(obj.reason)
        return str(label) if label else obj.bank_message or obj.reason

    @staticmethod
    def resolve_sheba_masked(obj: Entitlement) -> str:
        return mask_sheba(obj.sheba)

    @staticmethod
    def resolve_county(obj: Entitlement) -> str:
        return obj.org_unit.code


class EntitlementQuery(Schema):
    cycle_id: int | None = None
    status: EntitlementStatus | None = None


class PaymentOut(Schema):
    """One payment as the citizen sees it."""

    id: int
    program: str
    program_name: str
    year: int
    month: int
    month_name: str
    amount: int
    status: str
    status_label: str
    reason_label: str
    kind: str
    kind_label: str
    sheba_masked: str
    paid_at: datetime | None


class CitizenIn(Schema):
    national_code: str | None = None


# ---------------------------------------------------------------- presentation


def _totals(unit_totals: Any) -> dict[str, Any]:
    unit = unit_totals.unit
    return {
        "province": unit.code if unit else None,
        "province_name": unit.name if unit else None,
        "rows": unit_totals.count,
        "payable_count": unit_totals.payable.count,
        "payable_amount": unit_totals.payable.amount,
        "exception_count": unit_totals.exception.count,
        "paid_count": unit_totals.paid.count,
        "paid_amount": unit_totals.paid.amount,
        "failed_count": unit_totals.failed.count,
        "failed_amount": unit_totals.failed.amount,
    }


def _cycle_detail(request: HttpRequest, cycle: PaymentCycle) -> dict[str, Any]:
    totals = cycle_totals(scope=request_scope(request), cycle=cycle)
    return {
        "cycle": cycle,
        "totals": [_totals(t) for t in totals.provinces],
        "total": _totals(totals.total),
    }


def _payment(entitlement: Entitlement) -> dict[str, Any]:
    label = reason_labels().get(entitlement.reason)
    return {
        "id": entitlement.pk,
        "program": entitlement.cycle.program.code,
        "program_name": entitlement.cycle.program.name,
        "year": entitlement.year,
        "month": entitlement.month,
        "month_name": entitlement.month_name,
        "amount": entitlement.amount,
        "status": entitlement.status,
        "status_label": str(EntitlementStatus(entitlement.status).label),
        "reason_label": str(label) if label else entitlement.bank_message,
        "kind": entitlement.kind,
        "kind_label": str(EntitlementKind(entitlement.kind).label),
        "sheba_masked": mask_sheba(entitlement.sheba),
        "paid_at": entitlement.result_at if entitlement.status == "paid" else None,
    }


def _citizen_person(request: HttpRequest, national_code: str | None = None) -> Any:
    chosen = national_code or request.session.get(SESSION_NATIONAL_CODE)
    return person_for_citizen(user=request.user, national_code=chosen)


# ---------------------------------------------------------------- staff endpoints


@router.get(
    "/programs", response=list[ProgramOut], auth=staff_auth, summary="Programs and their rules"
)
def list_programs(request: HttpRequest):  # type: ignore[no-untyped-def]
    return list(programs_list(scope=request_scope(request)).prefetch_related("rules"))


@router.get(
    "/programs/{program_id}",
    response={200: ProgramOut, **ERRORS},
    auth=staff_auth,
    summary="One program with its benefit rules per Jalali year",
)
def get_program(request: HttpRequest, program_id: int):  # type: ignore[no-untyped-def]
    return program_get(scope=request_scope(request), program_id=program_id)


@router.get("/cycles", response=list[CycleOut], auth=staff_auth, summary="Payment cycles")
@paginate(Pagination)
def list_cycles(request: HttpRequest):  # type: ignore[no-untyped-def]
    return cycles_list(scope=request_scope(request)).select_related("opened_by")


@router.get(
    "/cycles/{cycle_id}",
    response={200: CycleDetailOut, **ERRORS},
    auth=staff_auth,
    summary="One cycle with its totals per province (of the caller's scope)",
)
def get_cycle(request: HttpRequest, cycle_id: int):  # type: ignore[no-untyped-def]
    return _cycle_detail(request, cycle_get(scope=request_scope(request), cycle_id=cycle_id))


@router.post(
    "/cycles",
    response={200: CycleOut, **ERRORS},
    auth=staff_auth,
    summary="Open the cycle of a program for a Jalali month (HQ finance; idempotent)",
)
def open_cycle(request: HttpRequest, payload: CycleOpenIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    program = program_get(scope=scope, program_id=payload.program_id)
    return services.cycle_open(
        actor=request.user, scope=scope, program=program, year=payload.year, month=payload.month
    )


@router.post(
    "/cycles/{cycle_id}/compute",
    response={200: ComputeOut, **ERRORS},
    auth=staff_auth,
    summary="Compute the entitlements (again: nothing changes)",
)
def compute_cycle(request: HttpRequest, cycle_id: int):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    cycle = cycle_get(scope=scope, cycle_id=cycle_id)
    created = services.cycle_compute(actor=request.user, scope=scope, cycle=cycle)
    return {"created": created, "cycle": cycle_get(scope=scope, cycle_id=cycle_id)}


@router.post(
    "/months/{year}/{month}/compute",
    response={200: MonthComputeOut, **ERRORS},
    auth=staff_auth,
    summary="Compute every open cycle of a Jalali month in one pass (again: nothing changes)",
)
def compute_month(request: HttpRequest, year: int, month: int):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    created = services.month_compute(actor=request.user, scope=scope, year=year, month=month)
    cycles = cycles_list(scope=scope).filter(year=year, month=month).select_related("opened_by")
    return {"year": year, "month": month, "created": created, "cycles": list(cycles)}


@router.post(
    "/cycles/{cycle_id}/approve",
    response={200: CycleOut, **ERRORS},
    auth=staff_auth,
    summary="Approve a computed cycle (never the person who prepared it)",
)
def approve_cycle(request: HttpRequest, cycle_id: int):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    cycle = cycle_get(scope=scope, cycle_id=cycle_id)
    services.cycle_approve(actor=request.user, scope=scope, cycle=cycle)
    return cycle_get(scope=scope, cycle_id=cycle_id)


@router.get(
    "/cycles/{cycle_id}/bank-file",
    response={200: None, **ERRORS},
    auth=staff_auth,
    summary="The bank transfer file (CSV, streamed; the same file every time)",
)
def bank_file(request: HttpRequest, cycle_id: int):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    cycle = cycle_get(scope=scope, cycle_id=cycle_id)
    lines = services.cycle_export(actor=request.user, scope=scope, cycle=cycle)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{services.bank_file_name(cycle)}"'
    return response


@router.post(
    "/cycles/{cycle_id}/results",
    response={200: ImportOut, **ERRORS},
    auth=staff_auth,
    summary="Import the bank's result file (all or nothing; the same file again changes nothing)",
)
def import_results(  # type: ignore[no-untyped-def]
    request: HttpRequest, cycle_id: int, results: File[UploadedFile]
):
    scope = request_scope(request)
    cycle = cycle_get(scope=scope, cycle_id=cycle_id)
    report = services.cycle_import_results(
        actor=request.user, scope=scope, cycle=cycle, content=results.read()
    )
    return {"paid": report.paid, "failed": report.failed, "unchanged": report.unchanged}


@router.post(
    "/cycles/{cycle_id}/reconcile",
    response={200: CycleOut, **ERRORS},
    auth=staff_auth,
    summary="Close a cycle whose transfers all have a result",
)
def reconcile_cycle(request: HttpRequest, cycle_id: int):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    cycle = cycle_get(scope=scope, cycle_id=cycle_id)
    services.cycle_reconcile(actor=request.user, scope=scope, cycle=cycle)
    return cycle_get(scope=scope, cycle_id=cycle_id)


@router.get(
    "/entitlements",
    response=list[EntitlementOut],
    auth=staff_auth,
    summary="Entitlements in the caller's scope",
)
@paginate(Pagination)
def list_entitlements(  # type: ignore[no-untyped-def]
    request: HttpRequest, filters: Query[EntitlementQuery]
):
    scope = request_scope(request)
    cycle = cycle_get(scope=scope, cycle_id=filters.cycle_id) if filters.cycle_id else None
    return entitlement_list(scope=scope, cycle=cycle, status=filters.status)


@router.get(
    "/entitlements/{entitlement_id}",
    response={200: EntitlementOut, **ERRORS},
    auth=staff_auth,
    summary="One entitlement with the facts it was computed from",
)
def get_entitlement(request: HttpRequest, entitlement_id: int):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    if not scope.has_perm(Perm.PENSIONS_VIEW):
        raise NotFoundError()
    return entitlement_get(scope=scope, entitlement_id=entitlement_id)


# ---------------------------------------------------------------- citizens


@router.get(
    "/my/payments",
    response={200: list[PaymentOut], **ERRORS},
    auth=citizen_auth,
    summary="Every payment made to the signed-in citizen",
)
def my_payments(request: HttpRequest):  # type: ignore[no-untyped-def]
    person = _citizen_person(request)
    return [_payment(e) for e in citizen_payments(person=person)]


@router.post(
    "/my/payments",
    response={200: list[PaymentOut], **ERRORS},
    auth=citizen_auth,
    summary="The same, naming oneself by national code when several people share the mobile",
)
def my_payments_for(request: HttpRequest, payload: CitizenIn):  # type: ignore[no-untyped-def]
    person = _citizen_person(request, payload.national_code)
    return [_payment(e) for e in citizen_payments(person=person)]
