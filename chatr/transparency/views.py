"""Public pages of the transparency portal: the catalogue of datasets, the contract search
with its downloads, and a contract's page. Adapters only: parse → one selector → render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from chatr.transparency.choices import DatasetCategory
from chatr.transparency.exports import (
    CONTRACTS_EXPORT,
    EXPORT_FORMATS,
    EXPORTERS,
)
from chatr.transparency.forms import ContractSearchForm
from chatr.transparency.selectors import (
    contract_export_rows,
    contract_get_public,
    contract_list,
    contract_payments,
    dataset_catalogue,
    record_revisions,
)
from chatr.ui.htmx import render_page_or_partial
from chatr.ui.paging import CappedPaginator

PAGE_SIZE = 20


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "transparency/pages/home.html", {"groups": dataset_catalogue()})


@require_safe
def contracts(request: HttpRequest) -> HttpResponse:
    """Search, filter, sort; htmx swaps only the results (and the live count, which stops at
    "more than 10,000": an exact count of a common word would reread a fifth of the table)."""
    form = ContractSearchForm(request.GET or None)
    page = CappedPaginator(contract_list(filters=form.filters()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    download = request.GET.copy()
    download.pop("page", None)
    download.pop("format", None)
    return render_page_or_partial(
        request,
        page="transparency/pages/contracts.html",
        partial="transparency/partials/contract_results.html",
        context={
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "download_query": download.urlencode(),
            "formats": EXPORT_FORMATS,
            "oob": True,
        },
    )


@require_safe
def contracts_download(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The filtered list as `?format=csv|xlsx|json`, streamed."""
    kind = request.GET.get("format", "csv")
    if kind not in EXPORT_FORMATS:
        return HttpResponse(_("Choose the CSV, XLSX or JSON format."), status=400)
    form = ContractSearchForm(request.GET)
    # The queryset itself: on PostgreSQL the CSV is then written by a COPY (exports.export_csv).
    rows = contract_export_rows(filters=form.filters())
    return EXPORTERS[kind](CONTRACTS_EXPORT, rows, filename="contracts")


@require_safe
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = contract_get_public(contract_id=contract_id)
    payments = list(contract_payments(contract=contract))
    return render(
        request,
        "transparency/pages/contract.html",
        {
            "contract": contract,
            "payments": payments,
            "paid_total": sum(p.amount for p in payments),
            "revisions": list(
                record_revisions(category=DatasetCategory.CONTRACTS, record_id=contract.pk)
            ),
        },
    )
