"""/api/v1/transparency: the published datasets, the contract search (the page's filters,
limit/offset) and one contract with its payments. Public, throttled; a contract of an
unpublished dataset is "not found", exactly like a missing one."""

from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from chatr.api.base import ErrorOut, Pagination, public_throttle
from chatr.core.text import to_ascii_digits
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
)
@paginate(Pagination)
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
