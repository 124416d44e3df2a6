"""Coverage figures (charts, the tables behind them, CSV/XLSX downloads) and the bulk import
page. Adapters only: parse → one selector or service → render."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from chatr.core.errors import ApplicationError
from chatr.core.jalali import format_date, jalali_month_names, to_jalali
from chatr.core.text import format_number, language_is_persian, localize_digits
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.registry.forms_coverage import CoverageFilterForm, ImportForm
from chatr.registry.imports import (
    COLUMNS,
    ERROR,
    MODE_ALL_OR_NOTHING,
    ImportReport,
    registry_import,
    template_rows,
)
from chatr.registry.reports import (
    CoverageReport,
    CoverageSeries,
    coverage_default_level,
    coverage_provinces,
    coverage_report,
    coverage_series,
)
from chatr.ui.form_errors import add_error_to_form

_ENGLISH_MONTHS = (
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
)
_BAD_CHARACTERS_IN_SHEET_TITLES = str.maketrans({c: " " for c in "[]:*?/\\"})


def _scope(request: HttpRequest) -> Scope:
    return request.scope  # type: ignore[attr-defined,no-any-return]


def register_coverage_tools() -> None:
    """Workspace tools for these pages; call from RegistryConfig.ready()."""
    from chatr.ui.tools import Tool, register_tool

    register_tool(
        Tool("registry.coverage", _("Coverage figures"), "registry:coverage", Perm.REGISTRY_VIEW)
    )
    register_tool(
        Tool(
            "registry.import",
            _("Import people and households"),
            "registry:import",
            Perm.REGISTRY_EDIT,
        )
    )


# ---------------------------------------------------------------- tables and downloads


@dataclass(frozen=True)
class Table:
    """A table as shown under its chart and as written to the downloads."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]  # the first cell labels the row; the others are plain numbers
    total: list[Any] | None = None


def csv_response(tables: Sequence[Table], *, title: str, filename: str) -> HttpResponse:
    """The tables one after another, each under its title (UTF-8 with a BOM, so spreadsheet
    programs read the Persian text correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows(table.rows)
        if table.total:
            writer.writerow(table.total)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(tables: Sequence[Table], *, title: str, filename: str) -> HttpResponse:
    """One sheet per table, right to left in Persian."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    if workbook.active is not None:
        workbook.remove(workbook.active)
    rtl = translation.get_language_bidi()
    used: set[str] = set()
    for table in tables:
        name = table.title.translate(_BAD_CHARACTERS_IN_SHEET_TITLES)[:28].strip() or table.key
        while name in used:
            name = name[:26] + f"-{len(used)}"
        used.add(name)
        sheet = workbook.create_sheet(name)
        sheet.sheet_view.rightToLeft = rtl
        sheet.append([title])
        sheet.append([table.title])
        sheet.append(table.headers)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in [*table.rows, *([table.total] if table.total else [])]:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
        sheet.column_dimensions["A"].width = 30
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _month_label(year: int, month: int) -> str:
    if language_is_persian():
        return f"{jalali_month_names[month - 1]} {localize_digits(str(year))}"
    return f"{_ENGLISH_MONTHS[month - 1]} {year}"


def coverage_tables(report: CoverageReport, series: CoverageSeries) -> list[Table]:
    unit_heading = gettext("Province") if report.level == "province" else gettext("County")
    everywhere = gettext("Total")
    measures = [(code, str(label)) for code, label in report.measures]
    main = Table(
        "coverage",
        gettext("Households, people and covered clients"),
        [
            unit_heading,
            gettext("Households"),
            gettext("People"),
            gettext("Covered clients"),
            *[label for _code, label in measures],
        ],
        [
            [
                r.unit.name if r.unit else everywhere,
                r.households,
                r.people,
                r.covered,
                *[r.measures[code] for code, _label in measures],
            ]
            for r in report.rows
        ],
        [
            everywhere,
            report.total.households,
            report.total.people,
            report.total.covered,
            *[report.total.measures[code] for code, _label in measures],
        ],
    )

    def by(key: str, title: str, groups: list[tuple[str, Any]], attr: str) -> Table:
        return Table(
            key,
            title,
            [unit_heading, *[str(label) for _code, label in groups]],
            [
                [r.unit.name if r.unit else "", *[getattr(r, attr)[c] for c, _label in groups]]
                for r in report.rows
            ],
            [everywhere, *[getattr(report.total, attr)[c] for c, _label in groups]],
        )

    return [
        main,
        by(
            "target_groups",
            gettext("Covered clients by target group"),
            report.target_groups,
            "by_target_group",
        ),
        by(
            "sub_groups", gettext("Covered clients by sub-group"), report.sub_groups, "by_sub_group"
        ),
        Table(
            "series",
            gettext("Covered clients at the end of each month"),
            [unit_heading, *[_month_label(y, m) for y, m in series.months]],
            [[r.unit.name if r.unit else "", *r.covered] for r in series.rows],
            [everywhere, *series.total.covered],
        ),
    ]


# ---------------------------------------------------------------- charts (inline SVG)

_CHART_WIDTH = 640
_LABEL_WIDTH = 190
_VALUE_WIDTH = 90
_BAR_HEIGHT = 20
_ROW_HEIGHT = 28
_LABEL_MAX = 28


