"""Reads of the plans and research categories (documents with a PDF).

Public: as for every category (`PublishedRecordQuerySet`), only published documents of
published datasets are listed and downloaded; a withdrawn one keeps its page with the public
reason but its file is no longer served. A document of an
unpublished dataset is "not found", exactly like a missing one. Staff reads start from
`visible_to(scope, transparency.edit)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from django.db.models import QuerySet

from chatr.core.errors import NotFoundError
from chatr.core.text import search_key
from chatr.org.models import OrgUnit
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.transparency.choices import DatasetCategory, RecordState
from chatr.transparency.models import Dataset, Document

DOCUMENT_CATEGORIES: Final = (DatasetCategory.PLANS, DatasetCategory.RESEARCH)

# The public sort keys and their ORDER BY (pk last, so pages never overlap).
DOCUMENT_SORTS: Final = {
    "-year": ("-year", "-published_at", "-pk"),
    "year": ("year", "published_at", "pk"),
    "-published_at": ("-published_at", "-pk"),
    "title": ("title", "pk"),
}
DEFAULT_DOCUMENT_SORT: Final = "-year"


@dataclass(frozen=True)
class DocumentFilters:
    """Document search; `publisher` is an org-unit code ("HQ", "P08"), `category` plans or
    research, `year` a Jalali year."""

    q: str = ""
    category: str = ""
    publisher: str = ""
    document_type: str = ""
    year: int | None = None
    sort: str = DEFAULT_DOCUMENT_SORT


def _document_datasets() -> QuerySet[Dataset]:
    return Dataset.objects.published().filter(category__in=DOCUMENT_CATEGORIES)


def document_publishers() -> QuerySet[OrgUnit]:
    """Org units with a published plans or research dataset: the publisher filter's choices."""
    return OrgUnit.objects.filter(pk__in=_document_datasets().values("org_unit_id")).order_by(
        "code"
    )


def _public_documents() -> QuerySet[Document]:
    """What lists, searches and downloads show: published documents of published datasets."""
    return Document.objects.public()


def document_years() -> list[int]:
    """The Jalali years of the public documents, newest first: the year filter's choices."""
    years = _public_documents().order_by("-year").values_list("year", flat=True).distinct()
    return list(years)


def _filtered(documents: QuerySet[Document], filters: DocumentFilters) -> QuerySet[Document]:
    for word in search_key(filters.q).split():
        documents = documents.filter(search_text__contains=word)
    if filters.category:
        documents = documents.filter(dataset__category=filters.category)
    if filters.publisher:
        documents = documents.filter(org_unit__code=filters.publisher)
    if filters.document_type:
        documents = documents.filter(document_type=filters.document_type)
    if filters.year is not None:
        documents = documents.filter(year=filters.year)
    return documents


def _ordered(documents: QuerySet[Document], sort: str) -> QuerySet[Document]:
    return documents.order_by(*DOCUMENT_SORTS.get(sort, DOCUMENT_SORTS[DEFAULT_DOCUMENT_SORT]))


def document_list(*, filters: DocumentFilters) -> QuerySet[Document]:
    """Public documents matching `filters`, with their dataset and publisher (one query a page).

    Every word typed must appear in the normalized text (number, title, summary, authors,
    keywords), so ی/ي, ک/ك, Persian/Arabic/ASCII digits and ZWNJ all match alike."""
    documents = _filtered(_public_documents(), filters)
    return _ordered(documents.select_related("dataset", "org_unit"), filters.sort)


# The export's columns, read straight from the cursor as tuples (never model instances).
EXPORT_FIELDS: Final = (
    "pk",
    "number",
    "title",
    "dataset__category",
    "document_type",
    "authors",
    "year",
    "language",
    "page_count",
    "file_size",
    "keywords",
    "summary",
    "published_at",
    "org_unit__code",
    "org_unit__name_fa",
    "org_unit__name_en",
)


def document_export_rows(*, filters: DocumentFilters) -> QuerySet[Any]:
    """The same documents as `document_list`, as tuples of EXPORT_FIELDS, for streaming."""
    documents = _ordered(_filtered(_public_documents(), filters), filters.sort)
    return documents.values_list(*EXPORT_FIELDS)


def document_get_public(*, document_id: int) -> Document:
    """A document's public page: published, or withdrawn (the page then says why)."""
    document: Document | None = (
        Document.objects.public_pages()
        .select_related("dataset", "org_unit")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise NotFoundError()
    return document


def document_for_download(*, scope: Scope | None, document_id: int) -> Document:
    """The document whose PDF may be served to this reader: a public (published) one to
    anyone; a draft or withdrawn one only to the editors and reviewers of its unit, who
    check it before publishing. Anything else is "not found"."""
    document = _public_documents().filter(pk=document_id).first()
    if document is None and scope is not None and scope.is_staff:
        document = (
            Document.objects.visible_to(scope, Perm.TRANSPARENCY_EDIT)
            .filter(pk=document_id)
            .first()
        )
    if document is None or not document.file:
        raise NotFoundError()
    return document


# ---------------------------------------------------------------- editors and reviewers


def document_datasets_for_editor(*, scope: Scope) -> QuerySet[Dataset]:
    """Plans and research datasets of the units where the scope may edit open data."""
    return (
        Dataset.objects.visible_to(scope, Perm.TRANSPARENCY_EDIT)
        .filter(category__in=DOCUMENT_CATEGORIES)
        .select_related("org_unit")
        .order_by("category", "org_unit__code", "code")
    )


def documents_for_editor(*, scope: Scope) -> QuerySet[Document]:
    """Documents of the scope's datasets, newest upload first (any state)."""
    return (
        Document.objects.visible_to(scope, Perm.TRANSPARENCY_EDIT)
        .select_related("dataset", "org_unit", "uploaded_by")
        .order_by("-created_at", "-pk")
    )


def documents_waiting(*, scope: Scope) -> QuerySet[Document]:
    """Drafts waiting for a reviewer, in the units the scope edits."""
    return documents_for_editor(scope=scope).filter(state=RecordState.DRAFT)


def document_get_for_editor(*, scope: Scope, document_id: int) -> Document:
    """A document of a dataset the scope edits (any state), for the staff actions on it."""
    document: Document | None = (
        documents_for_editor(scope=scope).select_related("reviewed_by").filter(pk=document_id)
    ).first()
    if document is None:
        raise NotFoundError()
    return document
