"""Public pages of the expenditures category: the search with its charts (each beside its
table) and downloads, the Fiscal Data Package descriptor, and one record's page with its
public corrections. Adapters only: parse → selectors → render."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from chatr.transparency import fdp
from chatr.transparency.choices import DatasetCategory
from chatr.transparency.exports import EXPORT_FORMATS, EXPORTERS
from chatr.transparency.exports_expenditures import (
    EXPENDITURES_CODES_EXPORT,
    EXPENDITURES_EXPORT,
)
from chatr.transparency.forms_expenditures import ExpenditureSearchForm
from chatr.transparency.models.expenditures import jalali_month_label
from chatr.transparency.selectors import record_revisions
from chatr.transparency.selectors_expenditures import (
    ExpenditureTotals,
    expenditure_export_rows,
    expenditure_get_public,
    expenditure_list,
    expenditure_totals,
)
from chatr.ui.charts import bar_chart
from chatr.ui.htmx import render_page_or_partial

PAGE_SIZE = 20
# The charts are drawn in millions of rials (the tables beside them give the exact rials):
# billions of rials per bar would not fit the chart's value column.
CHART_UNIT = 1_000_000


def _charts(totals: ExpenditureTotals) -> dict[str, Any]:
    rtl = translation.get_language_bidi()
    months = [(jalali_month_label(item.year, item.month), item) for item in totals.months]
    return {
        "month_rows": months,
        "month_chart": bar_chart(
            [(label, round(item.amount / CHART_UNIT)) for label, item in months],
            rtl=rtl,
            key="months",
        ),
        "class_chart": bar_chart(
            [(item.label, round(item.amount / CHART_UNIT)) for item in totals.classes],
            rtl=rtl,
            key="classes",
        ),
    }


@require_safe
def expenditures(request: HttpRequest) -> HttpResponse:
    """Search, filter, sort; htmx swaps only the results, charts and live count."""
    form = ExpenditureSearchForm(request.GET or None)
    filters = form.filters()
    page = Paginator(expenditure_list(filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    totals = expenditure_totals(filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    download = request.GET.copy()
    for name in ("page", "format", "headers"):
        download.pop(name, None)
    return render_page_or_partial(
        request,
        page="transparency/pages/expenditures.html",
        partial="transparency/partials/expenditure_results.html",
        context={
            "form": form,
            "page": page,
            "totals": totals,
            **_charts(totals),
            "query": query.urlencode(),
            "download_query": download.urlencode(),
            "formats": EXPORT_FORMATS,
            "oob": True,
        },
    )


@require_safe
def expenditures_download(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The filtered list as `?format=csv|xlsx|json`, streamed; `&headers=codes` gives the
    machine columns the Fiscal Data Package describes."""
    kind = request.GET.get("format", "csv")
    if kind not in EXPORT_FORMATS:
        return HttpResponse(_("Choose the CSV, XLSX or JSON format."), status=400)
    headers = request.GET.get("headers", "")
    if headers not in ("", "codes"):
        return HttpResponse(_("The headings are either the default ones or codes."), status=400)
    spec = EXPENDITURES_CODES_EXPORT if headers == "codes" else EXPENDITURES_EXPORT
    form = ExpenditureSearchForm(request.GET)
    # The queryset itself: on PostgreSQL the people's CSV is then written by a COPY.
    rows = expenditure_export_rows(filters=form.filters())
    return EXPORTERS[kind](spec, rows, filename="expenditures")


@require_safe
def expenditures_datapackage(request: HttpRequest) -> HttpResponse:
    """The Fiscal Data Package descriptor of the (filtered) expenditures."""
    return fdp.descriptor_response(request)


@require_safe
def expenditure_detail(request: HttpRequest, expenditure_id: int) -> HttpResponse:
    expenditure = expenditure_get_public(expenditure_id=expenditure_id)
    revisions = list(
        record_revisions(category=DatasetCategory.EXPENDITURES, record_id=expenditure.pk)
    )
    return render(
        request,
        "transparency/pages/expenditure.html",
        {"expenditure": expenditure, "revisions": revisions},
    )
