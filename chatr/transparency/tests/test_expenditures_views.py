"""Expenditures on the web and the API: the search page (Persian, htmx, error summary for bad
filters, charts with their tables, fixed query count), a record's page (corrections, the
withdrawn notice), the streamed downloads, the Fiscal Data Package descriptor that describes
the machine CSV, and /api/v1/transparency/expenditures."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from chatr.core.jalali import jalali_month_name
from chatr.core.text import format_number, to_persian_digits
from chatr.org.scope import scope_for_user
from chatr.transparency.choices import EconomicClass
from chatr.transparency.exports_expenditures import CODE_FIELDS
from chatr.transparency.services_publishing import record_withdraw
from chatr.transparency.tests.test_expenditures import (
    csv_file,
    do_import,
    make_expenditure,
    make_expenditure_dataset,
    publish,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
LIST = "/transparency/expenditures/"
DOWNLOAD = "/transparency/expenditures/download/"
DATAPACKAGE = "/transparency/expenditures/datapackage.json"
API = "/api/v1/transparency"
DETAIL_LINK = re.compile(r'href="/transparency/expenditures/\d+/"')


def fa(message: str) -> str:
    with translation.override("fa"):
        return translation.gettext(message)


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


def body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


@pytest.fixture
def spending(world):  # type: ignore[no-untyped-def]
    hq, kerman = make_expenditure_dataset("HQ"), make_expenditure_dataset("P08")
    hidden = make_expenditure_dataset("P10", published=False)
    return {
        "benefits": make_expenditure(hq, month=2, amount=3_000_000_000),
        "addiction": make_expenditure(
            hq,
            unit_name="معاونت پیشگیری",
            program="پیشگیری از اعتیاد",
            economic_class=EconomicClass.GOODS_SERVICES,
            month=3,
            amount=500_000_000,
        ),
        "kerman": make_expenditure(
            kerman, unit_name="اداره کل بهزیستی استان کرمان", month=3, amount=1_000_000_000
        ),
        "hidden": make_expenditure(hidden, program="پنهان", month=3, amount=7),
    }


# ---------------------------------------------------------------- the search page


def test_the_page_renders_in_persian_with_labels_live_count_and_charts_with_tables(
    client, spending
) -> None:
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    assert '<html lang="fa" dir="rtl"' in html or 'dir="rtl"' in html
    for name in ("q", "publisher", "economic_class", "year", "month_from", "month_to", "sort"):
        assert f'for="id_{name}"' in html
    assert 'id="results-count"' in html and 'aria-live="polite"' in html
    assert to_persian_digits("3") in html  # three public rows, counted in Persian digits
    # Each chart is an image that says a table follows, and the table is there.
    assert html.count('role="img"') == 2 and 'id="table-months"' in html
    assert 'id="table-classes"' in html
    months = html[
        html.index('id="table-months"') : html.index("</table>", html.index("table-months"))
    ]
    assert f"{jalali_month_name(2, language='fa')} {to_persian_digits('1403')}" in months
    assert format_number(1_500_000_000, language="fa") in months  # خرداد: 0.5 + 1 billion
    assert "پنهان" not in html  # an unpublished dataset's rows are nowhere
    assert len(DETAIL_LINK.findall(html)) == 3
    assert f"{DOWNLOAD}?format=csv" in html and DATAPACKAGE in html


def test_htmx_search_returns_the_results_charts_and_the_count_only(client, spending) -> None:
    html = client.get(LIST, {"q": "كرمان"}, **HTMX).content.decode()
    assert "<h1" not in html
    assert 'id="expenditure-results"' in html and 'hx-swap-oob="innerHTML"' in html
    assert "اداره کل بهزیستی استان کرمان" in html and "پیشگیری از اعتیاد" not in html
    assert 'id="table-months"' in html  # the charts follow the search
    assert "q=%D9%83" in html  # the downloads keep the search


def test_bad_filter_input_is_explained_and_the_rest_of_the_search_still_applies(
    client, spending
) -> None:
    response = client.get(
        LIST, {"year": "سال", "month_from": "2", "month_to": "1", "publisher": "P08"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-error-summary" in html and 'href="#id_year"' in html
    assert 'href="#id_month_to"' in html and 'aria-invalid="true"' in html
    assert fa("Write the year in digits, such as 1403.") in html
    assert fa("The last month comes before the first one: swap them.") in html
    # The publisher and first month still apply; the bad year and last month are left out.
    assert len(DETAIL_LINK.findall(html)) == 1 and "اداره کل بهزیستی استان کرمان" in html


def test_bad_filter_input_is_explained_in_english_too(client, spending) -> None:
    client.cookies["chatr_language"] = "en"
    html = client.get(LIST, {"year": "12345"}, **HTMX).content.decode()
    assert "data-error-summary" in html
    assert "Year: Ensure this value is less than or equal to 1500." in html
    assert len(DETAIL_LINK.findall(html)) == 3  # the year is ignored, not the search


def test_persian_digits_filter_the_year_and_months(client, spending) -> None:
    html = client.get(LIST, {"year": "۱۴۰۳", "month_from": "3", "month_to": "3"}).content.decode()
    assert "data-error-summary" not in html
    assert len(DETAIL_LINK.findall(html)) == 2 and "توانبخشی معلولان" in html


def test_the_list_paginates_and_reads_a_fixed_number_of_queries(
    client, world, django_assert_num_queries
) -> None:
    dataset = make_expenditure_dataset("HQ")
    for month in range(1, 4):
        make_expenditure(dataset, month=month)
    # publishers; datasets, count and one page; datasets, month and class totals
    with django_assert_num_queries(7):
        client.get(LIST)
    for n in range(25):
        make_expenditure(dataset, program=f"برنامه {n}", month=4)
    with django_assert_num_queries(7):
        response = client.get(LIST)
    html = response.content.decode()
    assert len(DETAIL_LINK.findall(html)) == 20 and "page=2" in html
    second = client.get(LIST, {"page": 2}).content.decode()
    assert len(DETAIL_LINK.findall(second)) == 8


# ---------------------------------------------------------------- a record's page


def test_a_record_page_shows_its_corrections_with_the_jalali_day(client, world) -> None:
    dataset = make_expenditure_dataset("HQ")
    row = "معاونت امور توانبخشی,توانبخشی معلولان,social_benefits,1403,5,{amount}"
    publish(
        world,
        "hq_manager",
        do_import(world, "hq_officer", dataset, csv_file(row.format(amount=1000))),
    )
    publish(
        world,
        "hq_manager",
        do_import(world, "hq_officer", dataset, csv_file(row.format(amount=2500))),
    )
    record = dataset.expenditures.get()
    html = client.get(reverse("transparency:expenditure_detail", args=[record.pk])).content.decode()
    assert h1_count(html) == 1
    assert f"{jalali_month_name(5, language='fa')} {to_persian_digits('1403')}" in html
    assert "<del>" + format_number(1000, language="fa") + "</del>" in html
    assert "<ins>" + format_number(2500, language="fa") + "</ins>" in html
    assert 'id="withdrawn-notice"' not in html
    (correction,) = client.get(f"{API}/expenditures/{record.pk}").json()["corrections"]
    assert list(correction["changes"]) == ["amount"] and correction["published_at"]


def test_a_withdrawn_record_keeps_its_page_with_the_reason(client, world, spending) -> None:
    manager = world.users["hq_manager"]
    reason = "این ردیف دو بار ثبت شده بود."
    record_withdraw(
        actor=manager, scope=scope_for_user(manager), record=spending["benefits"], reason=reason
    )
    url = reverse("transparency:expenditure_detail", args=[spending["benefits"].pk])
    html = client.get(url).content.decode()
    assert 'id="withdrawn-notice"' in html and reason in html
    listing = client.get(LIST).content.decode()
    assert url not in listing


def test_unpublished_and_missing_records_are_not_found_alike(client, spending) -> None:
    url = reverse("transparency:expenditure_detail", args=[spending["hidden"].pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("transparency:expenditure_detail", args=[999999])).status_code == 404


# ---------------------------------------------------------------- downloads


def test_csv_is_streamed_with_a_bom_persian_headings_and_follows_the_search(
    client, spending
) -> None:
    response = client.get(DOWNLOAD, {"publisher": "HQ", "sort": "-amount", "format": "csv"})
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="expenditures.csv"'
    assert body(client.get(DOWNLOAD, {"format": "csv"})).startswith("\ufeff".encode())
    rows = csv_rows(response)
    assert rows[0][0] == fa("Publisher") and rows[0][-1] == fa("Amount (rials)")
    assert [r[2] for r in rows[1:]] == ["توانبخشی معلولان", "پیشگیری از اعتیاد"]
    assert rows[1][4:] == ["1403", "2", jalali_month_name(2, language="fa"), "3000000000"]


def test_json_is_a_streamed_array_of_machine_values(client, spending) -> None:
    response = client.get(DOWNLOAD, {"format": "json", "sort": "amount"})
    items = json.loads(body(response))
    assert [i["amount"] for i in items] == [500_000_000, 1_000_000_000, 3_000_000_000]
    assert items[0]["economic_class"] == "goods_services"
    assert items[0]["period_start"] == "2024-05-21"  # 1403/03/01
    assert items[1]["publisher"]["code"] == "P08"
    assert all(i["program"] != "پنهان" for i in items)


def test_xlsx_is_a_right_to_left_workbook_of_the_list(client, spending) -> None:
    response = client.get(DOWNLOAD, {"format": "xlsx", "q": "اعتیاد"})
    sheet = load_workbook(io.BytesIO(body(response))).active
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][2] == "پیشگیری از اعتیاد" and rows[1][7] == 500_000_000


def test_unknown_format_or_headings_are_refused(client, spending) -> None:
    assert client.get(DOWNLOAD, {"format": "pdf"}).status_code == 400
    assert client.get(DOWNLOAD, {"format": "csv", "headers": "klingon"}).status_code == 400


def test_the_machine_csv_has_code_headings_and_language_free_values(client, spending) -> None:
    client.cookies["chatr_language"] = "fa"
    rows = csv_rows(client.get(DOWNLOAD, {"format": "csv", "headers": "codes", "sort": "amount"}))
    assert rows[0] == list(CODE_FIELDS)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["economic_class"] == "goods_services"
    assert first["economic_class_title_en"] == "Use of goods and services"
    assert (first["year"], first["month"], first["period_start"]) == ("1403", "3", "2024-05-21")
    assert first["amount"] == "500000000" and first["publisher_code"] == "HQ"


# ---------------------------------------------------------------- Fiscal Data Package


def test_the_descriptor_describes_exactly_the_machine_csv_it_points_at(client, spending) -> None:
    response = client.get(DATAPACKAGE)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    package = response.json()
    assert package["profile"] == "fiscal-data-package"
    assert package["name"] == "chatr-expenditures" and package["title"]
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["countryCode"] == "IR"
    (resource,) = package["resources"]
    assert resource["format"] == "csv" and resource["path"].startswith("http://testserver/")
    # Fetch the CSV the descriptor points at: its heading row is the schema's fields.
    url = urlsplit(resource["path"])
    rows = csv_rows(client.get(f"{url.path}?{url.query}"))
    fields = resource["schema"]["fields"]
    assert [field["name"] for field in fields] == rows[0]
    assert len(rows) == 4  # the three public rows
    types = {field["name"]: field["type"] for field in fields}
    assert types["amount"] == types["year"] == types["month"] == "integer"
    assert types["period_start"] == "date" and types["program"] == "string"
    # The model maps the logical fiscal model onto those columns.
    model = package["model"]
    assert model["measures"]["amount"] == {
        "source": "amount",
        "currency": "IRR",
        "factor": 1,
        "direction": "expenditure",
        "phase": "executed",
    }
    sources = {
        attribute["source"]
        for dimension in model["dimensions"].values()
        for attribute in dimension["attributes"].values()
    } | {measure["source"] for measure in model["measures"].values()}
    assert sources <= set(rows[0])
    assert set(model["dimensions"]["date"]["primaryKey"]) == {"year", "month"}
    assert model["dimensions"]["economic_classification"]["classificationType"] == "economic"
    assert model["dimensions"]["program"]["dimensionType"] == "activity"


def test_the_descriptor_keeps_the_filters_in_its_resource(client, spending) -> None:
    package = client.get(DATAPACKAGE, {"publisher": "P08", "page": "3"}).json()
    url = urlsplit(package["resources"][0]["path"])
    assert "publisher=P08" in url.query and "headers=codes" in url.query
    assert "page" not in url.query
    assert package["name"] == "chatr-expenditures-p08"
    rows = csv_rows(client.get(f"{url.path}?{url.query}"))
    assert [r[1] for r in rows[1:]] == ["P08"]


# ---------------------------------------------------------------- API


def test_api_lists_with_the_page_filters_and_limit_offset(client, spending) -> None:
    page = client.get(f"{API}/expenditures", {"limit": 2, "offset": 0, "sort": "-amount"}).json()
    assert page["count"] == 3
    assert [e["amount"] for e in page["items"]] == [3_000_000_000, 1_000_000_000]
    assert page["items"][1]["publisher"] == "P08" and page["items"][0]["year"] == 1403
    found = client.get(f"{API}/expenditures", {"q": "اعتياد", "year": 1403}).json()
    assert [e["program"] for e in found["items"]] == ["پیشگیری از اعتیاد"]
    bad = client.get(f"{API}/expenditures", {"month_from": 13})
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"


def test_api_detail_has_corrections_and_hides_unpublished(client, world, spending) -> None:
    record = spending["kerman"]
    data = client.get(f"{API}/expenditures/{record.pk}").json()
    assert data["dataset"] == "expenditures-p08" and data["state"] == "published"
    assert data["corrections"] == [] and data["economic_class"] == "social_benefits"
    response = client.get(f"{API}/expenditures/{spending['hidden'].pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_api_totals_sum_per_month_and_class(client, spending) -> None:
    totals = client.get(f"{API}/expenditures/totals", {"month_from": 3}).json()
    assert totals["total"] == 1_500_000_000
    assert totals["months"] == [{"year": 1403, "month": 3, "amount": 1_500_000_000}]
    assert {c["economic_class"]: c["amount"] for c in totals["classes"]} == {
        "goods_services": 500_000_000,
        "social_benefits": 1_000_000_000,
    }
