"""Downloads of the documents, centers' addresses and licences issued: their `ExportSpec`s,
streamed by the generic writers in `exports` (CSV, XLSX, JSON).

Each `human`/`machine` reads one tuple of its selector's EXPORT_FIELDS. The documents' spec is
built per request: its rows carry the absolute address of each PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chatr.centers.choices import (
    CareMode,
    CenterStatus,
    LicenceKind,
    LicenceStatus,
    LicenceType,
    Ownership,
)
from chatr.core.jalali import export_day
from chatr.transparency.choices import DatasetCategory, DocumentLanguage, DocumentType
from chatr.transparency.exports import ExportSpec, localized_name


def _label(choices: Any, value: Any) -> str:
    return str(dict(choices.choices).get(value, value or ""))


# ---------------------------------------------------------------- documents


def _document_headers() -> list[str]:
    return [
        _("Document number"),
        _("Title"),
        _("Category"),
        _("Document type"),
        _("Authors"),
        _("Year published"),
        _("Language"),
        _("Pages"),
        _("File size (bytes)"),
        _("Keywords"),
        _("Summary"),
        _("Published on"),
        _("Publisher"),
        _("File (PDF)"),
    ]


def document_export(*, file_url: Callable[[int], str]) -> ExportSpec:
    """The documents' downloads; `file_url(pk)` is the absolute address of a PDF."""

    def human(row: tuple[Any, ...]) -> list[Any]:
        pk, number, title, category, document_type, authors, year, language = row[:8]
        pages, size, keywords, summary, published_at = row[8:13]
        return [
            number,
            title,
            _label(DatasetCategory, category),
            _label(DocumentType, document_type),
            authors,
            year,
            _label(DocumentLanguage, language),
            pages if pages is not None else "",
            size if size is not None else "",
            keywords,
            summary,
            export_day(timezone.localdate(published_at) if published_at else None),
            localized_name(row[14], row[15]),
            file_url(pk),
        ]

    def machine(row: tuple[Any, ...]) -> dict[str, Any]:
        pk, number, title, category, document_type, authors, year, language = row[:8]
        pages, size, keywords, summary, published_at = row[8:13]
        code, publisher_fa, publisher_en = row[13:16]
        return {
            "id": pk,
            "number": number,
            "title": title,
            "category": category,
            "document_type": document_type,
            "document_type_label": _label(DocumentType, document_type),
            "authors": authors,
            "year": year,
            "language": language,
            "page_count": pages,
            "file_size": size,
            "keywords": keywords,
            "summary": summary,
            "published_at": published_at.isoformat() if published_at else None,
            "publisher": {"code": code, "name_fa": publisher_fa, "name_en": publisher_en},
            "file_url": file_url(pk),
        }

    return ExportSpec(
        sheet=lambda: _("Documents"), headers=_document_headers, human=human, machine=machine
    )


def document_file_path(pk: int) -> str:
    return reverse("transparency:document_file", args=[pk])


# ---------------------------------------------------------------- centers' addresses


def _center_headers() -> list[str]:
    return [
        _("Center code"),
        _("Center"),
        _("Type of center"),
        _("Ownership"),
        _("Care mode"),
        _("Province"),
        _("County"),
        _("Address"),
        _("Postal code"),
        _("Phone"),
        _("Latitude"),
        _("Longitude"),
        _("Activity licence in force"),
        _("Status"),
    ]


def _decimal(value: Any) -> str:
    return "" if value is None else str(value)


def _center_human(row: tuple[Any, ...]) -> list[Any]:
    """A tuple of selectors_centers.CENTER_EXPORT_FIELDS as the columns people read."""
    code, name_fa, name_en, licence_type, ownership, care_mode = row[:6]
    address, postal_code, phone, latitude, longitude, status, is_licensed = row[12:19]
    return [
        code,
        localized_name(name_fa, name_en),
        _label(LicenceType, licence_type),
        _label(Ownership, ownership),
        _label(CareMode, care_mode),
        localized_name(row[7], row[8]),
        localized_name(row[10], row[11]),
        address,
        postal_code,
        phone,
        _decimal(latitude),
        _decimal(longitude),
        _("Yes") if is_licensed else _("No"),
        _label(CenterStatus, status),
    ]


def _place(code: Any, name_fa: Any, name_en: Any) -> dict[str, Any] | None:
    if not code:
        return None
    return {"code": code, "name_fa": name_fa, "name_en": name_en}


def _center_machine(row: tuple[Any, ...]) -> dict[str, Any]:
    code, name_fa, name_en, licence_type, ownership, care_mode = row[:6]
    address, postal_code, phone, latitude, longitude, status, is_licensed = row[12:19]
    return {
        "code": code,
        "name_fa": name_fa,
        "name_en": name_en,
        "licence_type": licence_type,
        "licence_type_label": _label(LicenceType, licence_type),
        "ownership": ownership,
        "care_mode": care_mode,
        "province": _place(*row[6:9]),
        "county": _place(*row[9:12]),
        "address": address,
        "postal_code": postal_code,
        "phone": phone,
        "latitude": _decimal(latitude) or None,
        "longitude": _decimal(longitude) or None,
        "is_licensed": bool(is_licensed),
        "status": status,
    }


CENTERS_EXPORT: Final = ExportSpec(
    sheet=lambda: _("Centers"),
    headers=_center_headers,
    human=_center_human,
    machine=_center_machine,
)


# ---------------------------------------------------------------- licences issued


def _licence_headers() -> list[str]:
    return [
        _("Licence number"),
        _("Kind"),
        _("Center"),
        _("Type of center"),
        _("Province"),
        _("County"),
        _("Issued on"),
        _("Valid from"),
        _("Valid until"),
        _("Status"),
    ]


def _licence_human(row: tuple[Any, ...]) -> list[Any]:
    """A tuple of selectors_centers.LICENCE_EXPORT_FIELDS as the columns people read."""
    number, kind = row[:2]
    issued_on, valid_from, valid_until, status = row[12:16]
    return [
        number,
        _label(LicenceKind, kind),
        localized_name(row[3], row[4]),
        _label(LicenceType, row[5]),
        localized_name(row[7], row[8]),
        localized_name(row[10], row[11]),
        export_day(issued_on),
        export_day(valid_from),
        export_day(valid_until),
        _label(LicenceStatus, status),
    ]


def _licence_machine(row: tuple[Any, ...]) -> dict[str, Any]:
    number, kind = row[:2]
    issued_on, valid_from, valid_until, status = row[12:16]
    return {
        "number": number,
        "kind": kind,
        "kind_label": _label(LicenceKind, kind),
        "center": {"code": row[2], "name_fa": row[3], "name_en": row[4]},
        "licence_type": row[5],
        "licence_type_label": _label(LicenceType, row[5]),
        "province": _place(*row[6:9]),
        "county": _place(*row[9:12]),
        "issued_on": issued_on.isoformat(),
        "valid_from": valid_from.isoformat(),
        "valid_until": valid_until.isoformat(),
        "status": status,
        "status_label": _label(LicenceStatus, status),
    }


LICENCES_EXPORT: Final = ExportSpec(
    sheet=lambda: _("Licences issued"),
    headers=_licence_headers,
    human=_licence_human,
    machine=_licence_machine,
)
