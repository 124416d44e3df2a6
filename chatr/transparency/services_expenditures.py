"""Writes of the expenditures category: the one writer of expenditure records, called by the
editors' imports (`kinds_expenditures`) and the demo. Publishing, corrections and withdrawal
are the generic ones of `services_publishing`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.core.errors import ApplicationError
from chatr.core.text import normalize_persian, search_key
from chatr.org.services import stamp_org_unit
from chatr.transparency.choices import DatasetCategory, EconomicClass, RecordState
from chatr.transparency.models import Dataset, Expenditure
from chatr.transparency.models.expenditures import JALALI_YEAR_MAX, JALALI_YEAR_MIN


@dataclass(frozen=True)
class ExpenditureData:
    unit_name: str
    program: str
    economic_class: str
    year: int  # Jalali
    month: int  # Jalali, 1–12
    amount: int  # rials


def expenditure_key(
    *, unit_name: str, program: str, economic_class: str, year: int, month: int
) -> str:
    """The record key of an expenditure: what `kinds_expenditures` computes from a row's key
    columns (unit, program, class, year, month), so an import finds the record this wrote."""
    return "|".join((unit_name, program, economic_class, str(year), str(month)))


def expenditure_search_text(*, unit_name: str, program: str) -> str:
    return search_key(f"{unit_name} {program}")


def _check(data: ExpenditureData, unit_name: str, program: str) -> None:
    valid = (
        bool(unit_name)
        and bool(program)
        and data.economic_class in EconomicClass.values
        and JALALI_YEAR_MIN <= data.year <= JALALI_YEAR_MAX
        and 1 <= data.month <= 12
        and data.amount >= 0
    )
    if not valid:
        raise ApplicationError(
            "expenditure_invalid",
            _(
                "An expenditure needs its unit, program, economic classification, a Jalali "
                "month and an amount of zero rials or more."
            ),
        )


@transaction.atomic
def expenditure_record(
    *, dataset: Dataset, data: ExpenditureData, publish: bool = False
) -> Expenditure:
    """Create or update the expenditure of `dataset` with this unit, program, economic class
    and month (idempotent on those five: only the amount changes).

    A new expenditure is a draft that its import's review publishes (`services_publishing`);
    `publish=True` publishes a new one at once (the demo's and tests' seeded records)."""
    if dataset.category != DatasetCategory.EXPENDITURES:
        raise ApplicationError(
            "dataset_not_expenditures",
            _("Expenditures can only be recorded in an expenditures dataset."),
        )
    unit_name = normalize_persian(data.unit_name)
    program = normalize_persian(data.program)
    _check(data, unit_name, program)
    key = expenditure_key(
        unit_name=unit_name,
        program=program,
        economic_class=data.economic_class,
        year=data.year,
        month=data.month,
    )
    expenditure = Expenditure.objects.select_for_update().filter(
        dataset=dataset, record_key=key
    ).first() or Expenditure(dataset=dataset, record_key=key)
    stamp_org_unit(expenditure, dataset.org_unit)
    expenditure.unit_name = unit_name
    expenditure.program = program
    expenditure.economic_class = data.economic_class
    expenditure.year = data.year
    expenditure.month = data.month
    expenditure.amount = data.amount
    expenditure.search_text = expenditure_search_text(unit_name=unit_name, program=program)
    if publish and expenditure.state == RecordState.DRAFT:
        expenditure.state = RecordState.PUBLISHED
        expenditure.published_at = timezone.now()
    expenditure.save()
    return expenditure
