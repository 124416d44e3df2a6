"""/api/v1/transparency: the published datasets, the contract search (the page's filters,
limit/offset) and one contract with its payments. Public, throttled; a contract of an
unpublished dataset is "not found", exactly like a missing one."""

from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from chatr.api.base import CappedPagination, ErrorOut, public_throttle
from chatr.core.text import to_ascii_digits
from chatr.transparency import dcat, ocds
from chatr.transparency.models import Contract, ContractPayment, Dataset
from chatr.transparency.selectors import (
    DEFAULT_CONTRACT_SORT,
    ContractFilters,
    contract_get_public,
    contract_list,
    contract_payments,
    dataset_list,
)

router = Router(tags=["transparency"])


class DatasetOut(Schema):
    code: str
    category: str
    title_fa: str
    title_en: str
    description_fa: str
    description_en: str
    publisher: str
    publisher_name_fa: str
    period_start: date
    period_end: date
    frequency: str
    last_updated: date
    licence: str
    contact_email: str
    contact_phone: str

    @staticmethod
    def resolve_publisher(obj: Dataset) -> str:
        return obj.org_unit.code

    @staticmethod
    def resolve_publisher_name_fa(obj: Dataset) -> str:
        return obj.org_unit.name_fa


class PartyOut(Schema):
    name: str
    company_id: str


class ContractOut(Schema):
    id: int
    number: str
    title: str
    party: PartyOut
    method: str
    amount: int
    signed_on: date
    starts_on: date
    ends_on: date
    status: str
    publisher: str

    @staticmethod
    def resolve_party(obj: Contract) -> PartyOut:
        return PartyOut(name=obj.counterparty.name, company_id=obj.counterparty.company_id)

    @staticmethod
    def resolve_publisher(obj: Contract) -> str:
        return obj.org_unit.code


class PaymentOut(Schema):
    paid_on: date
    amount: int
    description: str


class ContractDetailOut(ContractOut):
    dataset: str
    payments: list[PaymentOut]

    @staticmethod
    def resolve_dataset(obj: Contract) -> str:
        return obj.dataset.code

    @staticmethod
    def resolve_payments(obj: Contract) -> list[ContractPayment]:
        return list(contract_payments(contract=obj))


class ContractQuery(Schema):
    q: str = ""
    publisher: str = ""
    method: str = ""
    status: str = ""
    signed_from: date | None = None
    signed_to: date | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    sort: str = DEFAULT_CONTRACT_SORT


@router.get(
    "/datasets",
    response=list[DatasetOut],
    throttle=public_throttle(),
    summary="The published datasets with their metadata",
)
def list_datasets(request: HttpRequest):  # type: ignore[no-untyped-def]
    return dataset_list()


@router.get(
    "/contracts",
    response=list[ContractOut],
    throttle=public_throttle(),
    summary="Public contracts: the portal's search and filters (dates are Gregorian ISO)",
    description="`count` is counted up to 10,000; `count_is_capped` is true when more match.",
)
@paginate(CappedPagination)
def list_contracts(request: HttpRequest, filters: Query[ContractQuery]):  # type: ignore[no-untyped-def]
    return contract_list(
        filters=ContractFilters(
            q=to_ascii_digits(filters.q),
            publisher=filters.publisher,
            method=filters.method,
            status=filters.status,
            signed_from=filters.signed_from,
            signed_to=filters.signed_to,
            amount_min=filters.amount_min,
            amount_max=filters.amount_max,
            sort=filters.sort,
        )
    )


@router.get(
    "/contracts/{contract_id}",
    response={200: ContractDetailOut, 404: ErrorOut},
    throttle=public_throttle(),
    summary="One public contract with its party and payments",
)
def get_contract(request: HttpRequest, contract_id: int):  # type: ignore[no-untyped-def]
    return contract_get_public(contract_id=contract_id)


# ---------------------------------------------------------------- open standards: OCDS, DCAT


class OcdsQuery(ContractQuery):
    """The contract search's filters and a page (limit capped at ocds.OCDS_MAX_LIMIT)."""

    limit: int = ocds.OCDS_DEFAULT_LIMIT
    offset: int = 0


def _ocds_filters(query: OcdsQuery) -> ContractFilters:
    return ContractFilters(
        q=to_ascii_digits(query.q),
        publisher=query.publisher,
        method=query.method,
        status=query.status,
        signed_from=query.signed_from,
        signed_to=query.signed_to,
        amount_min=query.amount_min,
        amount_max=query.amount_max,
        sort=query.sort,
    )


@router.get(
    "/ocds/releases",
    url_name="transparency_ocds_releases",
    throttle=public_throttle(),
    summary="OCDS 1.1 release package of the public contracts (the search's filters, "
    "limit/offset; links.next/prev)",
)
def ocds_releases(request: HttpRequest, filters: Query[OcdsQuery]):  # type: ignore[no-untyped-def]
    contracts = contract_list(filters=_ocds_filters(filters))
    return ocds.package_response(request, contracts, offset=filters.offset, limit=filters.limit)


@router.get(
    "/ocds/records",
    url_name="transparency_ocds_records",
    throttle=public_throttle(),
    summary="OCDS 1.1 record package: per contract, its linked release and compiled release",
)
def ocds_records(request: HttpRequest, filters: Query[OcdsQuery]):  # type: ignore[no-untyped-def]
    contracts = contract_list(filters=_ocds_filters(filters))
    return ocds.package_response(
        request, contracts, offset=filters.offset, limit=filters.limit, records=True
    )


@router.get(
    "/ocds/releases/{contract_id}",
    url_name="transparency_ocds_release",
    response={404: ErrorOut},
    throttle=public_throttle(),
    summary="OCDS 1.1 release package of one public contract",
)
def ocds_release(request: HttpRequest, contract_id: int):  # type: ignore[no-untyped-def]
    return ocds.release_response(request, contract_id=contract_id)


@router.get(
    "/catalog",
    url_name="transparency_catalog",
    throttle=public_throttle(),
    summary="The published datasets as a DCAT-AP catalogue (JSON-LD)",
)
def catalog(request: HttpRequest):  # type: ignore[no-untyped-def]
    return dcat.catalog_response(request)


from chatr.transparency.api_expenditures import router as expenditures_router  # noqa: E402

router.add_router("", expenditures_router)

from chatr.transparency.api_registers import router as registers_router  # noqa: E402

router.add_router("", registers_router)

from chatr.transparency.api_documents import router as documents_router  # noqa: E402

router.add_router("", documents_router)
