"""/api/v1/transparency/expenditures: the expenditure search (the page's filters,
limit/offset), its monthly and per-class totals, and one expenditure with its public
corrections. Public, throttled; an expenditure of an unpublished dataset, or a draft, is
"not found", exactly like a missing one. Mounted on the transparency router (`api.py`)."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from chatr.api.base import ErrorOut, Pagination, public_throttle
from chatr.core.text import to_ascii_digits
from chatr.transparency.choices import DatasetCategory
from chatr.transparency.models import Expenditure, Revision
from chatr.transparency.models.expenditures import JALALI_YEAR_MAX, JALALI_YEAR_MIN
from chatr.transparency.selectors import record_revisions
from chatr.transparency.selectors_expenditures import (
    DEFAULT_EXPENDITURE_SORT,
    ExpenditureFilters,
    expenditure_get_public,
    expenditure_list,
    expenditure_totals,
)

router = Router(tags=["transparency"])


class ExpenditureOut(Schema):
    id: int
    publisher: str
    unit_name: str
    program: str
    economic_class: str
    year: int = Field(description="Jalali year")
    month: int = Field(description="Jalali month, 1–12")
    amount: int = Field(description="Rials")

    @staticmethod
    def resolve_publisher(obj: Expenditure) -> str:
        return obj.org_unit.code


class CorrectionOut(Schema):
    published_at: datetime | None
    changes: dict[str, list[str]] = Field(description="column → [before, after], as shown")


class ExpenditureDetailOut(ExpenditureOut):
    dataset: str
    state: str = Field(description="published, or withdrawn (with its public reason)")
    withdrawn_at: datetime | None
    withdrawn_reason: str
    corrections: list[CorrectionOut]

    @staticmethod
    def resolve_dataset(obj: Expenditure) -> str:
        return obj.dataset.code

    @staticmethod
    def resolve_corrections(obj: Expenditure) -> list[Revision]:
        return list(record_revisions(category=DatasetCategory.EXPENDITURES, record_id=obj.pk))


class MonthTotalOut(Schema):
    year: int
    month: int
    amount: int


class ClassTotalOut(Schema):
    economic_class: str
    label: str
    amount: int


class TotalsOut(Schema):
    total: int
    months: list[MonthTotalOut]
    classes: list[ClassTotalOut]


class ExpenditureQuery(Schema):
    q: str = ""
    publisher: str = ""
    economic_class: str = ""
    year: int | None = Field(None, ge=JALALI_YEAR_MIN, le=JALALI_YEAR_MAX)
    month_from: int | None = Field(None, ge=1, le=12)
    month_to: int | None = Field(None, ge=1, le=12)
    sort: str = DEFAULT_EXPENDITURE_SORT

    def filters(self) -> ExpenditureFilters:
        return ExpenditureFilters(
            q=to_ascii_digits(self.q),
            publisher=self.publisher,
            economic_class=self.economic_class,
            year=self.year,
            month_from=self.month_from,
            month_to=self.month_to,
            sort=self.sort,
        )


@router.get(
    "/expenditures",
    response=list[ExpenditureOut],
    throttle=public_throttle(),
    summary="Public expenditures: the portal's search and filters (Jalali year and months)",
)
@paginate(Pagination)
def list_expenditures(request: HttpRequest, filters: Query[ExpenditureQuery]):  # type: ignore[no-untyped-def]
    return expenditure_list(filters=filters.filters())


@router.get(
    "/expenditures/totals",
    response=TotalsOut,
    throttle=public_throttle(),
    summary="The filtered expenditures summed per Jalali month and per economic class",
)
def expenditures_totals(request: HttpRequest, filters: Query[ExpenditureQuery]):  # type: ignore[no-untyped-def]
    totals = expenditure_totals(filters=filters.filters())
    return {"total": totals.total, "months": totals.months, "classes": totals.classes}


@router.get(
    "/expenditures/{expenditure_id}",
    response={200: ExpenditureDetailOut, 404: ErrorOut},
    throttle=public_throttle(),
    summary="One public expenditure with its published corrections",
)
def get_expenditure(request: HttpRequest, expenditure_id: int):  # type: ignore[no-untyped-def]
    return expenditure_get_public(expenditure_id=expenditure_id)
