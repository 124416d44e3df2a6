"""Public reads of the registers: managers, properties and assets, public donations, hiring.

As for every category (`PublishedRecordQuerySet`): only records of published datasets exist
for the public; only published records are listed, counted and downloaded; a withdrawn one
keeps its page with the reason. Every word of a search must appear in the record's normalized
`search_text`, so ی/ي, ک/ك, Persian/Arabic/ASCII digits and ZWNJ match alike.

The four registers read alike: a `Register` says what differs (model, sorts, the category's
own filters, the download's columns) and `register_list`, `register_export_rows` and
`register_get_public` do the rest; the named selectors below (`manager_list`, …) are those
with the register filled in.

What the public never sees: an asset's value unless `value_public` (exports read an annotation
that is NULL otherwise; correction notes drop it), and an anonymous donor (never stored).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, Generic, TypeVar

from django.db.models import BigIntegerField as BigIntegerOutput
from django.db.models import Case, Count, F, Model, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from chatr.core.errors import NotFoundError
from chatr.core.jalali import jalali_month_name
from chatr.core.text import localize_digits, search_key
from chatr.org.models import OrgUnit
from chatr.transparency.choices import AssetType, DatasetCategory, DonationPurpose
from chatr.transparency.models import (
    Asset,
    Dataset,
    Donation,
    HiringAnnouncement,
    Manager,
    Revision,
)
from chatr.transparency.selectors import record_revisions

RecordT = TypeVar("RecordT", bound=Model)

_PUBLISHER_FIELDS: Final = ("org_unit__code", "org_unit__name_fa", "org_unit__name_en")


def register_publishers(*, category: str) -> QuerySet[OrgUnit]:
    """Org units with a published dataset of `category`: the publisher filter's choices."""
    return OrgUnit.objects.filter(
        pk__in=Dataset.objects.published().filter(category=category).values("org_unit_id")
    ).order_by("code")


@dataclass(frozen=True)
class Register(Generic[RecordT]):
    """What differs between the registers' public reads. `narrow` applies the category's own
    filters (words and publisher are common); `export_annotations` are computed columns the
    download reads instead of stored ones."""

    category: str
    model: type[RecordT]
    sorts: Mapping[str, tuple[Any, ...]]
    default_sort: str
    export_fields: tuple[str, ...]
    narrow: Callable[[QuerySet[RecordT], Any], QuerySet[RecordT]]
    export_annotations: Mapping[str, Any] = field(default_factory=dict)


def _matching(register: Register[RecordT], filters: Any) -> QuerySet[RecordT]:
    """The public records of `register` matching `filters` (which carry q and publisher)."""
    records: QuerySet[RecordT] = register.model._default_manager.public()  # type: ignore[attr-defined]
    for word in search_key(filters.q).split():
        records = records.filter(search_text__contains=word)
    if filters.publisher:
        records = records.filter(org_unit__code=filters.publisher)
    return register.narrow(records, filters)


def _sorted(
    register: Register[RecordT], records: QuerySet[RecordT], sort: str
) -> QuerySet[RecordT]:
    return records.order_by(*register.sorts.get(sort, register.sorts[register.default_sort]))


def register_list(register: Register[RecordT], *, filters: Any) -> QuerySet[RecordT]:
    """Public records matching `filters`, in their sort, with their publisher (one query a
    page)."""
    records = _matching(register, filters).select_related("org_unit")
    return _sorted(register, records, filters.sort)


def register_export_rows(register: Register[RecordT], *, filters: Any) -> QuerySet[Any]:
    """The same records as `register_list`, as tuples of the register's export fields."""
    records = _sorted(register, _matching(register, filters), filters.sort)
    rows: QuerySet[Any] = records.annotate(**register.export_annotations)
    return rows.values_list(*register.export_fields)


def register_get_public(register: Register[RecordT], *, record_id: int) -> RecordT:
    """A record's public page: published, or withdrawn (the page then says why)."""
    record = (
        register.model._default_manager.public_pages()  # type: ignore[attr-defined]
        .filter(pk=record_id)
        .select_related("org_unit", "dataset")
        .first()
    )
    if record is None:
        raise NotFoundError()
    return record  # type: ignore[no-any-return]


def register_revisions(*, category: str, record: Any) -> list[Revision]:
    """A public record's published corrections ("changed on …: before → after"), newest first,
    without what the record does not publish now (an asset's value that is not public, the
    name of a donor who is not named)."""
    hidden: set[str] = set()
    if category == DatasetCategory.ASSETS and not record.value_public:
        hidden = {"value"}
    elif category == DatasetCategory.DONATIONS and not record.donor_named:
        hidden = {"donor_name"}
    notes = []
    for revision in record_revisions(category=category, record_id=record.pk):
        if hidden:
            revision.changes = {k: v for k, v in revision.changes.items() if k not in hidden}
        if revision.changes:
            notes.append(revision)
    return notes


# ---------------------------------------------------------------- managers

