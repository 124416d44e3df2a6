"""Plans and research documents: uploading a PDF (checked by its content), review by another
person, withdrawal, the public search, the API and the demo."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.org.scope import scope_for_user
from chatr.transparency.choices import (
    DatasetCategory,
    DocumentType,
    RecordState,
    UpdateFrequency,
)
from chatr.transparency.demo_documents import minimal_pdf, seed_documents_demo
from chatr.transparency.models import Dataset, Document
from chatr.transparency.selectors_documents import (
    DocumentFilters,
    document_for_download,
    document_get_public,
    document_list,
)
from chatr.transparency.services_documents import (
    DOCUMENT_MAX_BYTES,
    DocumentData,
    document_discard,
    document_publish,
    document_record,
    document_upload,
)
from chatr.transparency.services_publishing import batch_import, record_withdraw
from chatr.transparency.tests.factories import make_dataset

pytestmark = pytest.mark.django_db
API = "/api/v1/transparency"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


# ---------------------------------------------------------------- builders (shared by the
# documents' view and browser tests)


def documents_dataset(
    unit_code: str = "HQ", category: str = DatasetCategory.RESEARCH, **overrides: Any
) -> Dataset:
    return make_dataset(
        unit_code,
        code=overrides.pop("code", f"{category}-{unit_code.lower()}"),
        category=category,
        title_fa=overrides.pop(
            "title_fa", "پژوهش‌های ستاد" if category == DatasetCategory.RESEARCH else "برنامه‌ها"
        ),
        title_en=overrides.pop("title_en", f"{category} of {unit_code}"),
        frequency=UpdateFrequency.ON_CHANGE,
        **overrides,
    )


def pdf_upload(name: str = "report.pdf", *, pages: int = 2, content: bytes | None = None) -> Any:
    data = content if content is not None else minimal_pdf("Test report", pages=pages)
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def data(number: str = "R-1403-001", **overrides: Any) -> DocumentData:
    values: dict[str, Any] = {
        "number": number,
        "title": "سالمندی فعال در ایران",
        "document_type": DocumentType.RESEARCH_REPORT,
        "year": 1403,
        "summary": "مطالعه ملی سالمندی",
        "authors": "زهرا کریمی",
        "keywords": "سالمندی، مراقبت",
    }
    values.update(overrides)
    return DocumentData(**values)


def make_document(
    dataset: Dataset, number: str = "R-1403-001", *, publish: bool = True, **overrides: Any
) -> Document:
    if dataset.category == DatasetCategory.PLANS:
        overrides.setdefault("document_type", DocumentType.STRATEGIC_PLAN)
        overrides.setdefault("authors", "")
    return document_record(
        dataset=dataset,
        data=data(number, **overrides),
        file=pdf_upload(),
        publish=publish,
    )


def upload(world: Any, username: str, dataset: Dataset, **kwargs: Any) -> Document:
    user = world.users[username]
    return document_upload(
        actor=user,
        scope=scope_for_user(user),
        dataset=dataset,
        data=kwargs.pop("document", data()),
        file=kwargs.pop("file", pdf_upload()),
    )


def act(world: Any, username: str, service: Any, **kwargs: Any) -> Any:
    user = world.users[username]
    return service(actor=user, scope=scope_for_user(user), **kwargs)


# ---------------------------------------------------------------- upload and review


def test_an_upload_is_a_draft_outside_any_batch_that_the_public_cannot_see(world) -> None:
    dataset = documents_dataset()
    document = upload(world, "hq_officer", dataset, file=pdf_upload(pages=3))
    assert document.state == RecordState.DRAFT
    assert document.batch_id is None
    assert document.uploaded_by == world.users["hq_officer"]
    assert document.record_key == "R-1403-001"
    assert document.org_unit.code == "HQ"
    assert document.page_count == 3  # read from the PDF's page objects
    assert document.file_size == len(minimal_pdf("Test report", pages=3))
    assert document.file.name.startswith("transparency/documents/")
    assert "report" not in document.file.name  # a neutral stored name
    assert list(document_list(filters=DocumentFilters())) == []
    with pytest.raises(NotFoundError):
        document_get_public(document_id=document.pk)
    with pytest.raises(NotFoundError):
        document_for_download(scope=None, document_id=document.pk)
    # The unit's reviewers may fetch the draft to check it.
    reviewer = scope_for_user(world.users["hq_manager"])
    assert document_for_download(scope=reviewer, document_id=document.pk) == document


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(world) -> None:
    dataset = documents_dataset()
    fake = pdf_upload("report.pdf", content=b"PK\x03\x04 this is a zip file")
    with pytest.raises(ApplicationError) as refused:
        upload(world, "hq_officer", dataset, file=fake)
    assert refused.value.code == "document_not_pdf"
    assert "file" in refused.value.fields
    assert "PDF" in refused.value.message_en and "PDF" in refused.value.message_fa
    assert not Document.objects.exists()
    # A real PDF is accepted whatever it is called.
    assert upload(world, "hq_officer", dataset, file=pdf_upload("scan.bin")).pk


def test_a_pdf_larger_than_20_mb_is_refused(world) -> None:
    dataset = documents_dataset()
    big = pdf_upload(content=b"%PDF-1.4\n" + b"0" * DOCUMENT_MAX_BYTES)
    with pytest.raises(ApplicationError) as refused:
        upload(world, "hq_officer", dataset, file=big)
    assert refused.value.code == "document_too_large"
    assert "20" in refused.value.message_en
    assert not Document.objects.exists()


def test_the_uploader_cannot_publish_and_another_reviewer_can(world) -> None:
    dataset = documents_dataset(last_updated=timezone.localdate().replace(year=2020))
    own = upload(world, "hq_manager", dataset, document=data("R-1"))
    with pytest.raises(ApplicationError) as refused:
        act(world, "hq_manager", document_publish, document=own)
    assert refused.value.code == "maker_checker"
    document = upload(world, "hq_officer", dataset, document=data("R-2"))
    with pytest.raises(PermissionDeniedError):  # an editor is not a reviewer
        act(world, "hq_officer", document_publish, document=document)
    published = act(world, "hq_manager", document_publish, document=document)
    assert published.state == RecordState.PUBLISHED
    assert published.published_at is not None
    assert published.reviewed_by == world.users["hq_manager"]
    dataset.refresh_from_db()
    assert dataset.last_updated == timezone.localdate()
    assert [d.number for d in document_list(filters=DocumentFilters())] == ["R-2"]
    with pytest.raises(ApplicationError) as again:
        act(world, "hq_manager", document_publish, document=published)
    assert again.value.code == "document_not_draft"


def test_editors_of_another_province_cannot_upload_into_or_see_hq_documents(world) -> None:
    dataset = documents_dataset()
    with pytest.raises(NotFoundError):
        upload(world, "zanjan_officer", dataset)
    document = upload(world, "hq_officer", dataset)
    zanjan = scope_for_user(world.users["zanjan_manager"])
    with pytest.raises(NotFoundError):
        document_for_download(scope=zanjan, document_id=document.pk)
    with pytest.raises(NotFoundError):
        act(world, "zanjan_manager", document_publish, document=document)


def test_the_type_must_fit_the_dataset_and_authors_are_for_research_only(world) -> None:
    plans = documents_dataset(category=DatasetCategory.PLANS)
    with pytest.raises(ApplicationError) as wrong_type:
        upload(world, "hq_officer", plans, document=data(authors=""))
    assert wrong_type.value.code == "document_type_invalid"
    with pytest.raises(ApplicationError) as authors:
        upload(
            world,
            "hq_officer",
            plans,
            document=data(document_type=DocumentType.STRATEGIC_PLAN, authors="علی"),
        )
    assert authors.value.code == "document_authors_research_only"
    assert "authors" in authors.value.fields
    contracts = make_dataset("HQ")
    with pytest.raises(ApplicationError) as category:
        upload(world, "hq_officer", contracts)
    assert category.value.code == "dataset_not_documents"


def test_a_year_outside_the_persian_calendar_range_is_refused(world) -> None:
    with pytest.raises(ApplicationError) as refused:
        upload(world, "hq_officer", documents_dataset(), document=data(year=2024))
    assert refused.value.code == "document_year_invalid"
    assert "year" in refused.value.fields


def test_a_number_already_in_the_dataset_is_refused_whatever_its_digits(world) -> None:
    dataset = documents_dataset()
    upload(world, "hq_officer", dataset, document=data("r-1403-7"))
    with pytest.raises(ApplicationError) as refused:
        upload(world, "hq_officer", dataset, document=data("R-۱۴۰۳-۷"))
    assert refused.value.code == "document_number_taken"
    assert Document.objects.get().number == "R-1403-7"
    # Another dataset may use the same number.
    other = documents_dataset("P08")
    assert upload(world, "kerman_manager", other, document=data("R-1403-7")).pk


def test_a_withdrawn_document_keeps_its_page_but_leaves_the_list_and_its_file(world) -> None:
    document = make_document(documents_dataset())
    act(
        world,
        "hq_manager",
        record_withdraw,
        record=document,
        reason="خطای محاسبه در جدول‌های پیوست",
    )
    assert list(document_list(filters=DocumentFilters())) == []
    page = document_get_public(document_id=document.pk)
    assert page.state == RecordState.WITHDRAWN
    assert page.withdrawn_reason == "خطای محاسبه در جدول‌های پیوست"
    with pytest.raises(NotFoundError):
        document_for_download(scope=None, document_id=document.pk)


def test_discarding_a_draft_deletes_it_and_its_file(
    world, django_capture_on_commit_callbacks
) -> None:
    document = upload(world, "hq_officer", documents_dataset())
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        act(world, "hq_officer", document_discard, document=document)
    assert not Document.objects.exists()
    assert not storage.exists(name)


def test_a_published_document_cannot_be_discarded(world) -> None:
    document = make_document(documents_dataset())
    with pytest.raises(ApplicationError) as refused:
        act(world, "hq_manager", document_discard, document=document)
    assert refused.value.code == "document_not_draft"
    assert Document.objects.filter(pk=document.pk).exists()


# ---------------------------------------------------------------- public search


def listed(**filters: Any) -> list[str]:
    return [d.number for d in document_list(filters=DocumentFilters(**filters))]


def test_search_matches_arabic_letters_and_persian_digits_and_filters(world) -> None:
    research = documents_dataset()
    plans = documents_dataset(category=DatasetCategory.PLANS)
    kerman = documents_dataset("P08")
    plain = {"summary": "", "keywords": ""}
    make_document(research, "R-1", title="سالمندی فعال", year=1402, **plain)
    make_document(research, "R-2", title="پیمایش زنان سرپرست خانوار", year=1403, **plain)
    make_document(
        kerman, "K-1", title="توانبخشی کودکان کرمان", year=1401, summary="", keywords="اوتیسم"
    )
    make_document(plans, "SP-1400", title="برنامه راهبردی", year=1400, **plain)
    make_document(research, "R-9", title="سالمندی: پیش‌نویس", publish=False, **plain)
    assert listed(q="سالمندي") == ["R-1"]  # Arabic yeh
    assert listed(q="كودكان") == ["K-1"]  # Arabic kaf
    assert listed(q="r-۲") == ["R-2"]  # Persian digit, any case
    assert listed(q="اوتیسم") == ["K-1"]  # keywords are searched
    assert listed(q="زهرا") == ["R-2", "R-1", "K-1"]  # authors too; newest year first
    assert listed(category=DatasetCategory.PLANS) == ["SP-1400"]
    assert listed(publisher="P08") == ["K-1"]
    assert listed(document_type=DocumentType.STRATEGIC_PLAN) == ["SP-1400"]
    assert listed(year=1402) == ["R-1"]
    assert listed(sort="year") == ["SP-1400", "K-1", "R-1", "R-2"]
    assert "R-9" not in listed()


def test_documents_of_an_unpublished_dataset_are_not_public(world) -> None:
    hidden = make_document(documents_dataset("P10", published=False), "P10-1")
    assert listed() == []
    with pytest.raises(NotFoundError):
        document_get_public(document_id=hidden.pk)
    with pytest.raises(NotFoundError):
        document_for_download(scope=None, document_id=hidden.pk)


def test_documents_cannot_be_imported_from_a_file(world) -> None:
    """Files cannot travel in a CSV: the import refuses these datasets, clearly."""
    dataset = documents_dataset()
    user = world.users["hq_officer"]
    with pytest.raises(ApplicationError) as refused:
        batch_import(
            actor=user,
            scope=scope_for_user(user),
            dataset=dataset,
            content=b"number,title\nR-1,x\n",
            filename="documents.csv",
        )
    assert refused.value.code == "dataset_not_importable"


# ---------------------------------------------------------------- API


def test_api_lists_public_documents_with_the_address_of_their_pdf(client, world) -> None:
    research = documents_dataset()
    make_document(research, "R-1", title="سالمندی فعال", year=1402)
    make_document(research, "R-2", title="اوتیسم", year=1403, summary="", keywords="")
    make_document(research, "R-3", publish=False)
    page = client.get(f"{API}/documents", {"q": "سالمندي", "limit": 10}).json()
    assert page["count"] == 1
    item = page["items"][0]
    assert item["number"] == "R-1" and item["category"] == "research"
    assert item["year"] == 1402 and item["publisher"] == "HQ"
    assert re.fullmatch(r"http://testserver/transparency/documents/\d+/file/", item["file_url"])
    every = client.get(f"{API}/documents", {"sort": "year"}).json()
    assert [d["number"] for d in every["items"]] == ["R-1", "R-2"]


def test_api_document_detail_hides_drafts_and_withdrawn_files(client, world) -> None:
    research = documents_dataset()
    draft = make_document(research, "R-3", publish=False)
    response = client.get(f"{API}/documents/{draft.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    withdrawn = make_document(research, "R-4")
    act(world, "hq_manager", record_withdraw, record=withdrawn, reason="نسخه نادرست منتشر شد")
    detail = client.get(f"{API}/documents/{withdrawn.pk}").json()
    assert detail["state"] == "withdrawn" and detail["file_url"] is None
    assert detail["withdrawn_reason"] == "نسخه نادرست منتشر شد"
    assert detail["dataset"] == "research-hq"


# ---------------------------------------------------------------- demo and the PDF writer


def _xref_offsets(pdf: bytes) -> list[int]:
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF", pdf).group(1))  # type: ignore[union-attr]
    assert pdf[start:].startswith(b"xref\n")
    return [int(m.group(1)) for m in re.finditer(rb"(\d{10}) 00000 n ", pdf[start:])]


def test_the_demo_pdf_writer_makes_a_well_formed_pdf() -> None:
    pdf = minimal_pdf("Plan (draft) \\ 1403", pages=3)
    assert pdf.startswith(b"%PDF-1.4") and pdf.endswith(b"%%EOF\n")
    offsets = _xref_offsets(pdf)
    assert len(offsets) == 3 + 2 * 3  # catalog, page tree, font; a page and its content each
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(b"%d 0 obj" % number)
    assert b"/Count 3" in pdf
    assert b"(Plan \\(draft\\) \\\\ 1403)" in pdf  # delimiters escaped in the text


def test_demo_seeds_documents_and_the_generated_datasets_once(world) -> None:
    assert seed_documents_demo() == 10
    assert seed_documents_demo() == 0
    assert Document.objects.count() == 10
    plans = Dataset.objects.get(code="plans-hq")
    research = Dataset.objects.get(code="research-hq")
    assert plans.documents.count() == 4 and research.documents.count() == 6
    withdrawn = Document.objects.get(state=RecordState.WITHDRAWN)
    assert withdrawn.dataset == research and withdrawn.withdrawn_reason
    for document in Document.objects.all():
        with document.file.open("rb") as file:
            content = file.read()
        assert content.startswith(b"%PDF-")
        assert document.file_size == len(content)
        assert document.page_count and document.page_count >= 2
    assert plans.documents.exclude(authors="").count() == 0
    assert research.documents.filter(authors="").count() == 0
    for code, category in (
        ("centers-hq", DatasetCategory.CENTERS),
        ("licences-hq", DatasetCategory.LICENCES),
    ):
        dataset = Dataset.objects.get(code=code)
        assert dataset.category == category and dataset.is_published
        assert dataset.org_unit.code == "HQ"
        assert dataset.frequency == UpdateFrequency.ON_CHANGE
