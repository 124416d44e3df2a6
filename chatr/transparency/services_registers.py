"""Writers of the registers: managers, properties and assets, public donations and hiring.

Each `<entity>_record` creates or updates the record of a dataset with the given key
(idempotent), stamps it with the dataset's publisher and keeps its search text. The record
kinds (`kinds_registers`) call them for imports and published corrections; the demo and tests
call them with `publish=True` to publish a new record at once. A new record is otherwise a
draft that its import's review publishes (`services_publishing`).

Privacy: a manager is published with name, position and unit only; a donor's name is stored
only when the donor chose to be named (`donation_record` drops it otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.core.errors import ApplicationError
from chatr.core.jalali import to_jalali
from chatr.core.text import normalize_persian, search_key, to_ascii_digits
from chatr.org.services import stamp_org_unit
from chatr.transparency.choices import (
    AssetOwnership,
    AssetType,
    DatasetCategory,
    DonationChannel,
    DonationPurpose,
    HiringStatus,
    RecordState,
)
from chatr.transparency.models import (
    Asset,
    Dataset,
    Donation,
    HiringAnnouncement,
    Manager,
    Revision,
)


def register_code(text: str) -> str:
    """A printed identifier (asset number, receipt number, announcement number) as stored:
    dashes and slashes kept, digits unified, upper case."""
    return to_ascii_digits(normalize_persian(text)).upper()


def _require_category(dataset: Dataset, category: str) -> None:
    if dataset.category != category:
        raise ApplicationError(
            "dataset_wrong_category",
            _("This record cannot be recorded in a dataset of another category."),
        )


def _publish_if_asked(record: Any, publish: bool) -> None:
    if publish and record.state == RecordState.DRAFT:
        record.state = RecordState.PUBLISHED
        record.published_at = timezone.now()


def _invalid(code: str, message: Any) -> ApplicationError:
    return ApplicationError(code, message)


# ---------------------------------------------------------------- managers


@dataclass(frozen=True)
class ManagerData:
    full_name: str
    position: str
    unit_name: str
    since: date
    until: date | None = None


def manager_key(*, unit_name: str, position: str, full_name: str) -> str:
    """The managers kind's record key: unit, position and name (as the import joins them)."""
    return "|".join(normalize_persian(part) for part in (unit_name, position, full_name))


@transaction.atomic
def manager_record(*, dataset: Dataset, data: ManagerData, publish: bool = False) -> Manager:
    """Create or update the appointment of `data.full_name` to a position of a unit."""
    _require_category(dataset, DatasetCategory.MANAGERS)
    full_name = normalize_persian(data.full_name)
    position = normalize_persian(data.position)
    unit_name = normalize_persian(data.unit_name)
    if not (full_name and position and unit_name):
        raise _invalid("manager_invalid", _("A manager needs a name, a position and a unit."))
    if len(full_name) > 60 or len(position) > 70 or len(unit_name) > 68:
        raise _invalid(
            "manager_invalid",
            _("A manager's name, position and unit are at most 60, 70 and 68 characters."),
        )
    if data.until is not None and data.until < data.since:
        raise _invalid("manager_invalid", _("The term in office ends before it starts."))
    key = manager_key(unit_name=unit_name, position=position, full_name=full_name)
    manager = Manager.objects.filter(dataset=dataset, record_key=key).first() or Manager(
        dataset=dataset, record_key=key
    )
    stamp_org_unit(manager, dataset.org_unit)
    manager.full_name = full_name
    manager.position = position
    manager.unit_name = unit_name
    manager.since = data.since
    manager.until = data.until
    manager.search_text = search_key(f"{full_name} {position} {unit_name}")
    _publish_if_asked(manager, publish)
    manager.save()
    return manager


# ---------------------------------------------------------------- properties and assets


@dataclass(frozen=True)
class AssetData:
    asset_code: str
    asset_type: str
    title: str
    ownership: str
    current_use: str
    area: int | None = None
    province: str = ""
    county: str = ""
    address: str = ""
    value: int | None = None
    value_public: bool = False


@transaction.atomic
def asset_record(*, dataset: Dataset, data: AssetData, publish: bool = False) -> Asset:
    """Create or update the asset with the property number `data.asset_code`."""
    _require_category(dataset, DatasetCategory.ASSETS)
    code = register_code(data.asset_code)
    if (
        not code
        or data.asset_type not in AssetType.values
        or data.ownership not in AssetOwnership.values
        or (data.area is not None and data.area < 0)
        or (data.value is not None and data.value < 0)
    ):
        raise _invalid(
            "asset_invalid",
            _("An asset needs its number, a known type and ownership, and no negative figures."),
        )
    asset = Asset.objects.filter(dataset=dataset, record_key=code).first() or Asset(
        dataset=dataset, record_key=code
    )
    stamp_org_unit(asset, dataset.org_unit)
    asset.asset_code = code
    asset.asset_type = data.asset_type
    asset.title = normalize_persian(data.title)
    asset.area = data.area
    asset.province = normalize_persian(data.province)
    asset.county = normalize_persian(data.county)
    asset.address = normalize_persian(data.address)
    asset.ownership = data.ownership
    asset.current_use = normalize_persian(data.current_use)
    asset.value = data.value
    asset.value_public = data.value_public
    asset.search_text = search_key(
        " ".join(
            (code, asset.title, asset.province, asset.county, asset.address, asset.current_use)
        )
    )
    _publish_if_asked(asset, publish)
    asset.save()
    return asset