MANAGER_SORTS: Final = {
    "-since": ("-since", "-pk"),
    "since": ("since", "pk"),
    "full_name": ("full_name", "pk"),
}
DEFAULT_MANAGER_SORT: Final = "-since"
TENURE_CURRENT: Final = "current"
TENURE_FORMER: Final = "former"


@dataclass(frozen=True)
class ManagerFilters:
    """`publisher` is an org-unit code; `tenure` is "", "current" or "former"."""

    q: str = ""
    publisher: str = ""
    tenure: str = ""
    sort: str = DEFAULT_MANAGER_SORT


def _narrow_managers(managers: QuerySet[Manager], filters: ManagerFilters) -> QuerySet[Manager]:
    in_office = Q(until__isnull=True) | Q(until__gte=timezone.localdate())
    if filters.tenure == TENURE_CURRENT:
        managers = managers.filter(in_office)
    elif filters.tenure == TENURE_FORMER:
        managers = managers.exclude(in_office)
    return managers


MANAGERS: Final = Register(
    category=DatasetCategory.MANAGERS,
    model=Manager,
    sorts=MANAGER_SORTS,
    default_sort=DEFAULT_MANAGER_SORT,
    export_fields=("full_name", "position", "unit_name", "since", "until", *_PUBLISHER_FIELDS),
    narrow=_narrow_managers,
)


def manager_list(*, filters: ManagerFilters) -> QuerySet[Manager]:
    """Public managers matching `filters`, with their publisher (one query a page)."""
    return register_list(MANAGERS, filters=filters)


def manager_export_rows(*, filters: ManagerFilters) -> QuerySet[Any]:
    return register_export_rows(MANAGERS, filters=filters)


def manager_get_public(*, manager_id: int) -> Manager:
    return register_get_public(MANAGERS, record_id=manager_id)


# ---------------------------------------------------------------- properties and assets

ASSET_SORTS: Final = {
    "asset_code": ("asset_code", "pk"),
    "-area": (F("area").desc(nulls_last=True), "pk"),
    "area": (F("area").asc(nulls_last=True), "pk"),
    "title": ("title", "pk"),
}
DEFAULT_ASSET_SORT: Final = "asset_code"


@dataclass(frozen=True)
class AssetFilters:
    q: str = ""
    publisher: str = ""
    asset_type: str = ""
    ownership: str = ""
    sort: str = DEFAULT_ASSET_SORT


def _narrow_assets(assets: QuerySet[Asset], filters: AssetFilters) -> QuerySet[Asset]:
    if filters.asset_type:
        assets = assets.filter(asset_type=filters.asset_type)
    if filters.ownership:
        assets = assets.filter(ownership=filters.ownership)
    return assets


# The value goes out only where it is public: the export reads this annotation, never `value`.
# Lists are never sorted or filtered by value, which is not public for every asset.
_SHOWN_VALUE: Final = Case(
    When(value_public=True, then=F("value")), default=Value(None), output_field=BigIntegerOutput()
)

ASSETS: Final = Register(
    category=DatasetCategory.ASSETS,
    model=Asset,
    sorts=ASSET_SORTS,
    default_sort=DEFAULT_ASSET_SORT,
    export_fields=(
        "asset_code",
        "asset_type",
        "title",
        "area",
        "province",
        "county",
        "address",
        "ownership",
        "current_use",
        "shown_value",
        *_PUBLISHER_FIELDS,
    ),
    narrow=_narrow_assets,
    export_annotations={"shown_value": _SHOWN_VALUE},
)


def asset_list(*, filters: AssetFilters) -> QuerySet[Asset]:
    return register_list(ASSETS, filters=filters)


def asset_export_rows(*, filters: AssetFilters) -> QuerySet[Any]:
    return register_export_rows(ASSETS, filters=filters)


def asset_get_public(*, asset_id: int) -> Asset:
    return register_get_public(ASSETS, record_id=asset_id)


@dataclass(frozen=True)
class TypeCount:
    asset_type: str
    label: str
    count: int


def asset_type_counts(*, filters: AssetFilters) -> list[TypeCount]:
    """How many public assets of each type match `filters` (the chart and its table), in
    the types' order; types with none are left out."""
    counts = dict(
        _matching(ASSETS, filters)
        .order_by()
        .values("asset_type")
        .annotate(n=Count("pk"))
        .values_list("asset_type", "n")
    )
    return [
        TypeCount(asset_type=value, label=str(label), count=counts[value])
        for value, label in AssetType.choices
        if counts.get(value)
    ]


# ---------------------------------------------------------------- public donations

DONATION_SORTS: Final = {
    "-received_on": ("-received_on", "-pk"),
    "received_on": ("received_on", "pk"),
    "-amount": ("-amount", "-pk"),
    "amount": ("amount", "pk"),
}
DEFAULT_DONATION_SORT: Final = "-received_on"


@dataclass(frozen=True)
class DonationFilters:
    q: str = ""
    publisher: str = ""
    channel: str = ""
    purpose: str = ""
    received_from: date | None = None
    received_to: date | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    sort: str = DEFAULT_DONATION_SORT


