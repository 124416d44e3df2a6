"""Pages of the plans and research documents: the public search (htmx, pagination, fixed query
count), a document's page, its PDF (only when public), the downloads, and the staff pages
where an editor uploads a document and another person publishes or withdraws it."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from chatr.core.text import to_persian_digits
from chatr.transparency.choices import DatasetCategory, RecordState
from chatr.transparency.demo_documents import minimal_pdf
from chatr.transparency.models import Document
from chatr.transparency.tests.test_documents import (
    act,
    documents_dataset,
    make_document,
    pdf_upload,
    upload,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
DETAIL_LINK = re.compile(r'href="/transparency/documents/\d+/"')


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def fa(message: str) -> str:
    with translation.override("fa"):
        return translation.gettext(message)


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


# ---------------------------------------------------------------- public pages


def test_list_has_labels_a_live_count_and_finds_by_arabic_yeh(client, world) -> None:
    research = documents_dataset()
    make_document(research, "R-1", title="سالمندی فعال", summary="", keywords="")
    make_document(research, "R-2", title="پیمایش زنان", summary="", keywords="")
    response = client.get(reverse("transparency:documents"), {"q": "سالمندي"})
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    assert 'id="results-count"' in html and 'aria-live="polite"' in html
    for field in ("q", "category", "publisher", "document_type", "year", "sort"):
        assert f'for="id_{field}"' in html
    assert "سالمندی فعال" in html and "پیمایش زنان" not in html
    assert "format=csv" in html and "q=%D8%B3" in html  # the downloads keep the search
    assert '<th scope="col">' in html and "<caption" in html


def test_htmx_search_returns_the_results_and_the_count_only(client, world) -> None:
    make_document(documents_dataset(), "R-1")
    html = client.get(reverse("transparency:documents"), {"q": "R-1"}, **HTMX).content.decode()
    assert "<h1" not in html
    assert 'id="document-results"' in html and 'hx-swap-oob="innerHTML"' in html


def test_filters_by_category_and_year_with_persian_digits(client, world) -> None:
    make_document(documents_dataset(), "R-1", title="پژوهش سالمندی", year=1402)
    make_document(
        documents_dataset(category=DatasetCategory.PLANS),
        "SP-1",
        title="برنامه راهبردی",
        year=1403,
    )
    html = client.get(
        reverse("transparency:documents"), {"category": "plans", "year": "۱۴۰۳"}
    ).content.decode()
    assert "برنامه راهبردی" in html and "پژوهش سالمندی" not in html


def test_list_paginates_and_reads_a_fixed_number_of_queries(
    client, world, django_assert_num_queries
) -> None:
    research = documents_dataset()
    for n in range(3):
        make_document(research, f"A-{n}")
    url = reverse("transparency:documents")
    # publishers, years, count, one page of documents with their dataset and publisher
    with django_assert_num_queries(4):
        client.get(url)
    for n in range(25):
        make_document(research, f"B-{n}", year=1390 + n % 10)
    with django_assert_num_queries(4):
        response = client.get(url)
    html = response.content.decode()
    assert len(DETAIL_LINK.findall(html)) == 20
    assert "page=2" in html
    second = client.get(url, {"page": 2}).content.decode()
    assert len(DETAIL_LINK.findall(second)) == 8


def test_document_page_shows_its_metadata_and_a_checked_download_link(client, world) -> None:
    document = make_document(documents_dataset(), "R-1403-9", year=1403)
    html = client.get(reverse("transparency:document_detail", args=[document.pk])).content.decode()
    assert h1_count(html) == 1
    assert document.title in html and "زهرا کریمی" in html
    assert to_persian_digits("1403") in html
    file_url = reverse("transparency:document_file", args=[document.pk])
    assert f'href="{file_url}"' in html
    assert "/media/" not in html and document.file.name not in html


def test_withdrawn_document_page_shows_the_reason_and_no_download(client, world) -> None:
    from chatr.transparency.services_publishing import record_withdraw

    document = make_document(documents_dataset(), "R-1")
    act(world, "hq_manager", record_withdraw, record=document, reason="نسخه نادرست منتشر شده بود")
    html = client.get(reverse("transparency:document_detail", args=[document.pk])).content.decode()
    assert "نسخه نادرست منتشر شده بود" in html
    assert reverse("transparency:document_file", args=[document.pk]) not in html
    file = client.get(reverse("transparency:document_file", args=[document.pk]))
    assert file.status_code == 404


def test_the_pdf_is_served_for_public_documents_only(client, client_for, world) -> None:
    research = documents_dataset()
    public = make_document(research, "R/1403/9")
    response = client.get(reverse("transparency:document_file", args=[public.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="R-1403-9.pdf"'
    assert b"".join(response.streaming_content) == minimal_pdf("Test report", pages=2)
    draft = upload(world, "hq_officer", research)
    url = reverse("transparency:document_file", args=[draft.pk])
    assert client.get(url).status_code == 404
    assert client_for("zanjan_manager").get(url).status_code == 404
    staff = client_for("hq_manager").get(url)
    assert staff.status_code == 200 and "no-store" in staff["Cache-Control"]
    hidden = make_document(documents_dataset("P10", published=False), "P-1")
    hidden_url = reverse("transparency:document_detail", args=[hidden.pk])
    assert client.get(hidden_url).status_code == 404
    assert client.get(reverse("transparency:document_detail", args=[999999])).status_code == 404


def test_downloads_stream_the_filtered_list_in_three_formats(client, world) -> None:
    research = documents_dataset()
    kept = make_document(research, "R-1", title="سالمندی فعال", summary="", keywords="")
    make_document(research, "R-2", title="اوتیسم", summary="", keywords="")
    make_document(research, "R-3", title="سالمندی پیش‌نویس", publish=False)
    url = reverse("transparency:documents_download")
    response = client.get(url, {"q": "سالمندی", "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="documents.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][0] == "R-1" and rows[1][1] == "سالمندی فعال"
    assert rows[1][-1] == f"http://testserver/transparency/documents/{kept.pk}/file/"
    data = json.loads(b"".join(client.get(url, {"format": "json"}).streaming_content))
    assert [item["number"] for item in data] == ["R-2", "R-1"]  # newest year, then newest
    first = next(item for item in data if item["number"] == "R-1")
    assert first["category"] == "research" and first["year"] == 1403
    assert first["publisher"]["code"] == "HQ"
    assert first["file_url"].endswith(f"/transparency/documents/{kept.pk}/file/")
    xlsx = client.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.max_row == 3  # headings and the two public documents
    assert client.get(url, {"format": "pdf"}).status_code == 400


def test_home_links_plans_and_research_datasets_to_the_documents_search(client, world) -> None:
    documents_dataset(title_fa="پژوهش‌های ستاد ملی")
    html = client.get(reverse("transparency:home")).content.decode()
    assert "پژوهش‌های ستاد ملی" in html
    assert f'href="{reverse("transparency:documents")}?publisher=HQ&amp;category=research"' in html


# ---------------------------------------------------------------- staff pages


def _form(dataset_pk: int, **overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "dataset": dataset_pk,
        "number": "R-۱۴۰۳-۱۲",
        "title": "ارزیابی مراکز مثبت زندگی",
        "document_type": "evaluation",
        "year": "۱۴۰۳",
        "language": "fa",
        "authors": "مریم رضایی",
        "summary": "",
        "keywords": "مثبت زندگی",
        "page_count": "",
        "file": pdf_upload("evaluation.pdf", pages=4),
    }
    values.update(overrides)
    return values


def test_an_editor_uploads_a_document_and_a_reviewer_publishes_it(client_for, world) -> None:
    dataset = documents_dataset()
    editor = client_for("hq_officer")
    page = editor.get(reverse("transparency:document_new"))
    html = page.content.decode()
    assert page.status_code == 200 and h1_count(html) == 1
    assert 'enctype="multipart/form-data"' in html and 'for="id_file"' in html
    response = editor.post(reverse("transparency:document_new"), _form(dataset.pk))
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("transparency:document_manage", args=[document.pk])
    assert document.number == "R-1403-12" and document.year == 1403
    assert document.page_count == 4 and document.state == RecordState.DRAFT
    manage_url = reverse("transparency:document_manage", args=[document.pk])
    own = editor.get(manage_url).content.decode()
    assert 'value="publish"' not in own
    # The editor cannot publish even by posting the button's value.
    editor.post(manage_url, {"action": "publish"})
    document.refresh_from_db()
    assert document.state == RecordState.DRAFT
    reviewer = client_for("hq_manager")
    waiting = reviewer.get(reverse("transparency:document_new")).content.decode()
    assert manage_url in waiting  # the drafts waiting for review are listed
    assert 'value="publish"' in reviewer.get(manage_url).content.decode()
    assert reviewer.post(manage_url, {"action": "publish"}).status_code == 302
    document.refresh_from_db()
    assert document.state == RecordState.PUBLISHED
    assert document.reviewed_by == world.users["hq_manager"]


def test_an_upload_that_is_not_a_pdf_is_refused_with_a_message_on_the_field(
    client_for, world
) -> None:
    dataset = documents_dataset()
    fake = pdf_upload("report.pdf", content=b"\xd0\xcf\x11\xe0 an old Word file")
    response = client_for("hq_officer").post(
        reverse("transparency:document_new"), _form(dataset.pk, file=fake)
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_file"' in html  # the error summary links to the field
    assert fa("This file is not a PDF. Save the document as PDF and upload that file.") in html
    assert not Document.objects.exists()


def test_the_dataset_choices_are_the_editors_own_plans_and_research(client_for, world) -> None:
    documents_dataset(title_fa="پژوهش‌های ستاد")
    documents_dataset("P19", title_fa="پژوهش‌های زنجان")
    html = client_for("zanjan_officer").get(reverse("transparency:document_new")).content.decode()
    assert "پژوهش‌های زنجان" in html and "پژوهش‌های ستاد" not in html
    hq = documents_dataset()
    response = client_for("zanjan_officer").post(reverse("transparency:document_new"), _form(hq.pk))
    assert response.status_code == 400 and not Document.objects.exists()


def test_staff_pages_need_an_editor(client, client_for, world) -> None:
    url = reverse("transparency:document_new")
    assert client.get(url).status_code == 302  # sign in first
    assert client_for("kerman_center_operator").get(url).status_code == 403
    document = upload(world, "hq_officer", documents_dataset())
    manage_url = reverse("transparency:document_manage", args=[document.pk])
    assert client_for("zanjan_manager").get(manage_url).status_code == 404


def test_a_reviewer_withdraws_a_published_document_with_a_public_reason(client_for, world) -> None:
    document = make_document(documents_dataset(), "R-1")
    url = reverse("transparency:document_manage", args=[document.pk])
    reviewer = client_for("hq_manager")
    short = reviewer.post(url, {"action": "withdraw", "reason": "کوتاه"})
    assert short.status_code == 400
    document.refresh_from_db()
    assert document.state == RecordState.PUBLISHED
    reason = "در جدول‌های پیوست خطای محاسبه یافت شد"
    assert reviewer.post(url, {"action": "withdraw", "reason": reason}).status_code == 302
    document.refresh_from_db()
    assert document.state == RecordState.WITHDRAWN and document.withdrawn_reason == reason


def test_an_editor_deletes_a_draft_from_its_page(client_for, world) -> None:
    document = upload(world, "hq_officer", documents_dataset())
    url = reverse("transparency:document_manage", args=[document.pk])
    response = client_for("hq_officer").post(url, {"action": "discard"})
    assert response.status_code == 302
    assert response["Location"] == reverse("transparency:document_new")
    assert not Document.objects.exists()
