"""/api/v1/transparency: the registers' searches (the pages' filters, limit/offset) and one
record each, with its public corrections; the donation totals and asset counts per type.
Public and throttled. An asset's value is null unless public; a donor is null unless named.
"""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from chatr.api.base import ErrorOut, Pagination, public_throttle
from chatr.transparency.choices import DatasetCategory
from chatr.transparency.models import Asset, Donation, HiringAnnouncement, Manager
from chatr.transparency.selectors_registers import (
    DEFAULT_ASSET_SORT,
    DEFAULT_DONATION_SORT,
    DEFAULT_HIRING_SORT,
    DEFAULT_MANAGER_SORT,
    AssetFilters,
    DonationFilters,
    HiringFilters,
    ManagerFilters,
    asset_get_public,
    asset_list,
    asset_type_counts,
    donation_get_public,
    donation_list,
    donation_totals,
    hiring_get_public,
    hiring_list,
    manager_get_public,
    manager_list,
    register_revisions,
)

router = Router(tags=["transparency"])

_CATEGORY: dict[type, str] = {
    Manager: DatasetCategory.MANAGERS,
    Asset: DatasetCategory.ASSETS,
    Donation: DatasetCategory.DONATIONS,
    HiringAnnouncement: DatasetCategory.HIRING,
}


class CorrectionOut(Schema):
    published_at: datetime | None
    changes: dict[str, list[str]]


class _RecordOut(Schema):
    id: int
    publisher: str

    @staticmethod
    def resolve_publisher(obj: Any) -> str:
        return str(obj.org_unit.code)


class _DetailFields(Schema):
    dataset: str
    state: str
    withdrawn_reason: str
    corrections: list[CorrectionOut]

    @staticmethod
    def resolve_dataset(obj: Any) -> str:
        return str(obj.dataset.code)

    @staticmethod
    def resolve_corrections(obj: Any) -> list[CorrectionOut]:
        return [
            CorrectionOut(published_at=r.published_at, changes=r.changes)
            for r in register_revisions(category=_CATEGORY[type(obj)], record=obj)
        ]


# ---------------------------------------------------------------- managers


class ManagerOut(_RecordOut):
    full_name: str
    position: str
    unit: str
    since: date
    until: date | None

    @staticmethod
    def resolve_unit(obj: Manager) -> str:
        return obj.unit_name


class ManagerDetailOut(ManagerOut, _DetailFields):
    pass


class ManagerQuery(Schema):
    q: str = ""
    publisher: str = ""
    tenure: str = ""
    sort: str = DEFAULT_MANAGER_SORT


@router.get(
    "/managers",
    response=list[ManagerOut],
    throttle=public_throttle(),
    summary="Public managers: name, position, unit and term (tenure: current or former)",
)
@paginate(Pagination)
def list_managers(request: HttpRequest, filters: Query[ManagerQuery]):  # type: ignore[no-untyped-def]
    return manager_list(filters=ManagerFilters(**filters.model_dump()))


@router.get(
    "/managers/{manager_id}",
    response={200: ManagerDetailOut, 404: ErrorOut},
    throttle=public_throttle(),
    summary="One manager with the public corrections",
)
def get_manager(request: HttpRequest, manager_id: int):  # type: ignore[no-untyped-def]
    return manager_get_public(manager_id=manager_id)


# ---------------------------------------------------------------- properties and assets


class AssetOut(_RecordOut):
    asset_number: str
    asset_type: str
    title: str
    area_m2: int | None
    province: str
    county: str
    address: str
    ownership: str
    current_use: str
    value: int | None  # null unless the value is public

    @staticmethod
    def resolve_asset_number(obj: Asset) -> str:
        return obj.asset_code

    @staticmethod
    def resolve_area_m2(obj: Asset) -> int | None:
        return obj.area

    @staticmethod
    def resolve_value(obj: Asset) -> int | None:
        return obj.public_value


class AssetDetailOut(AssetOut, _DetailFields):
    pass


class AssetQuery(Schema):
    q: str = ""
    publisher: str = ""
    asset_type: str = ""
    ownership: str = ""
    sort: str = DEFAULT_ASSET_SORT


class TypeCountOut(Schema):
    asset_type: str
    label: str
    count: int


@router.get(
    "/assets",
    response=list[AssetOut],
    throttle=public_throttle(),
    summary="Public properties and assets (the value only where it is public)",
)
@paginate(Pagination)
def list_assets(request: HttpRequest, filters: Query[AssetQuery]):  # type: ignore[no-untyped-def]
    return asset_list(filters=AssetFilters(**filters.model_dump()))


