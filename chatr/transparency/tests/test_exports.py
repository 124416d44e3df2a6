"""Streamed downloads of the contract list: CSV (with a BOM), JSON and XLSX, the same
filters as the page, and memory that does not grow with the number of rows."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from datetime import date

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from chatr.transparency.models import Contract
from chatr.transparency.services import contract_search_text
from chatr.transparency.tests.factories import make_contract, make_dataset, make_party

pytestmark = pytest.mark.django_db
URL = "/transparency/contracts/download/"


def body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


@pytest.fixture
def two(world):  # type: ignore[no-untyped-def]
    dataset = make_dataset("P08")
    make_contract(dataset, number="08-1", title="خرید ویلچر", amount=2_000_000_000)
    make_contract(dataset, number="08-2", title="خدمات نظافت", amount=500_000_000)
    make_contract(make_dataset("P10", published=False), number="10-1", title="پنهان")


def test_csv_is_streamed_with_a_bom_and_follows_the_search(client, two) -> None:
    response = client.get(URL, {"q": "ويلچر", "format": "csv"})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="contracts.csv"'
    data = body(response)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][0] == "08-1" and rows[1][1] == "خرید ویلچر" and rows[1][5] == "2000000000"
    assert rows[1][6] == "1403/03/12"  # signed on, Jalali with ASCII digits


def test_json_is_a_streamed_array_of_machine_values(client, two) -> None:
    response = client.get(URL, {"format": "json", "sort": "amount"})
    assert isinstance(response, StreamingHttpResponse)
    items = json.loads(body(response))
    assert [i["number"] for i in items] == ["08-2", "08-1"]
    assert items[0]["signed_on"] == "2024-06-01" and items[0]["publisher"]["code"] == "P08"
    assert all(i["title"] != "پنهان" for i in items)


def test_xlsx_is_a_right_to_left_workbook_of_the_list(client, two) -> None:
    response = client.get(URL, {"format": "xlsx"})
    assert response.streaming  # FileResponse over a temporary file
    sheet = load_workbook(io.BytesIO(body(response))).active
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3 and {r[0] for r in rows[1:]} == {"08-1", "08-2"}


def test_unknown_format_is_refused(client, two) -> None:
    assert client.get(URL, {"format": "pdf"}).status_code == 400


def _bulk_contracts(count: int) -> None:
    dataset = make_dataset("HQ")
    party = make_party()
    Contract.objects.bulk_create(
        Contract(
            dataset=dataset,
            org_unit=dataset.org_unit,
            number=f"N-{n:06d}",
            title=f"قرارداد شماره {n} برای خرید تجهیزات توانبخشی مراکز شبانه‌روزی",
            counterparty=party,
            method="tender",
            amount=1_000_000 + n,
            signed_on=date(2024, 6, 1),
            starts_on=date(2024, 6, 1),
            ends_on=date(2025, 6, 1),
            status="active",
            state="published",
            record_key=f"N-{n:06d}",
            search_text=contract_search_text(number=f"N-{n:06d}", title="x", party=party),
        )
        for n in range(count)
    )


@pytest.mark.parametrize("kind", ["csv", "json", "xlsx"])
def test_exporting_twenty_thousand_rows_keeps_memory_bounded(client, world, kind) -> None:
    _bulk_contracts(20_000)
    tracemalloc.start()
    try:
        response = client.get(URL, {"format": kind})
        size = 0
        for chunk in response.streaming_content:  # consumed as a server would, not kept
            size += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        response.close()
    assert size > 500_000  # the rows really went out (XLSX is zipped)
    # Holding the rows would take well over 20 MB; a chunk of 2,000 tuples is a few MB.
    assert peak < 8_000_000, f"{kind}: peak {peak:,} bytes"
