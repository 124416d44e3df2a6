"""/api/v1/centers: the public directory, one center with its licences, the licence-number
check (no sign-in, rate-limited), and for staff the centers in their scope with create, update
and licence recording. Thin adapters over the centers selectors and services; a center outside
the caller's scope is "not found", exactly like a missing one."""

import dataclasses
from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from chatr.api.base import ErrorOut, Pagination, public_throttle, staff_auth
from chatr.centers import services
from chatr.centers.models import Center, Licence
from chatr.centers.selectors import (
    CenterFilters,
    center_get,
    center_get_public,
    center_licences,
    center_list,
    center_list_for_staff,
    licence_check,
)
from chatr.core.errors import ApplicationError
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import request_scope

router = Router(tags=["centers"])
router.add_router("/supervision/", "chatr.centers.api_supervision.router")
router.add_router("/licensing/", "chatr.centers.api_licensing.router")
router.add_router("/residents/", "chatr.centers.api_subsidies.residents_router")
router.add_router("/subsidies/", "chatr.centers.api_subsidies.router")
router.add_router("/figures/", "chatr.centers.api_figures.router")

ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}


# ---------------------------------------------------------------- schemas


class CenterOut(Schema):
    """One center as the public directory shows it (nothing personal)."""

    id: int
    code: str
    name_fa: str
    name_en: str
    licence_type: str
    licence_type_label: str
    ownership: str
    care_mode: str
    grade: int
    capacity: int
    province: str
    province_name: str
    county: str
    county_name: str
    address: str
    postal_code: str
    phone: str
    latitude: Decimal | None
    longitude: Decimal | None
    status: str
    is_licensed: bool

    @staticmethod
    def resolve_code(obj: Center) -> str:
        return obj.org_unit.code

    @staticmethod
    def resolve_name_fa(obj: Center) -> str:
        return obj.org_unit.name_fa

    @staticmethod
    def resolve_name_en(obj: Center) -> str:
        return obj.org_unit.name_en

    @staticmethod
    def resolve_licence_type_label(obj: Center) -> str:
        return str(obj.get_licence_type_display())

    @staticmethod
    def resolve_province(obj: Center) -> str:
        return obj.scope_province.code if obj.scope_province else ""

    @staticmethod
    def resolve_province_name(obj: Center) -> str:
        return obj.scope_province.name if obj.scope_province else ""

    @staticmethod
    def resolve_county(obj: Center) -> str:
        return obj.scope_county.code if obj.scope_county else ""

    @staticmethod
    def resolve_county_name(obj: Center) -> str:
        return obj.scope_county.name if obj.scope_county else ""

    @staticmethod
    def resolve_is_licensed(obj: Center) -> bool:
        return bool(getattr(obj, "is_licensed", False))


class LicenceOut(Schema):
    number: str
    kind: str
    issued_on: date
    valid_from: date
    valid_until: date
    status: str
    is_current: bool
    renews: str | None

    @staticmethod
    def resolve_status(obj: Licence) -> str:
        return obj.status_on(timezone.localdate())

    @staticmethod
    def resolve_renews(obj: Licence) -> str | None:
        return obj.renews.number if obj.renews_id and obj.renews else None


def _licences(obj: Center) -> list[Licence]:
    return list(center_licences(center=obj).select_related("renews"))


class CenterDetailOut(CenterOut):
    licences: list[LicenceOut]

    @staticmethod
    def resolve_licences(obj: Center) -> list[Licence]:
        return _licences(obj)


class StaffCenterOut(CenterOut):
    manager_name: str


class StaffCenterDetailOut(StaffCenterOut):
    licences: list[LicenceOut]

    @staticmethod
    def resolve_licences(obj: Center) -> list[Licence]:
        return _licences(obj)


class LicenceCheckOut(Schema):
    number: str
    kind: str
    status: str
    status_label: str
    issued_on: date
    valid_from: date
    valid_until: date
    center_id: int
    center_name_fa: str
    center_name_en: str
    licence_type: str
    province_name_fa: str
    province_name_en: str


class CenterQuery(Schema):
    province: str = ""
    county: str = ""
    licence_type: str = ""
    name: str = ""


class StaffCenterQuery(CenterQuery):
    status: str = ""


class CenterIn(Schema):
    county: str  # org-unit code of the county, e.g. "C0801"
    name_fa: str
    name_en: str = ""
    licence_type: str
    ownership: str
    care_mode: str
    grade: int
    capacity: int
    address: str
    postal_code: str = ""
    phone: str = ""
    manager_name: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class CenterPatch(Schema):
    """Only the fields sent change; the county cannot (a center does not move)."""

    name_fa: str | None = None
    name_en: str | None = None
    licence_type: str | None = None
    ownership: str | None = None
    care_mode: str | None = None
    grade: int | None = None
    capacity: int | None = None
    address: str | None = None
    postal_code: str | None = None
    phone: str | None = None
    manager_name: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    status: str | None = None


