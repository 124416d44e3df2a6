"""/api/v1/centers/residents and /api/v1/centers/subsidies: residents of a center (list,
admit, one record, discharge — every read audited), the monthly claims (list, one, compute,
approve, compute again), centers' payment accounts, payment batches with their bank file, and
the rate table. Staff only
(token or session); thin adapters over the residents and subsidies services and selectors.
Out of scope is "not found"; national codes travel only in POST bodies and are returned
masked; Sheba numbers are masked except in the bank file."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from chatr.api.base import ErrorOut, Pagination, staff_auth
from chatr.centers import services_residents, services_subsidies
from chatr.centers.models import (
    Admission,
    CenterPaymentAccount,
    ClaimState,
    SubsidyBatch,
    SubsidyClaim,
    SubsidyRate,
)
from chatr.centers.selectors_residents import (
    admission_get,
    admission_list,
    resident_center_get,
)
from chatr.centers.selectors_subsidies import (
    ClaimFilters,
    batch_get,
    batches_list,
    claim_get,
    claim_list,
    claim_month_totals,
    claim_months,
    claim_provinces,
    mask_sheba,
    payment_account_center_get,
    payment_account_history,
    rates_list,
)
from chatr.core.national_code import mask_national_code
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import request_scope

residents_router = Router(tags=["centers: residents"], auth=staff_auth)
router = Router(tags=["centers: subsidies"], auth=staff_auth)

ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


# ---------------------------------------------------------------- residents


class AdmissionOut(Schema):
    id: int
    center_id: int
    first_name: str
    last_name: str
    national_code_masked: str
    birth_date: date
    admitted_on: date
    discharged_on: date | None
    discharge_reason: str
    is_child_record: bool

    @staticmethod
    def resolve_first_name(obj: Admission) -> str:
        return obj.person.first_name

    @staticmethod
    def resolve_last_name(obj: Admission) -> str:
        return obj.person.last_name

    @staticmethod
    def resolve_national_code_masked(obj: Admission) -> str:
        return mask_national_code(obj.person.national_code or "")

    @staticmethod
    def resolve_birth_date(obj: Admission) -> date:
        return obj.person.birth_date


class AdmissionIn(Schema):
    national_code: str
    birth_date: date
    admitted_on: date


class DischargeIn(Schema):
    discharged_on: date
    reason: str


class ResidentQuery(Schema):
    current: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class ResidentPageOut(Schema):
    count: int
    items: list[AdmissionOut]


@residents_router.get(
    "/centers/{center_id}/",
    response={200: ResidentPageOut, **ERRORS},
    summary="A center's residents: in care now first, then those discharged (audited)",
)
def list_residents(request: HttpRequest, center_id: int, filters: Query[ResidentQuery]):  # type: ignore[no-untyped-def]
    # limit/offset like every list, by hand: the audit records how many records were shown.
    scope = request_scope(request)
    center = resident_center_get(scope=scope, center_id=center_id)
    rows = admission_list(scope=scope, center=center, current_only=filters.current)
    items = list(rows[filters.offset : filters.offset + filters.limit])
    services_residents.residents_list_viewed(actor=request.user, center=center, shown=len(items))
    return {"count": rows.count(), "items": items}


@residents_router.post(
    "/centers/{center_id}/",
    response={201: AdmissionOut, **ERRORS},
    summary="Admit a registry person (national code + birth date) to a center",
)
def admit_resident(request: HttpRequest, center_id: int, payload: AdmissionIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    center = resident_center_get(scope=scope, center_id=center_id)
    admission = services_residents.admission_create(
        actor=request.user,
        scope=scope,
        center=center,
        national_code=payload.national_code,
        birth_date=payload.birth_date,
        admitted_on=payload.admitted_on,
    )
    return Status(201, admission_get(scope=scope, admission_id=admission.pk))


@residents_router.get(
    "/{admission_id}",
    response={200: AdmissionOut, **ERRORS},
    summary="One resident's stay (the read is audited)",
)
def get_resident(request: HttpRequest, admission_id: int):  # type: ignore[no-untyped-def]
    admission = admission_get(scope=request_scope(request), admission_id=admission_id)
    services_residents.admission_view_record(actor=request.user, admission=admission)
    return admission


@residents_router.post(
    "/{admission_id}/discharge",
    response={200: AdmissionOut, **ERRORS},
    summary="Discharge a resident (the discharge day is not a day in care)",
)
def discharge_resident(request: HttpRequest, admission_id: int, payload: DischargeIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    admission = admission_get(scope=scope, admission_id=admission_id)
    return services_residents.admission_discharge(
        actor=request.user,
        scope=scope,
        admission=admission,
        discharged_on=payload.discharged_on,
        reason=payload.reason,
    )


# ---------------------------------------------------------------- claims


class ClaimOut(Schema):
    id: int
    center_id: int
    center_name: str
    province: str
    year: int
    month: int
    state: str
    state_label: str
    basis: str
    rate_amount: int
    days_in_month: int
    licensed_days: int
    residents: int
    resident_days: int
    capacity: int
    capacity_days: int
    paid_days: int
    amount: int
    sheba_masked: str
    payee_name: str
    facts: dict[str, Any]
    prepared_by_id: int
    prepared_at: datetime
    approved_by_id: int | None
    approved_at: datetime | None
    batch_id: int | None

    @staticmethod
    def resolve_center_name(obj: SubsidyClaim) -> str:
        return obj.center.org_unit.name

    @staticmethod
    def resolve_province(obj: SubsidyClaim) -> str:
        return obj.scope_province.code if obj.scope_province else ""

    @staticmethod
    def resolve_state_label(obj: SubsidyClaim) -> str:
        return str(ClaimState(obj.state).label)

    @staticmethod
    def resolve_sheba_masked(obj: SubsidyClaim) -> str:
        return mask_sheba(obj.sheba)


class ClaimQuery(Schema):
    year: int | None = None
    month: int | None = None
    state: ClaimState | None = None
    center: int | None = None


class MonthIn(Schema):
    year: int
    month: int


class MonthTotalsOut(Schema):
    year: int
    month: int
    computed: int
    computed_amount: int
    approved: int
    approved_amount: int
    exported: int
    exported_amount: int
    count: int
    amount: int


class ComputeOut(Schema):
    created: int
    totals: MonthTotalsOut


class MonthRowOut(Schema):
    year: int
    month: int
    claims: int
    waiting: int
    approved: int
    exported: int
    total: int


class ProvinceRowOut(Schema):
    province: str
    name_fa: str
    name_en: str
    claims: int
    waiting: int
    total: int


def _totals(request: HttpRequest, year: int, month: int) -> dict[str, Any]:
    totals = claim_month_totals(scope=request_scope(request), year=year, month=month)
    return {
        "year": year,
        "month": month,
        **{
            k: getattr(totals, k) for k in MonthTotalsOut.model_fields if k not in ("year", "month")
        },
    }


def _view(request: HttpRequest) -> Any:
    scope = request_scope(request)
    require(scope, Perm.CENTERS_SUBSIDY_VIEW)
    return scope


@router.get("/claims", response=list[ClaimOut], summary="Subsidy claims in the caller's area")
@paginate(Pagination)
def list_claims(request: HttpRequest, filters: Query[ClaimQuery]):  # type: ignore[no-untyped-def]
    return claim_list(
        scope=_view(request),
        filters=ClaimFilters(
            year=filters.year,
            month=filters.month,
            state=filters.state or "",
            center=filters.center,
        ),
    )


@router.get("/claims/{claim_id}", response={200: ClaimOut, **ERRORS}, summary="One subsidy claim")
def get_claim(request: HttpRequest, claim_id: int):  # type: ignore[no-untyped-def]
    return claim_get(scope=request_scope(request), claim_id=claim_id)


@router.get("/months", response=list[MonthRowOut], summary="Months with claims, with their totals")
@paginate(Pagination)
def list_months(request: HttpRequest):  # type: ignore[no-untyped-def]
    return [
        {
            "year": r["year"],
            "month": r["month"],
            "claims": r["n"],
            "waiting": r["waiting"],
            "approved": r["approved"],
            "exported": r["exported"],
            "total": r["total"] or 0,
        }
        for r in claim_months(scope=_view(request))
    ]


@router.get(
    "/months/{year}/{month}",
    response={200: MonthTotalsOut, **ERRORS},
    summary="A month's claims and rials by state",
)
def month_totals(request: HttpRequest, year: int, month: int):  # type: ignore[no-untyped-def]
    _view(request)
    services_subsidies.month_bounds(year=year, month=month)
    return _totals(request, year, month)


@router.get(
    "/months/{year}/{month}/provinces",
    response={200: list[ProvinceRowOut], **ERRORS},
    summary="A month's claims and rials per province",
)
def month_provinces(request: HttpRequest, year: int, month: int):  # type: ignore[no-untyped-def]
    scope = _view(request)
    services_subsidies.month_bounds(year=year, month=month)
    return [
        {
            "province": r["scope_province__code"] or "",
            "name_fa": r["scope_province__name_fa"] or "",
            "name_en": r["scope_province__name_en"] or "",
            "claims": r["n"],
            "waiting": r["waiting"],
            "total": r["total"] or 0,
        }
        for r in claim_provinces(scope=scope, year=year, month=month)
    ]


@router.post(
    "/compute",
    response={200: ComputeOut, **ERRORS},
    summary="Compute a month's claims for every center in the caller's area (idempotent)",
)
def compute_month(request: HttpRequest, payload: MonthIn):  # type: ignore[no-untyped-def]
    created = services_subsidies.subsidy_month_compute(
        actor=request.user, scope=request_scope(request), year=payload.year, month=payload.month
    )
    return {"created": created, "totals": _totals(request, payload.year, payload.month)}


@router.post(
    "/claims/{claim_id}/approve",
    response={200: ClaimOut, **ERRORS},
    summary="Approve a claim someone else computed (maker–checker)",
)
def approve_claim(request: HttpRequest, claim_id: int):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    claim = claim_get(scope=scope, claim_id=claim_id)
    services_subsidies.subsidy_claim_approve(actor=request.user, scope=scope, claim=claim)
    return claim_get(scope=scope, claim_id=claim_id)


@router.post(
    "/claims/{claim_id}/recompute",
    response={200: ClaimOut, **ERRORS},
    summary="Replace a claim not approved yet with one computed from today's facts",
)
def recompute_claim(request: HttpRequest, claim_id: int):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    claim = claim_get(scope=scope, claim_id=claim_id)
    fresh = services_subsidies.subsidy_claim_recompute(actor=request.user, scope=scope, claim=claim)
    return claim_get(scope=scope, claim_id=fresh.pk)


# ---------------------------------------------------------------- payment accounts


class PaymentAccountOut(Schema):
    id: int
    sheba_masked: str
    holder_name: str
    set_by_id: int | None
    set_at: datetime
    ended_at: datetime | None

    @staticmethod
    def resolve_sheba_masked(obj: CenterPaymentAccount) -> str:
        return mask_sheba(obj.sheba)


class CenterAccountOut(Schema):
    center_id: int
    current: PaymentAccountOut | None
    history: list[PaymentAccountOut]


class PaymentAccountIn(Schema):
    sheba: str
    holder_name: str


def _account(center: Any) -> dict[str, Any]:
    history = payment_account_history(center=center)
    current = history[0] if history and history[0].ended_at is None else None
    return {"center_id": center.pk, "current": current, "history": history}


@router.get(
    "/centers/{center_id}/account",
    response={200: CenterAccountOut, **ERRORS},
    summary="A center's payment account (Sheba masked) with its history",
)
def get_account(request: HttpRequest, center_id: int):  # type: ignore[no-untyped-def]
    center = payment_account_center_get(scope=request_scope(request), center_id=center_id)
    return _account(center)


@router.put(
    "/centers/{center_id}/account",
    response={200: CenterAccountOut, **ERRORS},
    summary="Record a center's payment account (finance; the previous one ends, kept as history)",
)
def set_account(request: HttpRequest, center_id: int, payload: PaymentAccountIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    center = payment_account_center_get(scope=scope, center_id=center_id)
    services_subsidies.payment_account_set(
        actor=request.user,
        scope=scope,
        center=center,
        sheba=payload.sheba,
        holder_name=payload.holder_name,
    )
    return _account(center)


# ---------------------------------------------------------------- batches


class BatchOut(Schema):
    id: int
    year: int
    month: int
    created_by_id: int
    created_at: datetime
    claim_count: int
    total_amount: int


@router.get("/batches", response=list[BatchOut], summary="Payment batches in the caller's area")
@paginate(Pagination)
def list_batches(request: HttpRequest):  # type: ignore[no-untyped-def]
    return batches_list(scope=request_scope(request))


@router.post(
    "/batches",
    response={201: BatchOut, **ERRORS},
    summary="Put the month's approved claims that are in no batch yet into a payment batch",
)
def create_batch(request: HttpRequest, payload: MonthIn):  # type: ignore[no-untyped-def]
    batch = services_subsidies.subsidy_batch_create(
        actor=request.user, scope=request_scope(request), year=payload.year, month=payload.month
    )
    return Status(201, batch)


@router.get("/batches/{batch_id}", response={200: BatchOut, **ERRORS}, summary="One payment batch")
def get_batch(request: HttpRequest, batch_id: int) -> SubsidyBatch:
    return batch_get(scope=request_scope(request), batch_id=batch_id)


@router.get(
    "/batches/{batch_id}/bank-file",
    response={200: None, **ERRORS},
    summary="The batch's bank transfer file (CSV; every download is audited)",
)
def bank_file(request: HttpRequest, batch_id: int):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    batch = batch_get(scope=scope, batch_id=batch_id)
    lines = services_subsidies.subsidy_batch_export(actor=request.user, scope=scope, batch=batch)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    name = services_subsidies.bank_file_name(batch)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---------------------------------------------------------------- rates


class RateOut(Schema):
    id: int
    licence_type: str
    care_mode: str
    grade: int
    year: int
    effective_month: int
    basis: str
    amount: int
    note: str
    set_by_id: int | None
    created_at: datetime


class RateIn(Schema):
    licence_type: str
    care_mode: str
    grade: int
    year: int
    effective_month: int = 1
    basis: str = "per_person"
    amount: int
    note: str = ""


class RateQuery(Schema):
    year: int | None = None


@router.get("/rates", response=list[RateOut], summary="The rate table with its history")
@paginate(Pagination)
def list_rates(request: HttpRequest, filters: Query[RateQuery]):  # type: ignore[no-untyped-def]
    _view(request)
    return rates_list(year=filters.year)


@router.post(
    "/rates",
    response={201: RateOut, **ERRORS},
    summary="Record a rate from a month on (HQ finance; earlier rows stay as history)",
)
def set_rate(request: HttpRequest, payload: RateIn) -> Any:
    rate: SubsidyRate = services_subsidies.rate_set(
        actor=request.user,
        scope=request_scope(request),
        data=services_subsidies.RateData(**payload.dict()),
    )
    return Status(201, rate)
