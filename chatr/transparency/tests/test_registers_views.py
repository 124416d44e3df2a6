"""Public pages, downloads and API of the registers: each list in Persian with its htmx
partial, the charts with their tables, record pages with corrections and withdrawal notices,
CSV/XLSX/JSON downloads, and the read API. Nothing private leaves: an asset's value that is not
public, an anonymous donor."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from chatr.core.jalali import format_date
from chatr.core.text import to_persian_digits
from chatr.transparency import exports
from chatr.transparency.choices import (
    AssetOwnership,
    AssetType,
    DatasetCategory,
    DonationPurpose,
    HiringStatus,
)
from chatr.transparency.tests.test_registers import (
    MANAGER_HEADER,
    csv_file,
    do_import,
    make_asset,
    make_donation,
    make_hiring,
    make_manager,
    publish,
    register_dataset,
    withdraw,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
API = "/api/v1/transparency"


def fa(message: str) -> str:
    with translation.override("fa"):
        return translation.gettext(message)


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


def body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert isinstance(response, StreamingHttpResponse)
    return csv_rows_of(body(response))


def csv_rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def records(world):  # type: ignore[no-untyped-def]
    """One public record of each register in Kerman, plus records the public never sees."""
    managers = register_dataset(DatasetCategory.MANAGERS, "P08")
    assets = register_dataset(DatasetCategory.ASSETS, "P08")
    donations = register_dataset(DatasetCategory.DONATIONS, "P08")
    hiring = register_dataset(DatasetCategory.HIRING, "P08")
    hidden = register_dataset(DatasetCategory.MANAGERS, "P10", published=False)
    return {
        "manager": make_manager(managers, full_name="مریم احمدی"),
        "former": make_manager(
            managers, full_name="جواد اسدی", position="معاون", until=date(2024, 1, 1)
        ),
        "hidden_manager": make_manager(hidden, full_name="پنهان پنهانی"),
        "draft_manager": make_manager(managers, full_name="پیش نویس", publish=False),
        "building": make_asset(assets, "08-ام-0001"),
        "car": make_asset(
            assets,
            "08-ام-0002",
            asset_type=AssetType.VEHICLE,
            title="آمبولانس اورژانس اجتماعی",
            area=None,
            value=9_000_000_000,
            value_public=False,
        ),
        "anonymous": make_donation(donations, "R-1", donor_name="حسن کریمی"),
        "named": make_donation(
            donations,
            "R-2",
            received_on=date(2024, 8, 1),
            amount=7_000_000,
            purpose=DonationPurpose.ELDERLY,
            donor_named=True,
            donor_name="بنیاد خیریه مهر",
        ),
        "hiring": make_hiring(
            hiring,
            "1403-07",
            status=HiringStatus.RESULTS,
            exam_on=date(2024, 6, 15),
            results_on=date(2024, 7, 20),
            results_url="https://behzisti.example/results.pdf",
            results_text="فهرست پذیرفته‌شدگان",
        ),
    }


LISTS = [
    ("transparency:managers", "managers", "مریم احمدی", "پیش نویس"),
    ("transparency:assets", "assets", "آمبولانس اورژانس اجتماعی", "۹٬۰۰۰٬۰۰۰٬۰۰۰"),
    ("transparency:donations", "donations", "بنیاد خیریه مهر", "حسن کریمی"),
    ("transparency:hiring", "hiring", "استخدام مددکار اجتماعی", "پنهان"),
]


@pytest.mark.parametrize(("url_name", "name", "shown", "never"), LISTS)
def test_each_list_page_is_persian_labelled_with_a_live_count_and_downloads(
    client, records, url_name, name, shown, never
) -> None:
    response = client.get(reverse(url_name))
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Language"] == "fa"
    assert h1_count(html) == 1 and 'dir="rtl"' in html
    assert 'id="results-count"' in html and 'aria-live="polite"' in html
    assert 'for="id_q"' in html and 'for="id_publisher"' in html and 'for="id_sort"' in html
    assert f'id="{name}-results"' in html
    assert shown in html and never not in html
    for kind in ("csv", "xlsx", "json"):
        assert f"{reverse(url_name)}download/?format={kind}" in html
    assert '<option value="P08">' in html and '<option value="P10">' not in html


@pytest.mark.parametrize(("url_name", "name", "shown", "never"), LISTS)
def test_htmx_search_returns_only_the_results_and_the_count(
    client, records, url_name, name, shown, never
) -> None:
    html = client.get(reverse(url_name), {"publisher": "P08"}, **HTMX).content.decode()
    assert "<h1" not in html and "<form" not in html
    assert f'id="{name}-results"' in html and 'hx-swap-oob="innerHTML"' in html
    assert shown in html
    assert "publisher=P08&amp;format=csv" in html  # the downloads keep the search


@pytest.mark.parametrize(
    ("url_name", "queries"),
    [
        ("transparency:managers", 3),  # publishers, count, page
        ("transparency:assets", 4),  # publishers, counts per type, count, page
        ("transparency:donations", 5),  # publishers, totals per month and purpose, count, page
        ("transparency:hiring", 3),
    ],
)
def test_list_pages_read_a_fixed_number_of_queries(
    client, records, django_assert_num_queries, url_name, queries
) -> None:
    with django_assert_num_queries(queries):
        client.get(reverse(url_name))


def test_manager_search_normalizes_and_paginates(client, records) -> None:
    dataset = records["manager"].dataset
    for n in range(25):
        make_manager(dataset, full_name=f"کارشناس {n}", position="رئيس اداره")
    url = reverse("transparency:managers")
    html = client.get(url, {"q": "رئیس"}).content.decode()  # stored with an Arabic yeh
    assert len(re.findall(r'href="/transparency/managers/\d+/"', html)) == 20
    assert "page=2" in html and "q=%D8%B1" in html
    second = client.get(url, {"q": "رئیس", "page": 2}).content.decode()
    assert len(re.findall(r'href="/transparency/managers/\d+/"', second)) == 5
    former = client.get(url, {"tenure": "former"}).content.decode()
    assert "جواد اسدی" in former and "مریم احمدی" not in former


def test_assets_page_draws_counts_per_type_with_the_same_table(client, records) -> None:
    html = client.get(reverse("transparency:assets")).content.decode()
    assert '<svg class="chatr-chart"' in html and 'role="img"' in html
    table = html.split('id="asset-types-table"')[1].split("</table>")[0]
    assert re.search(rf"{fa('Building')}</th><td>۱</td>", table)
    assert re.search(rf"{fa('Vehicle')}</th><td>۱</td>", table)
    assert "<tfoot>" in table and "<td>۲</td>" in table
    assert fa("Not public") in html  # the car's value
    assert "۸۵٬۰۰۰٬۰۰۰٬۰۰۰" in html  # the building's public value
    filtered = client.get(reverse("transparency:assets"), {"asset_type": "vehicle"}, **HTMX)
    assert fa("Building") not in filtered.content.decode().split('id="asset-types-table"')[1]


def test_donations_page_shows_totals_per_month_and_purpose_never_an_anonymous_donor(
    client, records
) -> None:
    html = client.get(reverse("transparency:donations")).content.decode()
    assert html.count('<svg class="chatr-chart"') == 2
    months = html.split('id="donations-month-table"')[1].split("</table>")[0]
    assert "خرداد ۱۴۰۳" in months and "مرداد ۱۴۰۳" in months
    assert "۵۰٬۰۰۰٬۰۰۰" in months and "۵۷٬۰۰۰٬۰۰۰" in months  # a month, and the total
    purposes = html.split('id="donations-purpose-table"')[1].split("</table>")[0]
    assert fa("Housing of families") in purposes and fa("Care of the elderly") in purposes
    assert "بنیاد خیریه مهر" in html and fa("Not named") in html
    assert "کریمی" not in html
    count = html.split('id="results-count"')[1].split("</p>")[0]
    assert "۵۷٬۰۰۰٬۰۰۰" in count


def test_record_pages_show_each_record_and_hide_what_is_not_public(client, records) -> None:
    manager = client.get(reverse("transparency:manager_detail", args=[records["manager"].pk]))
    html = manager.content.decode()
    assert h1_count(html) == 1 and "مریم احمدی" in html and "۱۴۰۲/۰۶/۱۵" in html
    assert fa("This record has not been corrected since it was published.") in html

    car = client.get(reverse("transparency:asset_detail", args=[records["car"].pk]))
    html = car.content.decode()
    assert "آمبولانس اورژانس اجتماعی" in html and fa("Not public") in html
    assert "۹٬۰۰۰٬۰۰۰٬۰۰۰" not in html and "9000000000" not in html

    anonymous = client.get(reverse("transparency:donation_detail", args=[records["anonymous"].pk]))
    html = anonymous.content.decode()
    assert fa("Not named: the donor appears only in the totals.") in html
    assert "کریمی" not in html
    named = client.get(reverse("transparency:donation_detail", args=[records["named"].pk]))
    assert "بنیاد خیریه مهر" in named.content.decode()

    hiring = client.get(reverse("transparency:hiring_detail", args=[records["hiring"].pk]))
    html = hiring.content.decode()
    assert h1_count(html) == 1 and "۱۴۰۳/۰۳/۲۶" in html and "۱۴۰۳/۰۴/۳۰" in html
    assert 'href="https://behzisti.example/results.pdf"' in html and "فهرست پذیرفته‌شدگان" in html


def test_record_pages_of_drafts_and_unpublished_datasets_are_not_found(client, records) -> None:
    for key in ("hidden_manager", "draft_manager"):
        url = reverse("transparency:manager_detail", args=[records[key].pk])
        assert client.get(url).status_code == 404
    assert client.get(reverse("transparency:asset_detail", args=[999999])).status_code == 404


def test_a_published_correction_is_noted_with_its_jalali_date_and_values(client, world) -> None:
    dataset = register_dataset(DatasetCategory.MANAGERS)
    row = ["مریم احمدی", "مدیر کل", "ستاد", "1402/06/15"]
    publish(world, do_import(world, dataset, csv_file(MANAGER_HEADER, row)))
    row[3] = "1402/07/01"
    publish(world, do_import(world, dataset, csv_file(MANAGER_HEADER, row)))
    manager = dataset.managers.get()
    html = client.get(reverse("transparency:manager_detail", args=[manager.pk])).content.decode()
    today = format_date(timezone.now(), language="fa")
    assert fa("Changed on %(day)s") % {"day": today} in html
    assert "<del>۱۴۰۲/۰۶/۱۵</del> → <ins>۱۴۰۲/۰۷/۰۱</ins>" in html


def test_a_withdrawn_record_keeps_its_page_with_the_reason_and_leaves_the_list(
    client, world, records
) -> None:
    withdraw(world, records["hiring"], "Announced twice; see 1403-08.")
    url = reverse("transparency:hiring_detail", args=[records["hiring"].pk])
    html = client.get(url).content.decode()
    assert fa("This record was withdrawn") in html and "Announced twice; see 1403-08." in html
    listed = client.get(reverse("transparency:hiring")).content.decode()
    assert "استخدام مددکار اجتماعی" not in listed


# ---------------------------------------------------------------- downloads


def test_managers_download_as_csv_follows_the_search(client, records) -> None:
    response = client.get(reverse("transparency:managers_download"), {"q": "مريم"})
    assert response["Content-Disposition"] == 'attachment; filename="managers.csv"'
    rows = csv_rows(response)
    assert len(rows) == 2
    assert rows[1][:5] == [
        "مریم احمدی",
        "مدیر کل",
        "اداره کل بهزیستی استان کرمان",
        "1402/06/15",
        "",
    ]


def test_assets_download_leaves_out_values_that_are_not_public(client, records) -> None:
    url = reverse("transparency:assets_download")
    rows = csv_rows(client.get(url, {"format": "csv"}))
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["08-ام-0001"][9] == "85000000000" and by_code["08-ام-0002"][9] == ""
    items = {i["asset_number"]: i for i in json.loads(body(client.get(url, {"format": "json"})))}
    assert items["08-ام-0002"]["value"] is None and items["08-ام-0002"]["area_m2"] is None
    assert items["08-ام-0001"]["value"] == 85_000_000_000
    assert items["08-ام-0001"]["ownership"] == AssetOwnership.OWNED
    sheet = load_workbook(io.BytesIO(body(client.get(url, {"format": "xlsx"})))).active
    assert sheet.sheet_view.rightToLeft
    values = [row[9] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(values, key=str) == [85_000_000_000, None]


def test_donations_download_names_only_donors_who_chose_to_be(client, records) -> None:
    url = reverse("transparency:donations_download")
    rows = csv_rows(client.get(url, {"format": "csv", "sort": "received_on"}))
    assert [row[0] for row in rows[1:]] == ["R-1", "R-2"]
    assert rows[1][1] == "1403/03/12" and rows[1][6] == "" and rows[2][6] == "بنیاد خیریه مهر"
    items = json.loads(body(client.get(url, {"format": "json", "sort": "received_on"})))
    assert [i["donor"] for i in items] == [None, "بنیاد خیریه مهر"]
    assert items[0]["received_on"] == "2024-06-01" and items[0]["purpose"] == "housing"
    workbook = body(client.get(url, {"format": "xlsx"}))
    sheet = load_workbook(io.BytesIO(workbook)).active
    assert len(list(sheet.iter_rows(values_only=True))) == 3
    for response in (
        client.get(url, {"format": "csv"}),
        client.get(url, {"format": "json"}),
    ):
        assert "کریمی" not in body(response).decode("utf-8-sig")


def test_hiring_download_has_the_stages_and_results(client, records) -> None:
    url = reverse("transparency:hiring_download")
    (item,) = json.loads(body(client.get(url, {"format": "json"})))
    assert item["number"] == "1403-07" and item["status"] == "results"
    assert (item["exam_on"], item["results_on"]) == ("2024-06-15", "2024-07-20")
    assert item["publisher"]["code"] == "P08"
    sheet = load_workbook(io.BytesIO(body(client.get(url, {"format": "xlsx"})))).active
    (row,) = list(sheet.iter_rows(min_row=2, values_only=True))
    assert row[0] == "1403-07" and row[6] == "1403/03/26" and row[9].endswith("results.pdf")


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_a_register_download_streams_the_searched_rows_in_the_exporters_chunks(
    client, world, monkeypatch, django_assert_num_queries, kind
) -> None:
    """The view hands over the selector's queryset: the exporter reads it in its own chunks
    (one query, read while the response streams), in the search's order, nothing more."""
    managers = register_dataset(DatasetCategory.MANAGERS, "P08")
    for n in range(5):
        make_manager(managers, full_name=f"مدیر {n}", since=date(2020 + n, 1, 1))
    make_manager(managers, full_name="پیش نویس", publish=False)
    monkeypatch.setattr(exports, "EXPORT_CHUNK", 2)
    chunk_sizes: list[int] = []
    iterator = QuerySet.iterator

    def spy(queryset, chunk_size=None):  # type: ignore[no-untyped-def]
        chunk_sizes.append(chunk_size)
        return iterator(queryset, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    url = reverse("transparency:managers_download")
    response = client.get(url, {"format": kind, "q": "مدیر", "sort": "since"})
    assert isinstance(response, StreamingHttpResponse)
    with django_assert_num_queries(1):  # the rows are read as the response streams
        data = body(response)
    assert chunk_sizes == [2]
    expected = [f"مدیر {n}" for n in range(5)]
    if kind == "csv":
        assert [row[0] for row in csv_rows_of(data)[1:]] == expected
    else:
        assert [item["full_name"] for item in json.loads(data)] == expected


def test_an_unknown_download_format_is_refused(client, records) -> None:
    assert (
        client.get(reverse("transparency:donations_download"), {"format": "pdf"}).status_code == 400
    )


# ---------------------------------------------------------------- API


def test_api_lists_filter_and_paginate(client, records) -> None:
    managers = client.get(f"{API}/managers", {"tenure": "current"}).json()
    assert managers["count"] == 1 and managers["items"][0]["full_name"] == "مریم احمدی"
    assert managers["items"][0]["unit"] == "اداره کل بهزیستی استان کرمان"
    assert set(managers["items"][0]) == {
        *("id", "publisher", "full_name", "position", "unit", "since", "until"),
    }
    assets = client.get(f"{API}/assets", {"limit": 1, "offset": 1}).json()
    assert assets["count"] == 2 and assets["items"][0]["value"] is None
    donations = client.get(f"{API}/donations", {"q": "مهر"}).json()
    assert [d["donor"] for d in donations["items"]] == ["بنیاد خیریه مهر"]
    everyone = client.get(f"{API}/donations").json()
    assert {d["donor"] for d in everyone["items"]} == {None, "بنیاد خیریه مهر"}
    assert "کریمی" not in json.dumps(everyone, ensure_ascii=False)
    hiring = client.get(f"{API}/hiring", {"status": "open"}).json()
    assert hiring["count"] == 0


def test_api_totals_and_counts_per_type(client, records) -> None:
    totals = client.get(f"{API}/donations/totals").json()
    assert (totals["count"], totals["amount"]) == (2, 57_000_000)
    assert [m["key"] for m in totals["by_month"]] == ["140303", "140305"]
    assert totals["by_purpose"][0]["key"] == "housing"
    by_type = client.get(f"{API}/assets/by-type").json()
    assert [(t["asset_type"], t["count"]) for t in by_type] == [("building", 1), ("vehicle", 1)]


def test_api_details_carry_corrections_and_hide_what_is_not_public(client, world, records) -> None:
    car = client.get(f"{API}/assets/{records['car'].pk}").json()
    assert car["value"] is None and car["state"] == "published" and car["corrections"] == []
    anonymous = client.get(f"{API}/donations/{records['anonymous'].pk}").json()
    assert anonymous["donor"] is None and anonymous["dataset"] == "donations-p08"
    withdraw(world, records["hiring"], "Announced twice; see 1403-08.")
    hiring = client.get(f"{API}/hiring/{records['hiring'].pk}").json()
    assert hiring["state"] == "withdrawn" and hiring["withdrawn_reason"].startswith("Announced")
    manager = client.get(f"{API}/managers/{records['manager'].pk}").json()
    assert manager["since"] == "2023-09-06" and manager["until"] is None
    response = client.get(f"{API}/managers/{records['draft_manager'].pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_api_detail_lists_a_published_correction(client, world) -> None:
    dataset = register_dataset(DatasetCategory.MANAGERS)
    row = ["مریم احمدی", "مدیر کل", "ستاد", "1402/06/15"]
    publish(world, do_import(world, dataset, csv_file(MANAGER_HEADER, row)))
    row[3] = "1402/07/01"
    publish(world, do_import(world, dataset, csv_file(MANAGER_HEADER, row)))
    data = client.get(f"{API}/managers/{dataset.managers.get().pk}").json()
    (correction,) = data["corrections"]
    assert correction["changes"] == {"since": [to_persian_digits("1402/06/15"), "۱۴۰۲/۰۷/۰۱"]}