def _narrow_donations(
    donations: QuerySet[Donation], filters: DonationFilters
) -> QuerySet[Donation]:
    if filters.channel:
        donations = donations.filter(channel=filters.channel)
    if filters.purpose:
        donations = donations.filter(purpose=filters.purpose)
    if filters.received_from:
        donations = donations.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        donations = donations.filter(received_on__lte=filters.received_to)
    if filters.amount_min is not None:
        donations = donations.filter(amount__gte=filters.amount_min)
    if filters.amount_max is not None:
        donations = donations.filter(amount__lte=filters.amount_max)
    return donations


DONATIONS: Final = Register(
    category=DatasetCategory.DONATIONS,
    model=Donation,
    sorts=DONATION_SORTS,
    default_sort=DEFAULT_DONATION_SORT,
    export_fields=(
        "receipt_number",
        "received_on",
        "channel",
        "purpose",
        "amount",
        "description",
        # Empty unless the donor chose to be named: the writer stores no other name.
        "donor_name",
        *_PUBLISHER_FIELDS,
    ),
    narrow=_narrow_donations,
)


def donation_list(*, filters: DonationFilters) -> QuerySet[Donation]:
    return register_list(DONATIONS, filters=filters)


def donation_export_rows(*, filters: DonationFilters) -> QuerySet[Any]:
    return register_export_rows(DONATIONS, filters=filters)


def donation_get_public(*, donation_id: int) -> Donation:
    return register_get_public(DONATIONS, record_id=donation_id)


@dataclass(frozen=True)
class Total:
    """One row of the donation totals: a Jalali month (YYYYMM) or a purpose."""

    key: Any
    label: str
    count: int
    amount: int


@dataclass(frozen=True)
class DonationTotals:
    by_month: list[Total]
    by_purpose: list[Total]
    count: int
    amount: int


def _month_label(month: int) -> str:
    return localize_digits(f"{jalali_month_name(month % 100)} {month // 100}")


def donation_totals(*, filters: DonationFilters) -> DonationTotals:
    """Totals of the public donations matching `filters`, per Jalali month (oldest first)
    and per purpose (largest first): two grouped queries, whatever the number of rows.
    Donors never appear here."""
    donations = _matching(DONATIONS, filters).order_by()
    months = (
        donations.values("month")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by("month")
        .values_list("month", "n", "total")
    )
    purposes = (
        donations.values("purpose")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by("-total", "purpose")
        .values_list("purpose", "n", "total")
    )
    labels = dict(DonationPurpose.choices)
    by_month = [Total(m, _month_label(m), n, total) for m, n, total in months]
    by_purpose = [Total(p, str(labels.get(p, p)), n, total) for p, n, total in purposes]
    return DonationTotals(
        by_month=by_month,
        by_purpose=by_purpose,
        count=sum(t.count for t in by_month),
        amount=sum(t.amount for t in by_month),
    )


# ---------------------------------------------------------------- hiring

HIRING_SORTS: Final = {
    "-announced_on": ("-announced_on", "-pk"),
    "announced_on": ("announced_on", "pk"),
    "-applications_close_on": ("-applications_close_on", "-pk"),
    "-positions": ("-positions", "-pk"),
}
DEFAULT_HIRING_SORT: Final = "-announced_on"


@dataclass(frozen=True)
class HiringFilters:
    q: str = ""
    publisher: str = ""
    status: str = ""
    announced_from: date | None = None
    announced_to: date | None = None
    sort: str = DEFAULT_HIRING_SORT


def _narrow_hiring(
    announcements: QuerySet[HiringAnnouncement], filters: HiringFilters
) -> QuerySet[HiringAnnouncement]:
    if filters.status:
        announcements = announcements.filter(status=filters.status)
    if filters.announced_from:
        announcements = announcements.filter(announced_on__gte=filters.announced_from)
    if filters.announced_to:
        announcements = announcements.filter(announced_on__lte=filters.announced_to)
    return announcements


HIRING: Final = Register(
    category=DatasetCategory.HIRING,
    model=HiringAnnouncement,
    sorts=HIRING_SORTS,
    default_sort=DEFAULT_HIRING_SORT,
    export_fields=(
        "number",
        "title",
        "unit_name",
        "positions",
        "announced_on",
        "applications_close_on",
        "exam_on",
        "results_on",
        "status",
        "results_url",
        "results_text",
        *_PUBLISHER_FIELDS,
    ),
    narrow=_narrow_hiring,
)


def hiring_list(*, filters: HiringFilters) -> QuerySet[HiringAnnouncement]:
    return register_list(HIRING, filters=filters)


def hiring_export_rows(*, filters: HiringFilters) -> QuerySet[Any]:
    return register_export_rows(HIRING, filters=filters)


def hiring_get_public(*, announcement_id: int) -> HiringAnnouncement:
    return register_get_public(HIRING, record_id=announcement_id)