# ---------------------------------------------------------------- public donations


@dataclass(frozen=True)
class DonationData:
    receipt_number: str
    received_on: date
    channel: str
    purpose: str
    amount: int
    description: str = ""
    donor_named: bool = False
    # Kept only when `donor_named`: an anonymous donor's name is dropped, never stored.
    donor_name: str = ""


def jalali_month_key(day: date) -> int:
    """The Jalali month of a day as YYYYMM (what `Donation.month` holds)."""
    jalali = to_jalali(day)
    return int(jalali.year) * 100 + int(jalali.month)


@transaction.atomic
def donation_record(*, dataset: Dataset, data: DonationData, publish: bool = False) -> Donation:
    """Create or update the donation with the receipt number `data.receipt_number`.

    The donor's name is kept only if the donor chose to be named; a donor who withdraws
    that choice disappears from the donation and from its earlier correction notes."""
    _require_category(dataset, DatasetCategory.DONATIONS)
    number = register_code(data.receipt_number)
    if (
        not number
        or data.amount <= 0
        or data.channel not in DonationChannel.values
        or data.purpose not in DonationPurpose.values
    ):
        raise _invalid(
            "donation_invalid",
            _("A donation needs its receipt number, a known channel and purpose, and an amount."),
        )
    donor_name = normalize_persian(data.donor_name) if data.donor_named else ""
    if data.donor_named and not donor_name:
        raise _invalid(
            "donation_donor_name_missing",
            _("The donor chose to be named: write the name."),
        )
    donation = Donation.objects.filter(dataset=dataset, record_key=number).first() or Donation(
        dataset=dataset, record_key=number
    )
    was_named = donation.pk is not None and donation.donor_named
    stamp_org_unit(donation, dataset.org_unit)
    donation.receipt_number = number
    donation.received_on = data.received_on
    donation.month = jalali_month_key(data.received_on)
    donation.channel = data.channel
    donation.purpose = data.purpose
    donation.amount = data.amount
    donation.description = normalize_persian(data.description)
    donation.donor_named = data.donor_named
    donation.donor_name = donor_name
    donation.search_text = search_key(f"{number} {donation.description} {donor_name}")
    _publish_if_asked(donation, publish)
    donation.save()
    if was_named and not data.donor_named:
        _forget_donor_name(donation)
    return donation


def _forget_donor_name(donation: Donation) -> None:
    """Remove the name from the donation's correction notes (public once published)."""
    revisions = Revision.objects.select_for_update().filter(
        category=DatasetCategory.DONATIONS, record_id=donation.pk
    )
    for revision in revisions:
        revision.changes.pop("donor_name", None)
        revision.values.pop("donor_name", None)
        revision.save(update_fields=["changes", "values", "updated_at"])


# ---------------------------------------------------------------- hiring


@dataclass(frozen=True)
class HiringData:
    number: str
    title: str
    unit_name: str
    positions: int
    announced_on: date
    applications_close_on: date
    status: str
    exam_on: date | None = None
    results_on: date | None = None
    results_url: str = ""
    results_text: str = ""


def _check_hiring(data: HiringData) -> None:
    if data.positions <= 0 or data.status not in HiringStatus.values:
        raise _invalid(
            "hiring_invalid", _("An announcement needs at least one position and a known status.")
        )
    if data.applications_close_on < data.announced_on:
        raise _invalid("hiring_invalid", _("Applications close before the announcement."))
    last = data.applications_close_on
    for day in (data.exam_on, data.results_on):
        if day is not None:
            if day < last:
                raise _invalid("hiring_invalid", _("The stages must follow each other in time."))
            last = day
    if data.status == HiringStatus.RESULTS and data.results_on is None:
        raise _invalid("hiring_invalid", _("Published results need the date they were published."))
    if data.results_url:
        try:
            URLValidator(schemes=["http", "https"])(data.results_url)
        except ValidationError:
            raise _invalid(
                "hiring_invalid", _("The results document's address is not valid.")
            ) from None


@transaction.atomic
def hiring_record(
    *, dataset: Dataset, data: HiringData, publish: bool = False
) -> HiringAnnouncement:
    """Create or update the announcement `data.number` with its stages and results."""
    _require_category(dataset, DatasetCategory.HIRING)
    number = register_code(data.number)
    if not number:
        raise _invalid("hiring_invalid", _("An announcement needs its number."))
    _check_hiring(data)
    announcement = HiringAnnouncement.objects.filter(
        dataset=dataset, record_key=number
    ).first() or HiringAnnouncement(dataset=dataset, record_key=number)
    stamp_org_unit(announcement, dataset.org_unit)
    announcement.number = number
    announcement.title = normalize_persian(data.title)
    announcement.unit_name = normalize_persian(data.unit_name)
    announcement.positions = data.positions
    announcement.announced_on = data.announced_on
    announcement.applications_close_on = data.applications_close_on
    announcement.exam_on = data.exam_on
    announcement.results_on = data.results_on
    announcement.status = data.status
    announcement.results_url = data.results_url.strip()
    announcement.results_text = normalize_persian(data.results_text)
    announcement.search_text = search_key(f"{number} {announcement.title} {announcement.unit_name}")
    _publish_if_asked(announcement, publish)
    announcement.save()
    return announcement
