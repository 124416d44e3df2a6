"""/api/v1/centers/figures/: the care-center figures (services by ownership, children in care
per province with each province's share of the national total, centers per licence type per
province), for staff clients.

A thin adapter over `chatr.centers.reports.center_figures`, scoped by the caller's Scope.
`?format=csv` gives the same tables as the page's download. Shares are percentages with one
decimal; a column of them adds up to exactly 100 (children: of the national total).
"""

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from chatr.api.base import ErrorOut, staff_auth
from chatr.centers.reports import (
    CenterFigures,
    ChildrenRow,
    FigureUnit,
    OwnershipRow,
    TypesRow,
    center_figures,
)
from chatr.core.errors import in_both_languages
from chatr.org.scope import request_scope

router = Router(tags=["centers"], auth=staff_auth)

ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}


class FiguresQuery(Schema):
    on: date | None = None  # residents and children in care on this day; default: today
    province: str | None = None  # a province code (e.g. "P19"): that province only
    format: Literal["json", "csv"] = "json"


class UnitOut(Schema):
    id: int
    code: str
    name_fa: str
    name_en: str


class LabelOut(Schema):
    code: str
    label_fa: str
    label_en: str


class OwnershipRowOut(Schema):
    ownership: str | None  # null for the totals
    label_fa: str
    label_en: str
    centers: int
    capacity: int
    residents: int
    centers_share: float
    capacity_share: float
    residents_share: float


class OwnershipOut(Schema):
    rows: list[OwnershipRowOut]
    total: OwnershipRowOut


class ChildrenRowOut(Schema):
    province: UnitOut | None  # null for the totals
    children: int
    national_share: float


class ChildrenOut(Schema):
    rows: list[ChildrenRowOut]
    total: ChildrenRowOut
    national_total: int


class TypesRowOut(Schema):
    province: UnitOut | None  # null for the totals
    counts: dict[str, int]  # licence type -> active centers
    total: int


class TypesOut(Schema):
    types: list[LabelOut]
    rows: list[TypesRowOut]
    total: TypesRowOut


class FiguresOut(Schema):
    on: date
    province: UnitOut | None
    ownership: OwnershipOut
    children: ChildrenOut
    types: TypesOut


def _unit(unit: FigureUnit | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {"id": unit.id, "code": unit.code, "name_fa": unit.name_fa, "name_en": unit.name_en}


def _ownership_row(row: OwnershipRow) -> dict[str, Any]:
    label_fa, label_en = in_both_languages(row.label) if row.ownership else ("", "")
    return {
        "ownership": row.ownership or None,
        "label_fa": label_fa,
        "label_en": label_en,
        "centers": row.centers,
        "capacity": row.capacity,
        "residents": row.residents,
        "centers_share": row.centers_share,
        "capacity_share": row.capacity_share,
        "residents_share": row.residents_share,
    }


def _children_row(row: ChildrenRow) -> dict[str, Any]:
    return {
        "province": _unit(row.province),
        "children": row.children,
        "national_share": row.national_share,
    }


def _types_row(row: TypesRow) -> dict[str, Any]:
    return {"province": _unit(row.province), "counts": row.counts, "total": row.total}


def _figures(figures: CenterFigures) -> dict[str, Any]:
    ownership, children, types = figures.ownership, figures.children, figures.types
    labels = []
    for code, label in types.types:
        label_fa, label_en = in_both_languages(label)
        labels.append({"code": code, "label_fa": label_fa, "label_en": label_en})
    return {
        "on": figures.on,
        "province": _unit(figures.province),
        "ownership": {
            "rows": [_ownership_row(r) for r in ownership.rows],
            "total": _ownership_row(ownership.total),
        },
        "children": {
            "rows": [_children_row(r) for r in children.rows],
            "total": _children_row(children.total),
            "national_total": children.national_total,
        },
        "types": {
            "types": labels,
            "rows": [_types_row(r) for r in types.rows],
            "total": _types_row(types.total),
        },
    }


def _csv(figures: CenterFigures) -> Any:
    from chatr.centers.views_figures import figures_tables
    from chatr.ui.exports import tables_csv

    where = f"-{figures.province.code}" if figures.province else ""
    return tables_csv(
        figures_tables(figures),
        title=f"centers figures{where.replace('-', ' ')} {figures.on.isoformat()}",
        filename=f"centers-figures{where}-{figures.on.isoformat()}.csv",
    )


@router.get(
    "",
    response={200: FiguresOut, **ERRORS},
    summary="Services by ownership, children in care per province, centers per type",
)
def get_figures(request: HttpRequest, query: Query[FiguresQuery]):  # type: ignore[no-untyped-def]
    figures = center_figures(
        scope=request_scope(request), on=query.on, province=query.province or None
    )
    if query.format == "csv":
        return _csv(figures)
    return _figures(figures)
