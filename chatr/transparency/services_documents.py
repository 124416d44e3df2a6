"""Writes of the plans and research categories: documents (PDF) uploaded one at a time.

Files cannot come in a CSV, so these categories have no import kind: an editor uploads each
document with its metadata, and the publishing rules of the portal apply to it one by one.

- `document_upload` (editor, `transparency.edit` on the dataset's unit): checks the file by
  its content (a PDF starts with `%PDF-`; at most 20 MB) and the metadata, and stores the
  document as a DRAFT outside any import batch.
- `document_publish` (reviewer, `transparency.publish`, never the uploader: maker–checker).
- `document_discard` (editor or reviewer): a draft is deleted with its file.
- Withdrawal is the portal's one `services_publishing.record_withdraw`.
- `document_record` is the writer the two above and the demo share: it checks the metadata
  and the file but not the actor (the demo's and tests' seeded documents).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from typing import Any, Final

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction
from chatr.audit.services import audit_record
from chatr.core.errors import ApplicationError, lazy_message
from chatr.core.text import normalize_persian, search_key, to_ascii_digits
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.org.services import stamp_org_unit
from chatr.transparency.choices import (
    DOCUMENT_TYPES_BY_CATEGORY,
    DatasetCategory,
    DocumentLanguage,
    RecordState,
)
from chatr.transparency.models import Dataset, Document
from chatr.transparency.models.documents import DOCUMENT_YEAR_MAX, DOCUMENT_YEAR_MIN

DOCUMENT_MAX_BYTES: Final = 20 * 1024 * 1024
PDF_SIGNATURE: Final = b"%PDF-"
DOCUMENT_CATEGORIES: Final = (DatasetCategory.PLANS, DatasetCategory.RESEARCH)
# A page object of a PDF ("/Type /Page", not "/Type /Pages"); compressed object streams hide
# them, and then the page count is simply left empty.
_PAGE_OBJECT: Final = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


@dataclass(frozen=True)
class DocumentData:
    """A document's metadata as an editor gives it (the file travels separately)."""

    number: str
    title: str
    document_type: str
    year: int
    summary: str = ""
    authors: str = ""
    language: str = DocumentLanguage.PERSIAN
    keywords: str = ""
    page_count: int | None = None


def document_number_key(text: str) -> str:
    """A document number as stored: digits unified, upper case; dashes and slashes kept."""
    return to_ascii_digits(normalize_persian(text)).upper()


def _invalid(code: str, field: str, message: Any) -> ApplicationError:
    return ApplicationError(code, message, fields={field: message})


def _checked_data(dataset: Dataset, data: DocumentData) -> DocumentData:
    """The metadata normalized, or a refusal naming the field to fix."""
    if dataset.category not in DOCUMENT_CATEGORIES:
        raise _invalid(
            "dataset_not_documents",
            "dataset",
            _("Documents can only be published in a plans or research dataset."),
        )
    number = document_number_key(data.number)
    if not number or len(number) > 40:
        raise _invalid(
            "document_number_invalid",
            "number",
            _("Write the document's number or code (at most 40 characters)."),
        )
    title = normalize_persian(data.title)
    if not title or len(title) > 300:
        raise _invalid(
            "document_title_invalid", "title", _("Write the title (at most 300 characters).")
        )
    if data.document_type not in DOCUMENT_TYPES_BY_CATEGORY[dataset.category]:
        raise _invalid(
            "document_type_invalid",
            "document_type",
            _("This type of document does not belong in this dataset: choose another type."),
        )
    authors = normalize_persian(data.authors)
    if authors and dataset.category != DatasetCategory.RESEARCH:
        raise _invalid(
            "document_authors_research_only",
            "authors",
            _("Authors are published for research only: leave this field empty for a plan."),
        )
    if not DOCUMENT_YEAR_MIN <= data.year <= DOCUMENT_YEAR_MAX:
        raise _invalid(
            "document_year_invalid",
            "year",
            lazy_message(
                _("Write the year in the Persian calendar, between %(low)s and %(high)s."),
                low=DOCUMENT_YEAR_MIN,
                high=DOCUMENT_YEAR_MAX,
            ),
        )
    if data.language not in DocumentLanguage.values:
        raise _invalid("document_language_invalid", "language", _("Choose the language."))
    if data.page_count is not None and data.page_count < 1:
        raise _invalid(
            "document_pages_invalid", "page_count", _("The number of pages must be positive.")
        )
    return replace(
        data,
        number=number,
        title=title,
        summary=normalize_persian(data.summary),
        authors=authors,
        keywords=normalize_persian(data.keywords)[:300],
    )


