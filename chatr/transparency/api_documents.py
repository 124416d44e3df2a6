"""/api/v1/transparency: the plans and research documents (the page's filters, limit/offset)
and one document with the address of its PDF; the centers' addresses and the licences issued,
generated from the centers module. Public and throttled; a draft, or a document of an
unpublished dataset, is "not found" exactly like a missing one."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from chatr.api.base import ErrorOut, Pagination, public_throttle
from chatr.centers.models import Center, Licence
from chatr.core.text import to_ascii_digits
from chatr.transparency import selectors_centers
from chatr.transparency.models import Document
from chatr.transparency.selectors_documents import (
    DEFAULT_DOCUMENT_SORT,
    DocumentFilters,
    document_get_public,
    document_list,
)

router = Router(tags=["transparency"])


# ---------------------------------------------------------------- documents


class DocumentOut(Schema):
    id: int
    number: str
    title: str
    category: str
    document_type: str
    authors: str
    year: int
    language: str
    page_count: int | None
    file_size: int | None
    keywords: str
    published_at: datetime | None
    publisher: str
    file_url: str | None

    @staticmethod
    def resolve_category(obj: Document) -> str:
        return obj.dataset.category

    @staticmethod
    def resolve_publisher(obj: Document) -> str:
        return obj.org_unit.code

    @staticmethod
    def resolve_file_url(obj: Document, context: dict[str, Any]) -> str | None:
        # A withdrawn document keeps its metadata and reason, not its file.
        if obj.state != "published":
            return None
        path = reverse("transparency:document_file", args=[obj.pk])
        return str(context["request"].build_absolute_uri(path))


class DocumentDetailOut(DocumentOut):
    summary: str
    dataset: str
    state: str
    withdrawn_at: datetime | None
    withdrawn_reason: str

    @staticmethod
    def resolve_dataset(obj: Document) -> str:
        return obj.dataset.code


class DocumentQuery(Schema):
    q: str = ""
    category: str = ""
    publisher: str = ""
    document_type: str = ""
    year: int | None = None
    sort: str = DEFAULT_DOCUMENT_SORT


@router.get(
    "/documents",
    response=list[DocumentOut],
    throttle=public_throttle(),
    summary="Public plans and research documents: the portal's search and filters "
    "(year in the Persian calendar)",
)
@paginate(Pagination)
def list_documents(request: HttpRequest, filters: Query[DocumentQuery]):  # type: ignore[no-untyped-def]
    return document_list(
        filters=DocumentFilters(
            q=to_ascii_digits(filters.q),
            category=filters.category,
            publisher=filters.publisher,
            document_type=filters.document_type,
            year=filters.year,
            sort=filters.sort,
        )
    )


@router.get(
    "/documents/{document_id}",
    response={200: DocumentDetailOut, 404: ErrorOut},
    throttle=public_throttle(),
    summary="One public document with its metadata and the address of its PDF",
)
def get_document(request: HttpRequest, document_id: int):  # type: ignore[no-untyped-def]
    return document_get_public(document_id=document_id)


# ---------------------------------------------------------------- centers and licences


class PlaceOut(Schema):
    code: str
    name_fa: str
    name_en: str


def _place(unit: Any) -> PlaceOut | None:
    if unit is None:
        return None
    return PlaceOut(code=unit.code, name_fa=unit.name_fa, name_en=unit.name_en)


class CenterAddressOut(Schema):
    """A center as the public directory shows it (nothing personal)."""

    code: str
    name_fa: str
    name_en: str
    licence_type: str
    ownership: str
    care_mode: str
    province: PlaceOut | None
    county: PlaceOut | None
    address: str
    postal_code: str
    phone: str
    status: str
    is_licensed: bool

    @staticmethod
    def resolve_code(obj: Center) -> str:
        return obj.org_unit.code

    @staticmethod
    def resolve_name_fa(obj: Center) -> str:
        return obj.org_unit.name_fa

    @staticmethod
    def resolve_name_en(obj: Center) -> str:
        return obj.org_unit.name_en

    @staticmethod
    def resolve_province(obj: Center) -> PlaceOut | None:
        return _place(obj.scope_province)

    @staticmethod
    def resolve_county(obj: Center) -> PlaceOut | None:
        return _place(obj.scope_county)

    @staticmethod
    def resolve_is_licensed(obj: Center) -> bool:
        return bool(getattr(obj, "is_licensed", False))


class CenterQuery(Schema):
    name: str = ""
    province: str = ""
    county: str = ""
    licence_type: str = ""


@router.get(
    "/centers",
    response=list[CenterAddressOut],
    throttle=public_throttle(),
    summary="Addresses of care centers, generated from the centers directory",
)
@paginate(Pagination)
def list_centers(request: HttpRequest, filters: Query[CenterQuery]):  # type: ignore[no-untyped-def]
    return selectors_centers.center_addresses(
        filters=selectors_centers.CenterFilters(
            name=filters.name,
            province=filters.province,
            county=filters.county,
            licence_type=filters.licence_type,
        )
    )


class LicenceIssuedOut(Schema):
    number: str
    kind: str
    center: PlaceOut
    licence_type: str
    province: PlaceOut | None
    county: PlaceOut | None
    issued_on: date
    valid_from: date
    valid_until: date
    status: str

    @staticmethod
    def resolve_center(obj: Licence) -> PlaceOut:
        unit = obj.center.org_unit
        return PlaceOut(code=unit.code, name_fa=unit.name_fa, name_en=unit.name_en)

    @staticmethod
    def resolve_licence_type(obj: Licence) -> str:
        return obj.center.licence_type

    @staticmethod
    def resolve_province(obj: Licence) -> PlaceOut | None:
        return _place(obj.center.scope_province)

    @staticmethod
    def resolve_county(obj: Licence) -> PlaceOut | None:
        return _place(obj.center.scope_county)

    @staticmethod
    def resolve_status(obj: Licence) -> str:
        return str(getattr(obj, "public_status", obj.status))


class LicenceQuery(Schema):
    q: str = ""
    province: str = ""
    county: str = ""
    licence_type: str = ""
    kind: str = ""
    status: str = ""


@router.get(
    "/licences",
    response=list[LicenceIssuedOut],
    throttle=public_throttle(),
    summary="Licences issued to care centers, with their status today, from the centers module",
)
@paginate(Pagination)
def list_licences(request: HttpRequest, filters: Query[LicenceQuery]):  # type: ignore[no-untyped-def]
    return selectors_centers.licences_issued(
        filters=selectors_centers.PublicLicenceFilters(
            q=filters.q,
            province=filters.province,
            county=filters.county,
            licence_type=filters.licence_type,
            kind=filters.kind,
            status=filters.status,
        )
    )