@router.get(
    "/assets/by-type",
    response=list[TypeCountOut],
    throttle=public_throttle(),
    summary="How many public assets of each type match the filters",
)
def count_assets(request: HttpRequest, filters: Query[AssetQuery]):  # type: ignore[no-untyped-def]
    return asset_type_counts(filters=AssetFilters(**filters.model_dump()))


@router.get(
    "/assets/{asset_id}",
    response={200: AssetDetailOut, 404: ErrorOut},
    throttle=public_throttle(),
    summary="One asset with the public corrections",
)
def get_asset(request: HttpRequest, asset_id: int):  # type: ignore[no-untyped-def]
    return asset_get_public(asset_id=asset_id)


# ---------------------------------------------------------------- public donations


class DonationOut(_RecordOut):
    receipt_number: str
    received_on: date
    channel: str
    purpose: str
    amount: int
    description: str
    donor: str | None  # null unless the donor chose to be named

    @staticmethod
    def resolve_donor(obj: Donation) -> str | None:
        return obj.donor_name if obj.donor_named and obj.donor_name else None


class DonationDetailOut(DonationOut, _DetailFields):
    pass


class DonationQuery(Schema):
    q: str = ""
    publisher: str = ""
    channel: str = ""
    purpose: str = ""
    received_from: date | None = None
    received_to: date | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    sort: str = DEFAULT_DONATION_SORT


class TotalOut(Schema):
    key: str
    label: str
    count: int
    amount: int

    @staticmethod
    def resolve_key(obj: Any) -> str:
        return str(obj.key)


class DonationTotalsOut(Schema):
    count: int
    amount: int
    by_month: list[TotalOut]  # key: the Jalali month as YYYYMM
    by_purpose: list[TotalOut]


@router.get(
    "/donations",
    response=list[DonationOut],
    throttle=public_throttle(),
    summary="Public donations (dates are Gregorian ISO; donors only where named)",
)
@paginate(Pagination)
def list_donations(request: HttpRequest, filters: Query[DonationQuery]):  # type: ignore[no-untyped-def]
    return donation_list(filters=DonationFilters(**filters.model_dump()))


@router.get(
    "/donations/totals",
    response=DonationTotalsOut,
    throttle=public_throttle(),
    summary="Totals of the public donations matching the filters, per Jalali month and purpose",
)
def total_donations(request: HttpRequest, filters: Query[DonationQuery]):  # type: ignore[no-untyped-def]
    return donation_totals(filters=DonationFilters(**filters.model_dump()))


@router.get(
    "/donations/{donation_id}",
    response={200: DonationDetailOut, 404: ErrorOut},
    throttle=public_throttle(),
    summary="One donation with the public corrections",
)
def get_donation(request: HttpRequest, donation_id: int):  # type: ignore[no-untyped-def]
    return donation_get_public(donation_id=donation_id)


# ---------------------------------------------------------------- hiring


class HiringOut(_RecordOut):
    number: str
    title: str
    unit: str
    positions: int
    announced_on: date
    applications_close_on: date
    exam_on: date | None
    results_on: date | None
    status: str
    results_url: str
    results_text: str

    @staticmethod
    def resolve_unit(obj: HiringAnnouncement) -> str:
        return obj.unit_name


class HiringDetailOut(HiringOut, _DetailFields):
    pass


class HiringQuery(Schema):
    q: str = ""
    publisher: str = ""
    status: str = ""
    announced_from: date | None = None
    announced_to: date | None = None
    sort: str = DEFAULT_HIRING_SORT


@router.get(
    "/hiring",
    response=list[HiringOut],
    throttle=public_throttle(),
    summary="Public hiring announcements with their stages",
)
@paginate(Pagination)
def list_hiring(request: HttpRequest, filters: Query[HiringQuery]):  # type: ignore[no-untyped-def]
    return hiring_list(filters=HiringFilters(**filters.model_dump()))


@router.get(
    "/hiring/{announcement_id}",
    response={200: HiringDetailOut, 404: ErrorOut},
    throttle=public_throttle(),
    summary="One hiring announcement with its results and public corrections",
)
def get_hiring(request: HttpRequest, announcement_id: int):  # type: ignore[no-untyped-def]
    return hiring_get_public(announcement_id=announcement_id)
