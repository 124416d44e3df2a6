"""Public reads of the portal. Only published datasets and their records exist for the
public: a contract of an unpublished dataset is "not found", exactly like a missing one.

What the public sees is decided once, by the records' queryset (`models.publishing.
PublishedRecordQuerySet`): `public()` — published records of published datasets — is listed and
downloaded; `public_pages()` adds the withdrawn ones, which keep their page with the public
reason. Editors' (scoped) reads are in `selectors_publishing`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from django.db.models import QuerySet

from chatr.core.errors import NotFoundError
from chatr.core.text import search_key
from chatr.org.models import OrgUnit
from chatr.transparency.choices import DatasetCategory, RevisionState
from chatr.transparency.models import Contract, ContractPayment, Dataset, Revision
from chatr.transparency.selectors_centers import centers_last_updated

# The public sort keys and their ORDER BY (pk last, so pages never overlap).
CONTRACT_SORTS: Final = {
    "-signed_on": ("-signed_on", "-pk"),
    "signed_on": ("signed_on", "pk"),
    "-amount": ("-amount", "-pk"),
    "amount": ("amount", "pk"),
}
DEFAULT_CONTRACT_SORT: Final = "-signed_on"


@dataclass(frozen=True)
class ContractFilters:
    """Contract search; `publisher` is an org-unit code ("HQ", "P08")."""

    q: str = ""
    publisher: str = ""
    method: str = ""
    status: str = ""
    signed_from: date | None = None
    signed_to: date | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    sort: str = DEFAULT_CONTRACT_SORT


def _published_datasets() -> QuerySet[Dataset]:
    return Dataset.objects.published()


def dataset_list() -> QuerySet[Dataset]:
    """The published datasets with their publishers, in category then publisher order."""
    return _published_datasets().select_related("org_unit").order_by("category", "org_unit__code")


@dataclass(frozen=True)
class CategoryGroup:
    category: str
    label: str
    datasets: list[Dataset]


# Categories generated from the centers module: their "last updated" is when centers changed.
GENERATED_CATEGORIES: Final = frozenset({DatasetCategory.CENTERS, DatasetCategory.LICENCES})


def dataset_catalogue() -> list[CategoryGroup]:
    """The home page: published datasets grouped by category, in the categories' order (the
    generated ones dated by the centers data itself)."""
    by_category: dict[str, list[Dataset]] = {}
    centers_changed = None
    for dataset in dataset_list():
        if dataset.category in GENERATED_CATEGORIES:
            centers_changed = centers_changed or centers_last_updated()
            dataset.last_updated = centers_changed or dataset.last_updated
        by_category.setdefault(dataset.category, []).append(dataset)
    return [
        CategoryGroup(category=value, label=str(label), datasets=by_category[value])
        for value, label in DatasetCategory.choices
        if value in by_category
    ]


def contract_publishers() -> QuerySet[OrgUnit]:
    """Org units with a published contracts dataset: the publisher filter's choices."""
    return OrgUnit.objects.filter(
        pk__in=_published_datasets()
        .filter(category=DatasetCategory.CONTRACTS)
        .values("org_unit_id")
    ).order_by("code")


def _public_contracts() -> QuerySet[Contract]:
    """What lists, searches and downloads show (see the module's docstring)."""
    return Contract.objects.public()


def _filtered(contracts: QuerySet[Contract], filters: ContractFilters) -> QuerySet[Contract]:
    for word in search_key(filters.q).split():
        contracts = contracts.filter(search_text__contains=word)
    if filters.publisher:
        contracts = contracts.filter(org_unit__code=filters.publisher)
    if filters.method:
        contracts = contracts.filter(method=filters.method)
    if filters.status:
        contracts = contracts.filter(status=filters.status)
    if filters.signed_from:
        contracts = contracts.filter(signed_on__gte=filters.signed_from)
    if filters.signed_to:
        contracts = contracts.filter(signed_on__lte=filters.signed_to)
    if filters.amount_min is not None:
        contracts = contracts.filter(amount__gte=filters.amount_min)
    if filters.amount_max is not None:
        contracts = contracts.filter(amount__lte=filters.amount_max)
    return contracts


def _ordered(contracts: QuerySet[Contract], sort: str) -> QuerySet[Contract]:
    return contracts.order_by(*CONTRACT_SORTS.get(sort, CONTRACT_SORTS[DEFAULT_CONTRACT_SORT]))


def contract_list(*, filters: ContractFilters) -> QuerySet[Contract]:
    """Public contracts matching `filters`, with their party and publisher (one query a page).

    Every word typed must appear in the normalized text (number, subject, party, company ID),
    so ی/ي, ک/ك, Persian/Arabic/ASCII digits and ZWNJ all match alike."""
    contracts = _filtered(_public_contracts(), filters)
    return _ordered(contracts.select_related("counterparty", "org_unit"), filters.sort)


# The export's columns: (header msgid key, values_list path). Kept flat so a download reads
# tuples straight from the cursor, never model instances.
EXPORT_FIELDS: Final = (
    "number",
    "title",
    "counterparty__name",
    "counterparty__company_id",
    "method",
    "amount",
    "signed_on",
    "starts_on",
    "ends_on",
    "status",
    "org_unit__code",
    "org_unit__name_fa",
    "org_unit__name_en",
)


def contract_export_rows(*, filters: ContractFilters) -> QuerySet[Contract]:
    """The same contracts as `contract_list`, as tuples of EXPORT_FIELDS, for streaming."""
    contracts = _ordered(_filtered(_public_contracts(), filters), filters.sort)
    return contracts.values_list(*EXPORT_FIELDS)


def contract_get_public(*, contract_id: int) -> Contract:
    """A contract's public page: published, or withdrawn (the page then says why)."""
    contract: Contract | None = (
        Contract.objects.public_pages()
        .select_related("counterparty", "org_unit", "dataset")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None:
        raise NotFoundError()
    return contract


def record_revisions(*, category: str, record_id: int) -> QuerySet[Revision]:
    """A public record's published corrections, newest first: "changed on …" and what."""
    return Revision.objects.filter(
        category=category, record_id=record_id, state=RevisionState.PUBLISHED
    ).order_by("-published_at", "-pk")


def contract_payments(*, contract: Contract) -> QuerySet[ContractPayment]:
    return ContractPayment.objects.filter(contract=contract).order_by("paid_on", "pk")
