"""Builders for transparency tests: datasets, parties and contracts through the services."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from chatr.core.company_id import demo_company_id
from chatr.org.models import OrgUnit
from chatr.transparency import services
from chatr.transparency.choices import (
    ContractStatus,
    DatasetCategory,
    ProcurementMethod,
    UpdateFrequency,
)
from chatr.transparency.models import Contract, ContractPayment, Dataset, Party

_serial = count(1)


def make_dataset(
    unit_code: str = "HQ", *, published: bool = True, code: str | None = None, **overrides: Any
) -> Dataset:
    data: dict[str, Any] = {
        "code": code or f"contracts-{unit_code.lower()}",
        "category": DatasetCategory.CONTRACTS,
        "title_fa": f"قراردادهای {unit_code}",
        "title_en": f"Contracts of {unit_code}",
        "description_fa": "",
        "description_en": "",
        "period_start": date(2024, 3, 20),
        "period_end": date(2025, 3, 20),
        "frequency": UpdateFrequency.MONTHLY,
        "last_updated": date(2025, 4, 1),
    }
    data.update(overrides)
    return services.dataset_ensure(
        publisher=OrgUnit.objects.get(code=unit_code),
        data=services.DatasetData(**data),
        published=published,
    )


def make_party(name: str = "شرکت پارس سازه", *, serial: int | None = None) -> Party:
    n = serial if serial is not None else next(_serial)
    return services.party_ensure(name=name, company_id=demo_company_id(f"1010{n:06d}"))


def make_contract(
    dataset: Dataset,
    *,
    number: str | None = None,
    title: str = "خرید ویلچر",
    party: Party | None = None,
    method: str = ProcurementMethod.TENDER,
    amount: int = 1_000_000_000,
    signed_on: date = date(2024, 6, 1),
    status: str = ContractStatus.ACTIVE,
    publish: bool = True,
) -> Contract:
    return services.contract_record(
        dataset=dataset,
        party=party or make_party(),
        data=services.ContractData(
            number=number or f"C-{next(_serial):05d}",
            title=title,
            method=method,
            amount=amount,
            signed_on=signed_on,
            starts_on=signed_on,
            ends_on=date(2025, 6, 1),
            status=status,
        ),
        publish=publish,
    )


def make_payment(
    contract: Contract, *, paid_on: date = date(2024, 7, 1), amount: int = 100_000_000
) -> ContractPayment:
    return services.payment_record(contract=contract, paid_on=paid_on, amount=amount)
