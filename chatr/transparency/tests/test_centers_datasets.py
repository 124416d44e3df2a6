"""The centers' addresses and licences issued: generated from the centers module, never typed
twice. The portal shows what the public directory shows (nothing personal), with filters,
downloads and an API, and the catalogue lists both datasets."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from chatr.centers.choices import LicenceKind, LicenceType
from chatr.centers.tests.factories import issue_licence, register_center
from chatr.core.errors import ApplicationError
from chatr.core.jalali import format_date
from chatr.core.text import to_persian_digits
from chatr.org.models import OrgUnit
from chatr.org.scope import scope_for_user
from chatr.transparency import selectors_centers
from chatr.transparency.choices import DatasetCategory, UpdateFrequency
from chatr.transparency.demo_documents import seed_generated_datasets
from chatr.transparency.models import Dataset
from chatr.transparency.services_publishing import batch_import

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
API = "/api/v1/transparency"
TODAY = timezone.localdate()


@pytest.fixture
def centers(world):  # type: ignore[no-untyped-def]
    kerman = register_center(
        world.kerman_manager,
        world.unit("C0801"),
        name_fa="مرکز توانبخشی امید کرمان",
        name_en="Omid Rehabilitation Center",
        address="کرمان، خیابان شفا، پلاک ۷",
        phone="03432123456",
        manager_name="مریم احمدی",
    )
    zanjan = register_center(
        world.zanjan_manager,
        world.unit("C1901"),
        name_fa="خانه سالمندان مهر زنجان",
        name_en="Mehr Elderly Care Home",
        licence_type=LicenceType.ELDERLY_CARE,
        care_mode="residential",
        address="زنجان، خیابان سعدی",
        phone="02433445566",
        manager_name="رضا کریمی",
    )
    issue_licence(
        world.kerman_manager,
        kerman,
        kind=LicenceKind.PRINCIPLE_AGREEMENT,
        number="08140100001",
        valid_from=TODAY - timedelta(days=700),
        valid_until=TODAY - timedelta(days=10),
    )
    issue_licence(world.zanjan_manager, zanjan, number="19140300002")
    return {"kerman": kerman, "zanjan": zanjan}


def streamed(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


# ---------------------------------------------------------------- centers' addresses


def test_centers_page_shows_addresses_and_phones_but_no_manager(client, centers) -> None:
    response = client.get(reverse("transparency:centers"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "مرکز توانبخشی امید کرمان" in html and "کرمان، خیابان شفا، پلاک ۷" in html
    assert to_persian_digits("03432123456") in html
    assert "مریم احمدی" not in html and "رضا کریمی" not in html
    assert 'id="results-count"' in html and 'aria-live="polite"' in html
    for field in ("name", "province", "county", "licence_type"):
        assert f'for="id_{field}"' in html
    assert "format=csv" in html
    assert format_date(TODAY, language="fa") in html  # last updated: the directory's change


def test_centers_filter_by_province_and_htmx_swaps_the_results(client, centers) -> None:
    url = reverse("transparency:centers")
    html = client.get(url, {"province": "P19"}).content.decode()
    assert "خانه سالمندان مهر زنجان" in html and "امید کرمان" not in html
    partial = client.get(url, {"name": "امید"}, **HTMX).content.decode()
    assert "<h1" not in partial and 'hx-swap-oob="innerHTML"' in partial
    assert 'id="center-results"' in partial and "امید کرمان" in partial


def test_centers_page_reads_a_fixed_number_of_queries(
    client, world, centers, django_assert_num_queries
) -> None:
    url = reverse("transparency:centers")
    # provinces, counties, count, one page with places, the directory's last change (2)
    with django_assert_num_queries(6):
        client.get(url)
    for n in range(5):
        register_center(world.kerman_manager, world.unit("C0801"), name_fa=f"مرکز شماره {n}")
    with django_assert_num_queries(6):
        client.get(url)


def test_a_center_that_leaves_the_directory_leaves_the_portal(client, centers) -> None:
    OrgUnit.objects.filter(pk=centers["kerman"].org_unit_id).update(is_active=False)
    html = client.get(reverse("transparency:centers")).content.decode()
    assert "امید کرمان" not in html and "مهر زنجان" in html
    licences = client.get(reverse("transparency:licences")).content.decode()
    assert "08140100001" not in licences and to_persian_digits("08140100001") not in licences


def test_centers_downloads_carry_the_directory_fields(client, centers) -> None:
    url = reverse("transparency:centers_download")
    response = client.get(url, {"province": "P08", "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="centers.csv"'
    rows = list(csv.reader(io.StringIO(streamed(response).decode("utf-8-sig"))))
    assert len(rows) == 2
    row = rows[1]
    assert "مرکز توانبخشی امید کرمان" in row and "کرمان، خیابان شفا، پلاک ۷" in row
    assert "03432123456" in row and "مریم احمدی" not in row
    data = json.loads(streamed(client.get(url, {"format": "json"})))
    by_name = {item["name_fa"]: item for item in data}
    zanjan = by_name["خانه سالمندان مهر زنجان"]
    assert zanjan["province"]["code"] == "P19" and zanjan["county"]["code"] == "C1901"
    assert zanjan["phone"] == "02433445566" and zanjan["is_licensed"] is True
    assert "manager_name" not in zanjan and "مریم احمدی" not in json.dumps(data)
    sheet = load_workbook(io.BytesIO(streamed(client.get(url, {"format": "xlsx"})))).active
    assert sheet.max_row == 3


# ---------------------------------------------------------------- licences issued


def test_licences_page_lists_licences_with_their_status_today(client, centers) -> None:
    html = client.get(reverse("transparency:licences")).content.decode()
    assert html.count("<h1") == 1
    assert to_persian_digits("19140300002") in html
    assert 'data-status="expired"' in html and 'data-status="valid"' in html
    only_valid = client.get(reverse("transparency:licences"), {"status": "valid"}).content
    assert to_persian_digits("08140100001") not in only_valid.decode()
    by_number = client.get(reverse("transparency:licences"), {"q": "۰۸-۱۴۰۱-۰۰۰۰۱"}).content
    assert to_persian_digits("19140300002") not in by_number.decode()
    assert to_persian_digits("08140100001") in by_number.decode()


def test_licences_downloads_stream_in_three_formats(client, centers) -> None:
    url = reverse("transparency:licences_download")
    rows = list(csv.reader(io.StringIO(streamed(client.get(url)).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["19140300002", "08140100001"]  # newest first
    data = json.loads(streamed(client.get(url, {"format": "json", "kind": "principle_agreement"})))
    assert len(data) == 1
    assert data[0]["number"] == "08140100001" and data[0]["status"] == "expired"
    assert data[0]["center"]["name_fa"] == "مرکز توانبخشی امید کرمان"
    assert data[0]["province"]["code"] == "P08"
    assert data[0]["valid_until"] == (TODAY - timedelta(days=10)).isoformat()
    sheet = load_workbook(io.BytesIO(streamed(client.get(url, {"format": "xlsx"})))).active
    assert sheet.max_row == 3
    assert client.get(url, {"format": "doc"}).status_code == 400


# ---------------------------------------------------------------- datasets and API


def test_generated_datasets_are_in_the_catalogue_and_link_to_their_pages(client, centers) -> None:
    datasets = seed_generated_datasets(OrgUnit.objects.get(code="HQ"))
    assert {d.category for d in datasets} == {DatasetCategory.CENTERS, DatasetCategory.LICENCES}
    for dataset in datasets:
        assert dataset.is_published and dataset.org_unit.code == "HQ"
        assert dataset.frequency == UpdateFrequency.ON_CHANGE
        assert dataset.last_updated == selectors_centers.centers_last_updated() == TODAY
    html = client.get(reverse("transparency:home")).content.decode()
    assert "نشانی مراکز بهزیستی" in html and "مجوزهای صادرشده برای مراکز" in html
    assert f'href="{reverse("transparency:centers")}?publisher=HQ"' in html
    assert f'href="{reverse("transparency:licences")}?publisher=HQ"' in html
    # Seeding again changes nothing: the datasets are keyed by code.
    seed_generated_datasets(OrgUnit.objects.get(code="HQ"))
    assert Dataset.objects.filter(code__in=("centers-hq", "licences-hq")).count() == 2


def test_generated_datasets_cannot_be_imported(world, centers) -> None:
    dataset = seed_generated_datasets(OrgUnit.objects.get(code="HQ"))[0]
    user = world.users["hq_manager"]
    with pytest.raises(ApplicationError) as refused:
        batch_import(
            actor=user,
            scope=scope_for_user(user),
            dataset=dataset,
            content=b"name\nx\n",
            filename="centers.csv",
        )
    assert refused.value.code == "dataset_not_importable"


def test_api_lists_centers_and_licences_from_the_directory(client, centers) -> None:
    page = client.get(f"{API}/centers", {"province": "P08"}).json()
    assert page["count"] == 1
    center = page["items"][0]
    assert center["name_fa"] == "مرکز توانبخشی امید کرمان"
    assert center["address"] == "کرمان، خیابان شفا، پلاک ۷"
    assert center["county"]["code"] == "C0801" and "manager_name" not in center
    licences = client.get(f"{API}/licences", {"status": "expired"}).json()
    assert licences["count"] == 1
    item = licences["items"][0]
    assert item["number"] == "08140100001" and item["status"] == "expired"
    assert item["kind"] == "principle_agreement" and item["center"]["code"]
    assert client.get(f"{API}/licences", {"limit": 1}).json()["count"] == 2


def test_the_home_page_dates_the_generated_datasets_by_the_centers_data(centers) -> None:
    from datetime import date

    from chatr.transparency.selectors import dataset_catalogue
    from chatr.transparency.selectors_centers import centers_last_updated

    seed_generated_datasets(OrgUnit.objects.get(code="HQ"))
    Dataset.objects.filter(code__in=("centers-hq", "licences-hq")).update(
        last_updated=date(2020, 1, 1)  # as stored when the datasets were seeded long ago
    )
    changed = centers_last_updated()
    assert changed is not None and changed > date(2020, 1, 1)
    groups = {g.category: g.datasets for g in dataset_catalogue()}
    for category in ("centers", "licences"):
        assert [d.last_updated for d in groups[category]] == [changed]
