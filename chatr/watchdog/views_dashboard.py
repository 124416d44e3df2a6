"""The watchdog dashboard and the monthly report: pages and CSV/XLSX downloads.

Adapters only: parse the filters, call the selectors in watchdog.dashboard, lay the figures
out as tables (the accessible source, and what the downloads contain) and bar charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import jdatetime
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chatr.core.jalali import JalaliDateField, format_date, jalali_month_name
from chatr.core.text import format_number, localize_digits
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import request_scope
from chatr.ui.charts import bar_chart
from chatr.ui.exports import Table, table_download
from chatr.ui.htmx import render_page_or_partial
from chatr.watchdog.dashboard import (
    MONTHLY_COUNTS_INTERVAL,
    Breakdown,
    Dashboard,
    MonthlyReport,
    Row,
    current_year_to_date,
    dashboard_get,
    dashboard_provinces,
    monthly_report_get,
    previous_jalali_month,
    selection_for,
)

MAX_PERIOD_DAYS = 3 * 366  # a bound on what one page may ask the database for
FIRST_REPORT_YEAR = 1395


def _persian() -> bool:
    return (translation.get_language() or "fa").startswith("fa")


def _month_name(month: int) -> str:
    return jalali_month_name(month)


# --- Forms (kept next to their only views) ---------------------------------------------------


class DashboardFilterForm(forms.Form):
    date_from = JalaliDateField(label=_("From date"), required=False)
    date_to = JalaliDateField(label=_("To date"), required=False)
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=None,
        required=False,
        empty_label=_("All provinces I may see"),
    )

    def __init__(self, *args: Any, provinces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]
        first, last = current_year_to_date()
        self.fields["date_from"].initial = first
        self.fields["date_to"].initial = last

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        default_first, default_last = current_year_to_date()
        first = data.get("date_from") or default_first
        last = data.get("date_to") or default_last
        if first > last:
            self.add_error("date_to", _("The end of the period is before its start."))
        elif (last - first).days > MAX_PERIOD_DAYS:
            self.add_error("date_from", _("Choose a period of three years or less."))
        data["date_from"], data["date_to"] = first, last
        return data


class MonthFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    month = forms.TypedChoiceField(label=_("Month"), coerce=int)
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=None,
        required=False,
        empty_label=_("All provinces I may see"),
    )

    def __init__(self, *args: Any, provinces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = jdatetime.date.fromgregorian(date=timezone.localdate()).year
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            (y, localize_digits(str(y))) for y in range(this_year, FIRST_REPORT_YEAR - 1, -1)
        ]
        self.fields["month"].choices = [  # type: ignore[attr-defined]
            (m, _month_name(m)) for m in range(1, 13)
        ]
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]
        year, month = previous_jalali_month()
        self.fields["year"].initial, self.fields["month"].initial = year, month


def _filters(request: HttpRequest, form_class: type[forms.Form]) -> tuple[Any, dict[str, Any]]:
    """The bound form (defaults when nothing was asked) and its clean data, or {} if invalid."""
    scope = request_scope(request)
    require(scope, Perm.WATCHDOG_DASHBOARD)
    provinces = dashboard_provinces(scope=scope)
    asked = {k: v for k, v in request.GET.items() if k not in ("format", "page")}
    if not asked:
        form = form_class(provinces=provinces)  # type: ignore[call-arg]
        initial = {name: field.initial for name, field in form.fields.items()}
        data = form_class(initial, provinces=provinces)  # type: ignore[call-arg]
        return form, (data.cleaned_data if data.is_valid() else {})
    form = form_class(request.GET, provinces=provinces)  # type: ignore[call-arg]
    return form, (form.cleaned_data if form.is_valid() else {})


# --- Tables: what the page shows under each chart and what the downloads contain -------------


def _breakdown_table(breakdown: Breakdown) -> Table:
    return Table(
        breakdown.key,
        str(breakdown.title),
        [str(breakdown.label_heading), gettext("Messages"), gettext("Share (%)")],
        [[r.label, r.count, r.percent] for r in breakdown.rows],
    )


def _hours(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.1"))


def dashboard_tables(dashboard: Dashboard) -> list[Table]:
    f = dashboard.figures
    sample_note = (
        gettext("Estimated from a random sample of %(n)s messages.") % {"n": f.cases}
        if f.sampled
        else ""
    )
    tables = [_breakdown_table(b) for b in dashboard.breakdowns.values()]
    tables.append(
        Table(
            "timing",
            gettext("Time to first answer and to closing"),
            [
                gettext("Measure"),
                gettext("Messages"),
                gettext("Median (hours)"),
                gettext("90th percentile (hours)"),
                gettext("Median (days)"),
                gettext("90th percentile (days)"),
            ],
            [
                [
                    label,
                    d.count,
                    _hours(d.median_hours),
                    _hours(d.p90_hours),
                    _hours(d.median_hours / 24 if d.median_hours is not None else None),
                    _hours(d.p90_hours / 24 if d.p90_hours is not None else None),
                ]
                for label, d in (
                    (gettext("Time to first answer"), f.first_answer),
                    (gettext("Time to closing"), f.close),
                )
            ],
            sample_note,
        )
    )
    tables.append(
        Table(
            "deadline",
            gettext("Answers within the deadline"),
            [gettext("Outcome"), gettext("Messages")],
            [
                [gettext("Answered within the deadline"), f.on_time],
                [gettext("Answered after the deadline"), f.late],
                [gettext("Not answered, deadline passed"), f.open_overdue],
                [gettext("Share answered within the deadline (%)"), f.share_on_time],
            ],
            sample_note,
        )
    )
    tables.append(
        Table(
            "satisfaction",
            gettext("Satisfaction (1 = very dissatisfied, 5 = very satisfied)"),
            [gettext("Rating"), gettext("Messages"), gettext("Share (%)")],
            [[r.label, r.count, r.percent] for r in f.ratings]
            + [[gettext("Average rating"), f.rated, f.rating_average]],
            sample_note,
        )
    )
    tables.append(
        Table(
            "overdue",
            gettext("Overdue messages (most late first)"),
            [
                gettext("Tracking code"),
                gettext("Filed"),
                gettext("Deadline"),
                gettext("Working days late"),
                gettext("Type"),
                gettext("Category"),
                gettext("Unit"),
                gettext("Status"),
            ],
            [
                [
                    item.tracking_code,
                    format_date(item.filed_at),
                    format_date(item.due_at),
                    item.working_days_late,
                    str(item.message_type),
                    item.category,
                    item.unit,
                    str(item.state),
                ]
                for item in dashboard.overdue
            ],
            (
                gettext(
                    "%(shown)s of at least %(total)s overdue messages, whatever their filing date."
                )
                if dashboard.overdue_capped
                else gettext("%(shown)s of %(total)s overdue messages, whatever their filing date.")
            )
            % {
                "shown": format_number(len(dashboard.overdue)),
                "total": format_number(dashboard.overdue_total),
            },
        )
    )
    return tables


def monthly_tables(report: MonthlyReport) -> list[Table]:
    return [_breakdown_table(b) for b in report.sections]


def _pairs(rows: Sequence[Row]) -> list[tuple[str, int]]:
    return [(row.label, row.count) for row in rows]


# --- Pages -----------------------------------------------------------------------------------


def _period_label(first: date, last: date) -> str:
    return gettext("%(first)s to %(last)s") % {
        "first": format_date(first),
        "last": format_date(last),
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    form, data = _filters(request, DashboardFilterForm)
    context: dict[str, Any] = {"form": form, "query": request.GET.urlencode()}
    if data:
        province = data.get("province")
        selection = selection_for(
            scope=scope,
            first=data["date_from"],
            last=data["date_to"],
            province_id=province.pk if province else None,
        )
        board = dashboard_get(scope=scope, selection=selection)
        rtl = translation.get_language_bidi()
        context.update(
            dashboard=board,
            province=province,
            period=_period_label(selection.first, selection.last),
            tables={t.key: t for t in dashboard_tables(board)},
            sections=[
                {"breakdown": b, "chart": bar_chart(_pairs(b.rows), rtl=rtl, key=b.key)}
                for b in board.breakdowns.values()
            ],
            ratings_chart=bar_chart(_pairs(board.figures.ratings), rtl=rtl, key="satisfaction"),
            percent_sign="٪" if _persian() else "%",
            past_months_refresh_minutes=int(MONTHLY_COUNTS_INTERVAL.total_seconds() // 60),
        )
    return render_page_or_partial(
        request,
        page="watchdog/dashboard/page.html",
        partial="watchdog/dashboard/results.html",
        context=context,
    )


def _jalali_slug(day: date) -> str:
    j = jdatetime.date.fromgregorian(date=day)
    return f"{j.year:04d}-{j.month:02d}-{j.day:02d}"


@login_required
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """The dashboard's tables as CSV or XLSX (`?format=csv|xlsx` and the page's filters)."""
    scope = request_scope(request)
    _form, data = _filters(request, DashboardFilterForm)
    if not data:
        return HttpResponse(gettext("Correct the filters of the dashboard first."), status=400)
    province = data.get("province")
    selection = selection_for(
        scope=scope,
        first=data["date_from"],
        last=data["date_to"],
        province_id=province.pk if province else None,
    )
    board = dashboard_get(scope=scope, selection=selection)
    title = gettext("Watchdog dashboard, %(period)s") % {
        "period": _period_label(selection.first, selection.last)
    }
    if province:
        title += f" — {province.name}"
    filename = f"watchdog-dashboard-{_jalali_slug(selection.first)}-{_jalali_slug(selection.last)}"
    return table_download(
        request=request, tables=dashboard_tables(board), title=title, filename=filename
    )


def _report_title(report: MonthlyReport, province: Any) -> str:
    title = gettext("Watchdog monthly report: %(month)s %(year)s") % {
        "month": _month_name(report.month),
        "year": localize_digits(str(report.year)),
    }
    return f"{title} — {province.name}" if province else title


@login_required
def monthly_report(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    form, data = _filters(request, MonthFilterForm)
    context: dict[str, Any] = {"form": form, "query": request.GET.urlencode()}
    if data:
        province = data.get("province")
        report = monthly_report_get(
            scope=scope,
            year=data["year"],
            month=data["month"],
            province_id=province.pk if province else None,
        )
        rtl = translation.get_language_bidi()
        context.update(
            report=report,
            report_title=_report_title(report, province),
            period=_period_label(report.selection.first, report.selection.last),
            sections=[
                {"breakdown": b, "chart": bar_chart(_pairs(b.rows), rtl=rtl, key=b.key)}
                for b in report.sections
            ],
            percent_sign="٪" if _persian() else "%",
            download_query=_download_query(data),
        )
    return render_page_or_partial(
        request,
        page="watchdog/dashboard/monthly.html",
        partial="watchdog/dashboard/monthly_results.html",
        context=context,
    )


def _download_query(data: dict[str, Any]) -> str:
    query = {"year": data["year"], "month": data["month"]}
    if data.get("province"):
        query["province"] = data["province"].pk
    return urlencode(query)


@login_required
def monthly_report_download(request: HttpRequest) -> HttpResponse:
    """The monthly report as a file (`?format=xlsx|csv&year=…&month=…`)."""
    scope = request_scope(request)
    _form, data = _filters(request, MonthFilterForm)
    if not data:
        return HttpResponse(gettext("Choose a year and a month."), status=400)
    province = data.get("province")
    report = monthly_report_get(
        scope=scope,
        year=data["year"],
        month=data["month"],
        province_id=province.pk if province else None,
    )
    tables = monthly_tables(report)
    tables.insert(
        0,
        Table(
            "total",
            gettext("Total"),
            [gettext("Period"), gettext("Messages")],
            [[_period_label(report.selection.first, report.selection.last), report.total]],
        ),
    )
    filename = f"watchdog-monthly-{report.year:04d}-{report.month:02d}"
    return table_download(
        request=request,
        tables=tables,
        title=_report_title(report, province),
        filename=filename,
    )