class LicenceIn(Schema):
    kind: str
    number: str
    issued_on: date
    valid_from: date
    valid_until: date


_CLEARABLE = frozenset({"latitude", "longitude"})


def _filters(query: CenterQuery, status: str = "") -> CenterFilters:
    return CenterFilters(
        province=query.province,
        county=query.county,
        licence_type=query.licence_type,
        name=query.name,
        status=status,
    )


# ---------------------------------------------------------------- public


@router.get(
    "/",
    response=list[CenterOut],
    throttle=public_throttle(),
    summary="The public directory of care centers",
)
@paginate(Pagination)
def list_centers(request: HttpRequest, filters: Query[CenterQuery]):  # type: ignore[no-untyped-def]
    return center_list(filters=_filters(filters))


@router.get(
    "/licences/{number}",
    response={200: LicenceCheckOut, **ERRORS},
    throttle=public_throttle(),
    summary="Check a licence number (public: status, center, validity)",
)
def check_licence(request: HttpRequest, number: str):  # type: ignore[no-untyped-def]
    return licence_check(number=number)


@router.get(
    "/{center_id}",
    response={200: CenterDetailOut, **ERRORS},
    throttle=public_throttle(),
    summary="One care center with its licences (public)",
)
def get_center(request: HttpRequest, center_id: int):  # type: ignore[no-untyped-def]
    return center_get_public(center_id=center_id)


# ---------------------------------------------------------------- staff


@router.get(
    "/manage/",
    response=list[StaffCenterOut],
    auth=staff_auth,
    summary="Care centers in the caller's scope",
)
@paginate(Pagination)
def list_centers_for_staff(request: HttpRequest, filters: Query[StaffCenterQuery]):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    require(scope, Perm.CENTERS_VIEW)
    return center_list_for_staff(scope=scope, filters=_filters(filters, filters.status))


@router.get(
    "/manage/{center_id}",
    response={200: StaffCenterDetailOut, **ERRORS},
    auth=staff_auth,
    summary="One care center in the caller's scope",
)
def get_center_for_staff(request: HttpRequest, center_id: int):  # type: ignore[no-untyped-def]
    return center_get(scope=request_scope(request), center_id=center_id)


def _county(code: str) -> OrgUnit:
    county = OrgUnit.objects.filter(code=code, kind=OrgUnitKind.COUNTY, is_active=True).first()
    if county is None:
        raise ApplicationError(
            "county_unknown",
            _("No county has this code."),
            fields={"county": _("No county has this code.")},
        )
    return county


@router.post(
    "/manage/",
    response={201: StaffCenterDetailOut, **ERRORS},
    auth=staff_auth,
    summary="Register a care center in a county of the caller's scope",
)
def create_center(request: HttpRequest, payload: CenterIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    require(scope, Perm.CENTERS_EDIT)
    data = payload.dict()
    county = _county(data.pop("county"))
    center = services.center_register(
        actor=request.user, scope=scope, county=county, data=services.CenterData(**data)
    )
    return Status(201, center_get(scope=scope, center_id=center.pk))


@router.patch(
    "/manage/{center_id}",
    response={200: StaffCenterDetailOut, **ERRORS},
    auth=staff_auth,
    summary="Change a care center's details (only the fields sent)",
)
def update_center(request: HttpRequest, center_id: int, payload: CenterPatch):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    center = center_get(scope=scope, center_id=center_id)
    sent = payload.dict(exclude_unset=True)
    status = sent.pop("status", None)
    # null clears the map point; for the other fields it means "unchanged".
    changes = {k: v for k, v in sent.items() if v is not None or k in _CLEARABLE}
    data = dataclasses.replace(services.center_data_of(center), **changes)
    services.center_update(actor=request.user, scope=scope, center=center, data=data, status=status)
    return center_get(scope=scope, center_id=center.pk)


@router.post(
    "/manage/{center_id}/licences",
    response={201: LicenceOut, **ERRORS},
    auth=staff_auth,
    summary="Record a licence the licensing procedure granted (renews the current one)",
)
def issue_licence(request: HttpRequest, center_id: int, payload: LicenceIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    center = center_get(scope=scope, center_id=center_id)
    licence = services.licence_issue(
        actor=request.user,
        scope=scope,
        center=center,
        data=services.LicenceData(**payload.dict()),
    )
    return Status(201, licence)
