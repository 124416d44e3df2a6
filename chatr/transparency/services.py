"""Writes of the transparency portal. The category writers here (datasets, parties,
contracts, payments) are what the demo and the editors' imports call; publishing with review,
corrections and withdrawal is in `services_publishing`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.core.company_id import validate_company_id
from chatr.core.errors import ApplicationError
from chatr.core.text import normalize_persian, search_key, to_ascii_digits
from chatr.org.models import OrgUnit
from chatr.org.services import stamp_org_unit
from chatr.transparency.choices import DatasetCategory, RecordState
from chatr.transparency.models import Contract, ContractPayment, Dataset, Party


@dataclass(frozen=True)
class DatasetData:
    code: str
    category: str
    title_fa: str
    title_en: str
    description_fa: str
    description_en: str
    period_start: date
    period_end: date
    frequency: str
    last_updated: date
    contact_email: str = ""
    contact_phone: str = ""


def dataset_ensure(*, publisher: OrgUnit, data: DatasetData, published: bool) -> Dataset:
    """Create or update the dataset with `data.code` (idempotent), owned by `publisher`."""
    dataset = Dataset.objects.filter(code=data.code).first() or Dataset(code=data.code)
    stamp_org_unit(dataset, publisher)
    for field in (
        "category",
        "title_fa",
        "title_en",
        "description_fa",
        "description_en",
        "period_start",
        "period_end",
        "frequency",
        "last_updated",
        "contact_email",
        "contact_phone",
    ):
        setattr(dataset, field, getattr(data, field))
    dataset.title_fa = normalize_persian(dataset.title_fa)
    dataset.is_published = published
    dataset.save()
    return dataset


def party_ensure(*, name: str, company_id: str) -> Party:
    """The party with this national company ID, created (or renamed) as needed."""
    try:
        code = validate_company_id(company_id)
    except ValidationError as error:
        raise ApplicationError(
            "company_id_invalid", error.messages[0], fields={"company_id": error.messages[0]}
        ) from error
    name = normalize_persian(name)
    party, created = Party.objects.get_or_create(
        company_id=code, defaults={"name": name, "search_name": search_key(name)}
    )
    if not created and party.name != name:
        party.name = name
        party.search_name = search_key(name)
        party.save(update_fields=["name", "search_name", "updated_at"])
    return party


@dataclass(frozen=True)
class ContractData:
    number: str
    title: str
    method: str
    amount: int
    signed_on: date
    starts_on: date
    ends_on: date
    status: str


def contract_search_text(*, number: str, title: str, party: Party) -> str:
    return search_key(f"{number} {title} {party.name} {party.company_id}")


@transaction.atomic
def contract_record(
    *, dataset: Dataset, party: Party, data: ContractData, publish: bool = False
) -> Contract:
    """Create or update the contract `data.number` of `dataset` (idempotent on the number).

    A new contract is a draft that its import's review publishes (`services_publishing`);
    `publish=True` publishes a new one at once (the demo's and tests' seeded records)."""
    if dataset.category != DatasetCategory.CONTRACTS:
        raise ApplicationError(
            "dataset_not_contracts", _("Contracts can only be recorded in a contracts dataset.")
        )
    if data.amount < 0 or data.ends_on < data.starts_on:
        raise ApplicationError(
            "contract_invalid", _("The amount and the contract's period must be valid.")
        )
    # Dashes and slashes are part of how contract numbers are printed; only digits are unified.
    number = to_ascii_digits(normalize_persian(data.number)).upper()
    title = normalize_persian(data.title)
    contract = Contract.objects.filter(dataset=dataset, number=number).first() or Contract(
        dataset=dataset, number=number
    )
    stamp_org_unit(contract, dataset.org_unit)
    contract.title = title
    contract.counterparty = party
    contract.method = data.method
    contract.amount = data.amount
    contract.signed_on = data.signed_on
    contract.starts_on = data.starts_on
    contract.ends_on = data.ends_on
    contract.status = data.status
    contract.search_text = contract_search_text(number=number, title=title, party=party)
    contract.record_key = number  # the contracts kind's key (kinds_contracts)
    if publish and contract.state == RecordState.DRAFT:
        contract.state = RecordState.PUBLISHED
        contract.published_at = timezone.now()
    contract.save()
    return contract


def payment_record(
    *, contract: Contract, paid_on: date, amount: int, description: str = ""
) -> ContractPayment:
    """A payment under `contract` (idempotent on its date and amount)."""
    if amount <= 0:
        raise ApplicationError("payment_invalid", _("A payment's amount must be positive."))
    payment, _created = ContractPayment.objects.get_or_create(
        contract=contract,
        paid_on=paid_on,
        amount=amount,
        defaults={"description": normalize_persian(description)},
    )
    return payment
