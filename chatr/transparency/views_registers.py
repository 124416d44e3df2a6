"""Public pages of the registers: managers, properties and assets, public donations, hiring.

Each has a search page (htmx swaps only the results and the live count), a streamed download
of the filtered list (`?format=csv|xlsx|json`) and a record page with its public corrections
or the reason it was withdrawn. Assets add a chart of counts per type, donations charts of
totals per month and purpose, each with its table. Adapters only: parse → selector → render.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from chatr.transparency.exports import EXPORT_FORMATS, EXPORTERS, ExportSpec
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
    RegisterSearchForm,
)
from chatr.transparency.selectors_registers import (
    Total,
    asset_type_counts,
    donation_totals,
    register_export_rows,
    register_get_public,
    register_list,
    register_revisions,
)
from chatr.ui.charts import bar_chart
from chatr.ui.htmx import render_page_or_partial

PAGE_SIZE = 20
MILLION = 1_000_000


def _rtl() -> bool:
    return bool(translation.get_language_bidi())


def _asset_charts(filters: Any) -> dict[str, Any]:
    counts = asset_type_counts(filters=filters)
    return {
        "type_counts": counts,
        "type_total": sum(c.count for c in counts),
        "type_chart": bar_chart(
            [(c.label, c.count) for c in counts], rtl=_rtl(), key="asset-types"
        ),
    }


def _millions(totals: list[Total], key: str) -> dict[str, Any]:
    """A chart of amounts in million rials (whole millions; the table has the rials)."""
    return bar_chart([(t.label, round(t.amount / MILLION)) for t in totals], rtl=_rtl(), key=key)


def _donation_charts(filters: Any) -> dict[str, Any]:
    totals = donation_totals(filters=filters)
    return {
        "totals": totals,
        "month_chart": _millions(totals.by_month, "donations-month"),
        "purpose_chart": _millions(totals.by_purpose, "donations-purpose"),
    }


@dataclass(frozen=True)
class RegisterPages:
    """One register's pages: the search `pages/<name>.html` (htmx: `partials/<name>_results.html`),
    its download (`<name>.csv|xlsx|json`), the record page `pages/<record_template>.html`, and
    what the search page shows beside the list (charts and their tables)."""

    name: str
    form: type[RegisterSearchForm]
    export: ExportSpec
    record_template: str
    charts: Callable[[Any], dict[str, Any]] | None = None


MANAGERS = RegisterPages("managers", ManagerSearchForm, MANAGERS_EXPORT, "manager")
ASSETS = RegisterPages("assets", AssetSearchForm, ASSETS_EXPORT, "asset", _asset_charts)
DONATIONS = RegisterPages(
    "donations", DonationSearchForm, DONATIONS_EXPORT, "donation", _donation_charts
)
HIRING = RegisterPages("hiring", HiringSearchForm, HIRING_EXPORT, "hiring_announcement")


@require_safe
def register_search(request: HttpRequest, *, pages: RegisterPages) -> HttpResponse:
    """The search page, or for htmx only its results and the live count."""
    form = pages.form(request.GET or None)
    filters = form.filters()
    records = register_list(form.register, filters=filters)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    download = query.copy()
    download.pop("format", None)
    return render_page_or_partial(
        request,
        page=f"transparency/pages/{pages.name}.html",
        partial=f"transparency/partials/{pages.name}_results.html",
        context={
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "download_query": download.urlencode(),
            "formats": EXPORT_FORMATS,
            "oob": True,
            **(pages.charts(filters) if pages.charts else {}),
        },
    )


@require_safe
def register_download(
    request: HttpRequest, *, pages: RegisterPages
) -> HttpResponse | StreamingHttpResponse:
    """The filtered list as `?format=csv|xlsx|json`, streamed."""
    kind = request.GET.get("format", "csv")
    if kind not in EXPORT_FORMATS:
        return HttpResponse(_("Choose the CSV, XLSX or JSON format."), status=400)
    form = pages.form(request.GET)
    rows = register_export_rows(form.register, filters=form.filters())
    return EXPORTERS[kind](pages.export, rows, filename=pages.name)


@require_safe
def register_record(request: HttpRequest, record_id: int, *, pages: RegisterPages) -> HttpResponse:
    """A record with its public corrections, or the reason it was withdrawn."""
    register = pages.form.register
    record = register_get_public(register, record_id=record_id)
    return render(
        request,
        f"transparency/pages/{pages.record_template}.html",
        {
            "record": record,
            "revisions": register_revisions(category=register.category, record=record),
        },
    )
