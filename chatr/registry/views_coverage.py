"""Coverage figures (charts, the tables behind them, CSV/XLSX downloads) and the bulk import
page. Adapters only: parse → one selector or service → render."""

from __future__ import annotations

import csv
import io
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
from chatr.core.jalali import format_date, jalali_day, jalali_month_name
from chatr.core.text import localize_digits
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope, request_scope
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
    CACHE_SECONDS_TODAY,
    CoverageReport,
    CoverageRow,
    CoverageSeries,
    SeriesRow,
    coverage_default_level,
    coverage_provinces,
    coverage_report,
    coverage_series,
)
from chatr.ui.charts import bar_chart
from chatr.ui.exports import Table, table_download
from chatr.ui.form_errors import add_error_to_form


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


# ---------------------------------------------------------------- tables and charts


def _month_label(year: int, month: int) -> str:
    return f"{jalali_month_name(month)} {localize_digits(str(year))}"


def coverage_tables(report: CoverageReport, series: CoverageSeries) -> list[Table]:
    """What the page shows under its charts and the downloads contain: one row per unit,
    then the total row (the page sets it apart as the table's footer)."""
    unit_heading = gettext("Province") if report.level == "province" else gettext("County")
    everywhere = gettext("Total")
    measures = [(code, str(label)) for code, label in report.measures]

    def name(row: CoverageRow | SeriesRow) -> str:
        return row.unit.name if row.unit else everywhere

    def figures(row: CoverageRow) -> list[Any]:
        return [
            name(row),
            row.households,
            row.people,
            row.covered,
            *[row.measures[code] for code, _label in measures],
        ]

    def by(key: str, title: str, groups: list[tuple[str, Any]], attr: str) -> Table:
        codes = [code for code, _label in groups]
        return Table(
            key,
            title,
            [unit_heading, *[str(label) for _code, label in groups]],
            [
                [name(r), *[getattr(r, attr)[code] for code in codes]]
                for r in [*report.rows, report.total]
            ],
        )

    return [
        Table(
            "coverage",
            gettext("Households, people and covered clients"),
            [
                unit_heading,
                gettext("Households"),
                gettext("People"),
                gettext("Covered clients"),
                *[label for _code, label in measures],
            ],
            [figures(r) for r in [*report.rows, report.total]],
        ),
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
            [[name(r), *r.covered] for r in [*series.rows, series.total]],
        ),
    ]


def _sections(tables: list[Table]) -> list[dict[str, Any]]:
    """Each table (its unit rows apart from its total row) with the chart of the column it is
    about: covered clients per unit, the totals of each group, the month-end totals."""
    rtl = translation.get_language_bidi()
    main, targets, subs, series = tables
    totals = {t.key: t.rows[-1] for t in tables}
    pairs = {
        main.key: [(str(r[0]), r[3]) for r in main.rows[:-1]],
        **{
            t.key: list(zip(t.headers[1:], totals[t.key][1:], strict=True))
            for t in (targets, subs, series)
        },
    }
    return [
        {
            "table": t,
            "rows": t.rows[:-1],
            "total": totals[t.key],
            "chart": bar_chart(pairs[t.key], rtl=rtl, key=t.key),
        }
        for t in tables
    ]


# ---------------------------------------------------------------- coverage page


def _coverage_filters(request: HttpRequest) -> tuple[CoverageFilterForm, dict[str, Any] | None]:
    scope = request_scope(request)
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
    scope = request_scope(request)
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
        fresh_minutes=CACHE_SECONDS_TODAY // 60,
    )
    return render(request, "registry/pages/coverage.html", context)


def _plain_query(report: CoverageReport) -> dict[str, str]:
    """The filters of a report with ASCII digits, so a download link asks for the same."""
    query = {"on": jalali_day(report.on)}
    if report.province:
        query["province"] = str(report.province.id)
    return query


@login_required
def coverage_export(request: HttpRequest) -> HttpResponse:
    """The coverage tables as CSV or XLSX (`?format=csv|xlsx` and the page's filters)."""
    scope = request_scope(request)
    _form, data = _coverage_filters(request)
    if data is None:
        return HttpResponse(gettext("Correct the filters, then download again."), status=400)
    report, series = _figures(scope, data)
    day = _plain_query(report)["on"].replace("/", "-")
    return table_download(
        request=request,
        tables=coverage_tables(report, series),
        title=_title(report),
        filename=f"coverage-{report.level}-{day}",
    )


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
    scope = request_scope(request)
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
    require(request_scope(request), Perm.REGISTRY_EDIT)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(template_rows())
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registry-import-template.csv"'
    return response
