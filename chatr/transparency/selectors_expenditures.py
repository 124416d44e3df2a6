"""Public reads of the expenditures category: the filtered list, its download rows, the
monthly and per-class totals behind its charts, and one record's page.

As everywhere on the portal (`PublishedRecordQuerySet`), only published records of published
datasets are listed, totalled and downloaded; a withdrawn record keeps its page, with the
public reason.

The table holds millions of rows, so every read names the datasets it may show
(`public(datasets=…)`): their published ids are read first (one small query) and filtered as
literals, and the planner then walks the (dataset, state, year, month) or (state, year, month)
index in the page's order instead of sorting a join.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from django.db.models import QuerySet, Sum

from chatr.core.errors import NotFoundError
from chatr.core.text import search_key
from chatr.org.models import OrgUnit
from chatr.transparency.choices import DatasetCategory, EconomicClass
from chatr.transparency.models import Dataset, Expenditure
from chatr.transparency.models.datasets import DatasetQuerySet

# The public sort keys and their ORDER BY (pk last, so pages never overlap).
EXPENDITURE_SORTS: Final = {
    "-month": ("-year", "-month", "-pk"),
    "month": ("year", "month", "pk"),
    "-amount": ("-amount", "-pk"),
    "amount": ("amount", "pk"),
}
DEFAULT_EXPENDITURE_SORT: Final = "-month"


@dataclass(frozen=True)
class ExpenditureFilters:
    """Expenditure search. `publisher` is an org-unit code ("HQ", "P08"); `year` a Jalali
    year; `month_from`/`month_to` bound the Jalali month (in that year, or in every year)."""

    q: str = ""
    publisher: str = ""
    economic_class: str = ""
    year: int | None = None
    month_from: int | None = None
    month_to: int | None = None
    sort: str = DEFAULT_EXPENDITURE_SORT


def expenditure_datasets(*, publisher: str = "") -> DatasetQuerySet:
    """The published expenditures datasets (of one publisher, given its org-unit code)."""
    datasets = Dataset.objects.published().filter(category=DatasetCategory.EXPENDITURES)
    if publisher:
        datasets = datasets.filter(org_unit__code=publisher)
    return datasets.select_related("org_unit").order_by("org_unit__code", "code")


def expenditure_publishers() -> QuerySet[OrgUnit]:
    """Org units with a published expenditures dataset: the publisher filter's choices."""
    return OrgUnit.objects.filter(pk__in=expenditure_datasets().values("org_unit_id")).order_by(
        "code"
    )


def _public(filters: ExpenditureFilters) -> QuerySet[Expenditure]:
    expenditures = Expenditure.objects.public(
        datasets=expenditure_datasets(publisher=filters.publisher)
    )
    for word in search_key(filters.q).split():
        expenditures = expenditures.filter(search_text__contains=word)
    if filters.economic_class:
        expenditures = expenditures.filter(economic_class=filters.economic_class)
    if filters.year is not None:
        expenditures = expenditures.filter(year=filters.year)
    if filters.month_from is not None:
        expenditures = expenditures.filter(month__gte=filters.month_from)
    if filters.month_to is not None:
        expenditures = expenditures.filter(month__lte=filters.month_to)
    return expenditures


def _ordered(expenditures: QuerySet[Expenditure], sort: str) -> QuerySet[Expenditure]:
    order = EXPENDITURE_SORTS.get(sort, EXPENDITURE_SORTS[DEFAULT_EXPENDITURE_SORT])
    return expenditures.order_by(*order)


def expenditure_list(*, filters: ExpenditureFilters) -> QuerySet[Expenditure]:
    """Public expenditures matching `filters`, with their publisher (one query a page).

    Every word typed must appear in the normalized unit and program, so ی/ي, ک/ك,
    Persian/Arabic/ASCII digits and ZWNJ all match alike."""
    return _ordered(_public(filters).select_related("org_unit"), filters.sort)


# The download's columns, read as flat tuples straight from the cursor (exports_expenditures
# gives their headings and formats).
EXPORT_FIELDS: Final = (
    "pk",
    "org_unit__code",
    "org_unit__name_fa",
    "org_unit__name_en",
    "unit_name",
    "program",
    "economic_class",
    "year",
    "month",
    "amount",
)


def expenditure_export_rows(*, filters: ExpenditureFilters) -> QuerySet[Expenditure]:
    """The same expenditures as `expenditure_list`, as tuples of EXPORT_FIELDS."""
    rows = _ordered(_public(filters), filters.sort)
    return rows.values_list(*EXPORT_FIELDS)


@dataclass(frozen=True)
class MonthTotal:
    year: int
    month: int
    amount: int


@dataclass(frozen=True)
class ClassTotal:
    economic_class: str
    label: str
    amount: int


@dataclass(frozen=True)
class ExpenditureTotals:
    """The filtered expenditures summed per Jalali month (in order) and per economic class
    (in the classification's order, classes without spending left out)."""

    months: list[MonthTotal]
    classes: list[ClassTotal]

    @property
    def total(self) -> int:
        return sum(item.amount for item in self.months)


def expenditure_totals(*, filters: ExpenditureFilters) -> ExpenditureTotals:
    """Sums for the charts and their tables: two aggregate queries over the filtered set."""
    expenditures = _public(filters)
    months = [
        MonthTotal(year=row["year"], month=row["month"], amount=row["total"])
        for row in expenditures.values("year", "month")
        .annotate(total=Sum("amount"))
        .order_by("year", "month")
    ]
    by_class = {
        row["economic_class"]: row["total"]
        for row in expenditures.values("economic_class").annotate(total=Sum("amount")).order_by()
    }
    classes = [
        ClassTotal(economic_class=str(code), label=str(label), amount=by_class[code])
        for code, label in EconomicClass.choices
        if code in by_class
    ]
    return ExpenditureTotals(months=months, classes=classes)


def expenditure_get_public(*, expenditure_id: int) -> Expenditure:
    """An expenditure's public page: published, or withdrawn (the page then says why)."""
    expenditure: Expenditure | None = (
        Expenditure.objects.public_pages()
        .select_related("org_unit", "dataset")
        .filter(pk=expenditure_id)
        .first()
    )
    if expenditure is None:
        raise NotFoundError()
    return expenditure
