"""Public pages of the registers: managers, properties and assets, public donations, hiring.

Each has a search page (htmx swaps only the results and the live count), a streamed download
of the filtered list (`?format=csv|xlsx|json`) and a record page with its public corrections
or the reason it was withdrawn. Assets add a chart of counts per type, donations charts of
totals per month and purpose, each with its table. Adapters only: parse → selector → render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from chatr.transparency.choices import DatasetCategory
from chatr.transparency.exports import EXPORT_CHUNK, EXPORT_FORMATS, EXPORTERS, ExportSpec
from chatr.transparency.exports_registers import (
    ASSETS_EXPORT,
    DONATIONS_EXPORT,
    HIRING_EXPORT,
    MANAGERS_EXPORT,
)
from chatr.transparency.forms_registers import (
    AssetSearchForm,
    DonationSearchForm,
    HiringSearchForm,
    ManagerSearchForm,
)
from chatr.transparency.selectors_registers import (
    Total,
    asset_export_rows,
    asset_get_public,
    asset_list,
    asset_type_counts,
    donation_export_rows,
    donation_get_public,
    donation_list,
    donation_totals,
    hiring_export_rows,
    hiring_get_public,
    hiring_list,
    manager_export_rows,
    manager_get_public,
    manager_list,
    register_revisions,
)
from chatr.ui.charts import bar_chart
from chatr.ui.htmx import render_page_or_partial

PAGE_SIZE = 20
MILLION = 1_000_000


def _list_page(
    request: HttpRequest,
    *,
    name: str,
    form: forms.Form,
    records: QuerySet[Any],
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page `pages/<name>.html`, or for htmx `partials/<name>_results.html`."""
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    download = query.copy()
    download.pop("format", None)
    return render_page_or_partial(
        request,
        page=f"transparency/pages/{name}.html",
        partial=f"transparency/partials/{name}_results.html",
        context={
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "download_query": download.urlencode(),
            "formats": EXPORT_FORMATS,
            "oob": True,
            **(extra or {}),
        },
    )


def _download(
    request: HttpRequest,
    *,
    form: Any,
    rows: Callable[..., QuerySet[Any]],
    spec: ExportSpec,
    filename: str,
) -> HttpResponse | StreamingHttpResponse:
    kind = request.GET.get("format", "csv")
    if kind not in EXPORT_FORMATS:
        return HttpResponse(_("Choose the CSV, XLSX or JSON format."), status=400)
    cursor = rows(filters=form.filters()).iterator(chunk_size=EXPORT_CHUNK)
    return EXPORTERS[kind](spec, cursor, filename=filename)


def _record_page(
    request: HttpRequest, template: str, *, category: str, record: Any
) -> HttpResponse:
    return render(
        request,
        f"transparency/pages/{template}.html",
        {
            "record": record,
            "revisions": register_revisions(category=category, record=record),
        },
    )


def _rtl() -> bool:
    return bool(translation.get_language_bidi())


# ---------------------------------------------------------------- managers


@require_safe
def managers(request: HttpRequest) -> HttpResponse:
    form = ManagerSearchForm(request.GET or None)
    return _list_page(
        request, name="managers", form=form, records=manager_list(filters=form.filters())
    )


@require_safe
def managers_download(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    return _download(
        request,
        form=ManagerSearchForm(request.GET),
        rows=manager_export_rows,
        spec=MANAGERS_EXPORT,
        filename="managers",
    )


@require_safe
def manager_detail(request: HttpRequest, manager_id: int) -> HttpResponse:
    record = manager_get_public(manager_id=manager_id)
    return _record_page(request, "manager", category=DatasetCategory.MANAGERS, record=record)


# ---------------------------------------------------------------- properties and assets


@require_safe
def assets(request: HttpRequest) -> HttpResponse:
    form = AssetSearchForm(request.GET or None)
    filters = form.filters()
    counts = asset_type_counts(filters=filters)
    return _list_page(
        request,
        name="assets",
        form=form,
        records=asset_list(filters=filters),
        extra={
            "type_counts": counts,
            "type_total": sum(c.count for c in counts),
            "type_chart": bar_chart(
                [(c.label, c.count) for c in counts], rtl=_rtl(), key="asset-types"
            ),
        },
    )


@require_safe
def assets_download(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    return _download(
        request,
        form=AssetSearchForm(request.GET),
        rows=asset_export_rows,
        spec=ASSETS_EXPORT,
        filename="assets",
    )


@require_safe
def asset_detail(request: HttpRequest, asset_id: int) -> HttpResponse:
    record = asset_get_public(asset_id=asset_id)
    return _record_page(request, "asset", category=DatasetCategory.ASSETS, record=record)


# ---------------------------------------------------------------- public donations


def _millions(totals: list[Total], key: str) -> dict[str, Any]:
    """A chart of amounts in million rials (whole millions; the table has the rials)."""
    return bar_chart([(t.label, round(t.amount / MILLION)) for t in totals], rtl=_rtl(), key=key)


@require_safe
def donations(request: HttpRequest) -> HttpResponse:
    form = DonationSearchForm(request.GET or None)
    filters = form.filters()
    totals = donation_totals(filters=filters)
    return _list_page(
        request,
        name="donations",
        form=form,
        records=donation_list(filters=filters),
        extra={
            "totals": totals,
            "month_chart": _millions(totals.by_month, "donations-month"),
            "purpose_chart": _millions(totals.by_purpose, "donations-purpose"),
        },
    )


@require_safe
def donations_download(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    return _download(
        request,
        form=DonationSearchForm(request.GET),
        rows=donation_export_rows,
        spec=DONATIONS_EXPORT,
        filename="donations",
    )


@require_safe
def donation_detail(request: HttpRequest, donation_id: int) -> HttpResponse:
    record = donation_get_public(donation_id=donation_id)
    return _record_page(request, "donation", category=DatasetCategory.DONATIONS, record=record)


# ---------------------------------------------------------------- hiring


@require_safe
def hiring(request: HttpRequest) -> HttpResponse:
    form = HiringSearchForm(request.GET or None)
    return _list_page(
        request, name="hiring", form=form, records=hiring_list(filters=form.filters())
    )


@require_safe
def hiring_download(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    return _download(
        request,
        form=HiringSearchForm(request.GET),
        rows=hiring_export_rows,
        spec=HIRING_EXPORT,
        filename="hiring",
    )


@require_safe
def hiring_detail(request: HttpRequest, announcement_id: int) -> HttpResponse:
    record = hiring_get_public(announcement_id=announcement_id)
    return _record_page(
        request, "hiring_announcement", category=DatasetCategory.HIRING, record=record
    )