def bar_chart(rows: Sequence[tuple[str, int]], *, rtl: bool) -> dict[str, Any]:
    """Geometry of a horizontal bar chart (labels on the reading side, values beside bars)."""
    most = max((count for _label, count in rows), default=0) or 1
    room = _CHART_WIDTH - _LABEL_WIDTH - _VALUE_WIDTH
    bars = []
    for i, (label, count) in enumerate(rows):
        width = round(room * count / most, 1)
        y = i * _ROW_HEIGHT + 6
        label = label if len(label) <= _LABEL_MAX else label[: _LABEL_MAX - 1] + "…"
        if rtl:
            x, label_x = _CHART_WIDTH - _LABEL_WIDTH - width, float(_CHART_WIDTH - 4)
            value_x = x - 6
        else:
            x, label_x = float(_LABEL_WIDTH), 4.0
            value_x = _LABEL_WIDTH + width + 6
        bars.append(
            {
                "x": x,
                "y": y,
                "width": max(width, 1 if count else 0),
                "text_y": y + _BAR_HEIGHT * 0.72,
                "label": label,
                "label_x": label_x,
                "value_x": value_x,
                "value": format_number(count),
            }
        )
    return {
        "width": _CHART_WIDTH,
        "height": max(len(rows), 1) * _ROW_HEIGHT + 8,
        "bar_height": _BAR_HEIGHT,
        "direction": "rtl" if rtl else "ltr",
        "bars": bars,
    }


def _sections(tables: list[Table]) -> list[dict[str, Any]]:
    """Each table with the chart of the column it is about (covered clients per unit, the
    totals of each group, the month-end totals)."""
    rtl = translation.get_language_bidi()
    main, targets, subs, series = tables
    charts = [
        bar_chart([(str(r[0]), r[3]) for r in main.rows], rtl=rtl),
        bar_chart(list(zip(targets.headers[1:], (targets.total or [])[1:], strict=True)), rtl=rtl),
        bar_chart(list(zip(subs.headers[1:], (subs.total or [])[1:], strict=True)), rtl=rtl),
        bar_chart(list(zip(series.headers[1:], (series.total or [])[1:], strict=True)), rtl=rtl),
    ]
    return [{"table": t, "chart": c} for t, c in zip(tables, charts, strict=True)]


# ---------------------------------------------------------------- coverage page


def _coverage_filters(request: HttpRequest) -> tuple[CoverageFilterForm, dict[str, Any] | None]:
    scope = _scope(request)
    require(scope, Perm.REGISTRY_VIEW)
    provinces = coverage_provinces(scope=scope)
    default_level = coverage_default_level(scope=scope)
    asked = {k: v for k, v in request.GET.items() if k != "format"}
    form = CoverageFilterForm(asked or None, provinces=provinces, default_level=default_level)
    if not asked:
        return form, {"on": None, "level": default_level, "province": None}
    return form, (form.cleaned_data if form.is_valid() else None)


def _figures(scope: Scope, data: dict[str, Any]) -> tuple[CoverageReport, CoverageSeries]:
    arguments = {
        "scope": scope,
        "on": data.get("on") or timezone.localdate(),
        "level": data["level"],
        "province_id": data.get("province"),
    }
    return coverage_report(**arguments), coverage_series(**arguments)


def _title(report: CoverageReport) -> str:
    title = gettext("Coverage figures on %(day)s") % {"day": format_date(report.on, style="long")}
    return f"{title} — {report.province.name}" if report.province else title


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    form, data = _coverage_filters(request)
    context: dict[str, Any] = {"form": form}
    if data is None:
        return render(request, "registry/pages/coverage.html", context, status=400)
    report, series = _figures(scope, data)
    context.update(
        report=report,
        series=series,
        title=_title(report),
        sections=_sections(coverage_tables(report, series)),
        download_query=urlencode({"level": report.level, **_plain_query(report)}),
    )
    return render(request, "registry/pages/coverage.html", context)


def _plain_query(report: CoverageReport) -> dict[str, str]:
    """The filters of a report with ASCII digits, so a download link asks for the same."""
    day = to_jalali(report.on)
    query = {"on": f"{day.year:04d}/{day.month:02d}/{day.day:02d}"}
    if report.province:
        query["province"] = str(report.province.id)
    return query


@login_required
def coverage_export(request: HttpRequest) -> HttpResponse:
    """The coverage tables as CSV or XLSX (`?format=csv|xlsx` and the page's filters)."""
    scope = _scope(request)
    _form, data = _coverage_filters(request)
    kind = request.GET.get("format", "csv")
    if data is None or kind not in ("csv", "xlsx"):
        return HttpResponse(gettext("Correct the filters, then download again."), status=400)
    report, series = _figures(scope, data)
    tables = coverage_tables(report, series)
    day = _plain_query(report)["on"].replace("/", "-")
    filename = f"coverage-{report.level}-{day}.{kind}"
    respond = xlsx_response if kind == "xlsx" else csv_response
    return respond(tables, title=_title(report), filename=filename)


# ---------------------------------------------------------------- import page


def _report_context(report: ImportReport) -> dict[str, Any]:
    issues = [(row, issue) for row in report.rows for issue in row.issues]
    return {
        "report": report,
        "summary": report.summary(),
        "row_issues": issues,
        "error_rows": [r for r in report.rows if r.status == ERROR],
        "all_or_nothing": report.mode == MODE_ALL_OR_NOTHING,
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a file, choose the mode, get the row-by-row report."""
    scope = _scope(request)
    require(scope, Perm.REGISTRY_EDIT)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "columns": COLUMNS}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = registry_import(
                    actor=request.user,
                    scope=scope,
                    mode=form.cleaned_data["mode"],
                    content=upload.read(),
                    filename=upload.name or "",
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                context.update(_report_context(report))
                status = 200 if report.ok or report.committed else 400
    return render(request, "registry/pages/import.html", context, status=status)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """The documented layout as a CSV with two example rows."""
    require(_scope(request), Perm.REGISTRY_EDIT)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(template_rows())
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registry-import-template.csv"'
    return response