def check_pdf(file: File[bytes]) -> bytes:
    """The file's content when it is a PDF of at most 20 MB, judged by its content (the
    first bytes), never by its name; otherwise a refusal in Persian and English."""
    size = file.size
    if size is not None and size > DOCUMENT_MAX_BYTES:
        raise _invalid(
            "document_too_large",
            "file",
            lazy_message(
                _("The file is larger than %(mb)s MB: reduce its size or split it."),
                mb=DOCUMENT_MAX_BYTES // (1024 * 1024),
            ),
        )
    file.seek(0)
    content: bytes = file.read(DOCUMENT_MAX_BYTES + 1)
    file.seek(0)
    if len(content) > DOCUMENT_MAX_BYTES:
        raise _invalid(
            "document_too_large",
            "file",
            lazy_message(
                _("The file is larger than %(mb)s MB: reduce its size or split it."),
                mb=DOCUMENT_MAX_BYTES // (1024 * 1024),
            ),
        )
    if not content.startswith(PDF_SIGNATURE):
        raise _invalid(
            "document_not_pdf",
            "file",
            _("This file is not a PDF. Save the document as PDF and upload that file."),
        )
    return content


def count_pdf_pages(content: bytes) -> int | None:
    """The pages a PDF declares, when its page objects are readable (None otherwise)."""
    pages = len(_PAGE_OBJECT.findall(content))
    return pages or None


def document_search_text(data: DocumentData) -> str:
    return search_key(
        " ".join((data.number, data.title, data.summary, data.authors, data.keywords))
    )


@transaction.atomic
def document_record(
    *,
    dataset: Dataset,
    data: DocumentData,
    file: File[bytes],
    uploaded_by: Any = None,
    publish: bool = False,
) -> Document:
    """Store a new document of `dataset` as a draft (`publish=True`: published at once, for
    the demo's and tests' seeded documents). A number already in the dataset is refused."""
    data = _checked_data(dataset, data)
    content = check_pdf(file)
    if Document.objects.filter(dataset=dataset, record_key=data.number).exists():
        raise _invalid(
            "document_number_taken",
            "number",
            _("A document with this number is already in this dataset."),
        )
    document = Document(
        dataset=dataset,
        number=data.number,
        record_key=data.number,
        title=data.title,
        summary=data.summary,
        document_type=data.document_type,
        authors=data.authors,
        year=data.year,
        language=data.language,
        keywords=data.keywords,
        file_size=len(content),
        page_count=data.page_count or count_pdf_pages(content),
        uploaded_by=uploaded_by if getattr(uploaded_by, "pk", None) else None,
        search_text=document_search_text(data),
    )
    stamp_org_unit(document, dataset.org_unit)
    if publish:
        document.state = RecordState.PUBLISHED
        document.published_at = timezone.now()
    # A neutral stored name: the uploaded file's name may say more than the document does.
    # The file is written before the row; a rolled-back upload leaves an unreferenced file.
    document.file.save(f"{uuid.uuid4().hex}.pdf", File(file), save=False)
    document.save()
    return document


def document_upload(
    *,
    actor: Any,
    scope: Scope,
    dataset: Dataset,
    data: DocumentData,
    file: File[bytes],
) -> Document:
    """An editor uploads one document: a draft until another person publishes it."""
    require(scope, Perm.TRANSPARENCY_EDIT, dataset)
    document = document_record(dataset=dataset, data=data, file=file, uploaded_by=actor)
    _audit(actor, document, {"state": RecordState.DRAFT, "file_size": document.file_size})
    return document


def _locked_draft(document: Document) -> Document:
    document = Document.objects.select_for_update().select_related("dataset").get(pk=document.pk)
    if document.state != RecordState.DRAFT:
        raise ApplicationError(
            "document_not_draft",
            _("This document is no longer waiting for review: it was published or withdrawn."),
        )
    return document


@transaction.atomic
def document_publish(*, actor: Any, scope: Scope, document: Document) -> Document:
    """Make a draft public (maker–checker: the uploader cannot publish their own upload)."""
    require(scope, Perm.TRANSPARENCY_PUBLISH, document)
    document = _locked_draft(document)
    if document.uploaded_by_id is not None and document.uploaded_by_id == getattr(
        actor, "pk", None
    ):
        raise ApplicationError(
            "maker_checker",
            _("You uploaded this document: another reviewer must check and publish it."),
        )
    now = timezone.now()
    document.state = RecordState.PUBLISHED
    document.published_at = now
    document.reviewed_by = actor
    document.save(update_fields=["state", "published_at", "reviewed_by", "updated_at"])
    dataset = document.dataset
    dataset.last_updated = timezone.localdate()
    dataset.save(update_fields=["last_updated", "updated_at"])
    _audit(actor, document, {"state": [RecordState.DRAFT, RecordState.PUBLISHED]})
    return document


@transaction.atomic
def document_discard(*, actor: Any, scope: Scope, document: Document) -> None:
    """Delete a draft and, once the deletion is committed, its file."""
    require(scope, Perm.TRANSPARENCY_EDIT, document)
    document = _locked_draft(document)
    _audit(actor, document, {"state": [RecordState.DRAFT, "discarded"]})
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _audit(actor: Any, target: Document, changes: dict[str, Any]) -> None:
    audit_record(actor=actor, action=AuditAction.STATE, target=target, changes=changes)
