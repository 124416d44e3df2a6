"""/api/v1/registry/coverage/: coverage figures per province and county, for staff clients.

Thin adapters over chatr.registry.reports, scoped by the caller's Scope. `?format=csv` gives
the same tables as the page's download.
"""

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from chatr.api.base import ErrorOut, staff_auth
from chatr.core.errors import NotFoundError, in_both_languages
from chatr.org.scope import Scope, request_scope
from chatr.registry.reports import (
    CoverageReport,
    CoverageRow,
    CoverageSeries,
    CoverageUnit,
    coverage_default_level,
    coverage_provinces,
    coverage_report,
    coverage_series,
)

router = Router(tags=["registry"], auth=staff_auth)

ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class CoverageQuery(Schema):
    level: Literal["province", "county"] | None = None  # default: province for HQ, else county
    on: date | None = None  # default: today
    province: str | None = None  # a province code (e.g. "P19"): its counties only
    format: Literal["json", "csv"] = "json"


class UnitOut(Schema):
    id: int
    code: str
    name_fa: str
    name_en: str


class CoverageRowOut(Schema):
    unit: UnitOut | None  # null for the totals
    households: int
    people: int
    covered: int
    by_target_group: dict[str, int]
    by_sub_group: dict[str, int]
    measures: dict[str, int]


class LabelOut(Schema):
    code: str
    label_fa: str
    label_en: str


class CoverageOut(Schema):
    on: date
    level: str
    province: UnitOut | None
    rows: list[CoverageRowOut]
    total: CoverageRowOut
    target_groups: list[LabelOut]
    sub_groups: list[LabelOut]
    measures: list[LabelOut]


class MonthOut(Schema):
    year: int  # Jalali
    month: int
    counted_on: date


class SeriesRowOut(Schema):
    unit: UnitOut | None
    covered: list[int]  # one per month, oldest first


class SeriesOut(Schema):
    on: date
    level: str
    province: UnitOut | None
    months: list[MonthOut]
    rows: list[SeriesRowOut]
    total: SeriesRowOut


def _arguments(scope: Scope, query: CoverageQuery) -> dict[str, Any]:
    province_id = None
    if query.province:
        found = [p for p in coverage_provinces(scope=scope) if p.code == query.province.upper()]
        if not found:
            raise NotFoundError()
        province_id = found[0].id
    return {
        "scope": scope,
        "on": query.on,
        "level": query.level or coverage_default_level(scope=scope),
        "province_id": province_id,
    }


def _unit(unit: CoverageUnit | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {"id": unit.id, "code": unit.code, "name_fa": unit.name_fa, "name_en": unit.name_en}


def _row(row: CoverageRow) -> dict[str, Any]:
    return {
        "unit": _unit(row.unit),
        "households": row.households,
        "people": row.people,
        "covered": row.covered,
        "by_target_group": row.by_target_group,
        "by_sub_group": row.by_sub_group,
        "measures": row.measures,
    }


def _labels(choices: list[tuple[str, Any]]) -> list[dict[str, str]]:
    out = []
    for code, label in choices:
        label_fa, label_en = in_both_languages(label)
        out.append({"code": code, "label_fa": label_fa, "label_en": label_en})
    return out


def _report(report: CoverageReport) -> dict[str, Any]:
    return {
        "on": report.on,
        "level": report.level,
        "province": _unit(report.province),
        "rows": [_row(r) for r in report.rows],
        "total": _row(report.total),
        "target_groups": _labels(report.target_groups),
        "sub_groups": _labels(report.sub_groups),
        "measures": _labels(report.measures),
    }


def _series(series: CoverageSeries) -> dict[str, Any]:
    return {
        "on": series.on,
        "level": series.level,
        "province": _unit(series.province),
        "months": [
            {"year": y, "month": m, "counted_on": d}
            for (y, m), d in zip(series.months, series.month_ends, strict=True)
        ],
        "rows": [{"unit": _unit(r.unit), "covered": r.covered} for r in series.rows],
        "total": {"unit": None, "covered": series.total.covered},
    }


def _csv(report: CoverageReport, series: CoverageSeries) -> Any:
    from chatr.registry.views_coverage import coverage_tables
    from chatr.ui.exports import tables_csv

    return tables_csv(
        coverage_tables(report, series),
        title=f"coverage {report.level} {report.on.isoformat()}",
        filename=f"coverage-{report.level}-{report.on.isoformat()}.csv",
    )


@router.get(
    "",
    response={200: CoverageOut, **ERRORS},
    summary="Households, people and covered clients per province or county on a day",
)
def get_coverage(request: HttpRequest, query: Query[CoverageQuery]):  # type: ignore[no-untyped-def]
    arguments = _arguments(request_scope(request), query)
    report = coverage_report(**arguments)
    if query.format == "csv":
        return _csv(report, coverage_series(**arguments))
    return _report(report)


@router.get(
    "series",
    response={200: SeriesOut, **ERRORS},
    summary="Covered clients at the end of each of the last 12 Jalali months",
)
def get_coverage_series(request: HttpRequest, query: Query[CoverageQuery]):  # type: ignore[no-untyped-def]
    arguments = _arguments(request_scope(request), query)
    series = coverage_series(**arguments)
    if query.format == "csv":
        return _csv(coverage_report(**arguments), series)
    return _series(series)
