"""The catalogue as DCAT-AP in JSON-LD (`/transparency/catalog.jsonld`), for open-data portals
that harvest it: one `dcat:Dataset` per published dataset, its downloads as `dcat:Distribution`s.

Controlled vocabularies are the EU Publications Office's (frequency, file type, language, data
theme) and IANA's media types, as DCAT-AP asks. Texts are given in Persian and English
(`@language`). Every URL is absolute, built from the request.

Where a category's records can be listed and downloaded is declared once, in
`pages.CATEGORY_PAGES`; a category without an entry is described by its landing page only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from chatr.transparency import ocds, pages
from chatr.transparency.choices import DatasetCategory, UpdateFrequency
from chatr.transparency.exports import EXPORT_FORMATS
from chatr.transparency.models import Dataset
from chatr.transparency.selectors import dataset_list

CONTENT_TYPE: Final = "application/ld+json; charset=utf-8"
FISCAL_DATA_PACKAGE_URL: Final = "https://fiscal.datapackage.org/"
LANGUAGES: Final = ("fa", "en")
CONTEXT: Final = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU_AUTHORITY: Final = "http://publications.europa.eu/resource/authority/"
IANA_MEDIA_TYPES: Final = "https://www.iana.org/assignments/media-types/"
FREQUENCIES: Final[dict[str, str]] = {
    UpdateFrequency.MONTHLY: "MONTHLY",
    UpdateFrequency.QUARTERLY: "QUARTERLY",
    UpdateFrequency.YEARLY: "ANNUAL",
    UpdateFrequency.ON_CHANGE: "IRREG",
}
LANGUAGE_CODES: Final = {"fa": "FAS", "en": "ENG"}
THEMES: Final[dict[str, str]] = {
    DatasetCategory.CONTRACTS: "GOVE",
    DatasetCategory.EXPENDITURES: "ECON",
    DatasetCategory.MANAGERS: "GOVE",
    DatasetCategory.ASSETS: "GOVE",
    DatasetCategory.DONATIONS: "SOCI",
    DatasetCategory.LICENCES: "SOCI",
    DatasetCategory.HIRING: "GOVE",
    DatasetCategory.PLANS: "GOVE",
    DatasetCategory.RESEARCH: "TECH",
    DatasetCategory.CENTERS: "SOCI",
}


@dataclass(frozen=True)
class FileFormat:
    media_type: str  # IANA
    file_type: str  # EU file-type authority code
    title: Any  # lazy


FORMATS: Final = {
    "csv": FileFormat("text/csv", "CSV", _("CSV file")),
    "xlsx": FileFormat(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "XLSX",
        _("Excel workbook (XLSX)"),
    ),
    "json": FileFormat("application/json", "JSON", _("JSON file")),
    "ocds": FileFormat("application/json", "JSON", _("OCDS 1.1 release package (JSON)")),
    "fdp": FileFormat("application/json", "JSON", _("Fiscal Data Package descriptor (JSON)")),
    "html": FileFormat("text/html", "HTML", _("Web page")),
}


CATALOG_DESCRIPTION: Final = _(
    "Open data of the State Welfare Organization of Iran: its contracts, expenditures and "
    "other records, with their downloads."
)


@dataclass(frozen=True)
class Distribution:
    kind: str  # a key of FORMATS
    access_url: str
    download_url: str = ""
    conforms_to: str = ""


def _url(request: HttpRequest, name: str, **query: str) -> str:
    path = reverse(name)
    return request.build_absolute_uri(f"{path}?{urlencode(query)}" if query else path)


def landing_page(dataset: Dataset, request: HttpRequest) -> str:
    """The dataset's public list page, or the portal's home for a category without one."""
    return request.build_absolute_uri(
        pages.dataset_list_url(dataset) or reverse("transparency:home")
    )


def distribution_urls(dataset: Dataset, request: HttpRequest) -> list[Distribution]:
    """The dataset's distributions: its downloads (and, for contracts, OCDS) where its
    category has them (`pages.CATEGORY_PAGES`), otherwise its landing page."""
    if not pages.dataset_download_url(dataset, "csv"):
        return [Distribution(kind="html", access_url=landing_page(dataset, request))]
    found = []
    for kind in EXPORT_FORMATS:
        url = request.build_absolute_uri(pages.dataset_download_url(dataset, kind))
        found.append(Distribution(kind=kind, access_url=url, download_url=url))
    if dataset.category == DatasetCategory.CONTRACTS:
        found.append(
            Distribution(
                kind="ocds",
                access_url=_url(
                    request, "api:transparency_ocds_releases", publisher=dataset.org_unit.code
                ),
                conforms_to=ocds.OCDS_STANDARD_URL,
            )
        )
    if dataset.category == DatasetCategory.EXPENDITURES:
        found.append(
            Distribution(
                kind="fdp",
                access_url=_url(
                    request,
                    "transparency:expenditures_datapackage",
                    publisher=dataset.org_unit.code,
                ),
                conforms_to=FISCAL_DATA_PACKAGE_URL,
            )
        )
    return found


# ---------------------------------------------------------------- JSON-LD


def _texts(value: Callable[[], str] | Any) -> list[dict[str, str]]:
    """One `@language`-tagged literal per language (a lazy msgid or a function of the
    active language). A text not yet translated into Persian (still the English msgid) is
    given in English only, never tagged as Persian."""
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            texts[language] = str(value() if callable(value) else value)
    return [
        {"@value": text, "@language": language}
        for language, text in texts.items()
        if text and (language == "en" or text != texts["en"])
    ]


def _pair(fa: str, en: str) -> list[dict[str, str]]:
    return [
        {"@value": text, "@language": language}
        for text, language in ((fa, "fa"), (en, "en"))
        if text
    ]


def _day(value: Any) -> dict[str, str]:
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _ref(url: str) -> dict[str, str]:
    return {"@id": url}


def _telephone(phone: str) -> str:
    """tel: URI in international form (Iranian numbers are written with a leading 0)."""
    return f"tel:+98{phone[1:]}" if phone.startswith("0") else f"tel:{phone}"


def _distribution(dataset: Dataset, item: Distribution, dataset_id: str) -> dict[str, Any]:
    file_format = FORMATS[item.kind]
    node: dict[str, Any] = {
        "@id": f"{dataset_id}-{item.kind}",
        "@type": "dcat:Distribution",
        "dct:title": _texts(file_format.title),
        "dcat:accessURL": _ref(item.access_url),
        "dcat:mediaType": _ref(IANA_MEDIA_TYPES + file_format.media_type),
        "dct:format": _ref(f"{EU_AUTHORITY}file-type/{file_format.file_type}"),
        "dct:license": _ref(ocds.LICENCE_URLS[dataset.licence]),
    }
    if item.download_url:
        node["dcat:downloadURL"] = _ref(item.download_url)
    if item.conforms_to:
        node["dct:conformsTo"] = _ref(item.conforms_to)
    return node


def dataset_node(dataset: Dataset, request: HttpRequest, *, catalog_url: str) -> dict[str, Any]:
    dataset_id = f"{catalog_url}#{dataset.code}"
    unit = dataset.org_unit
    node: dict[str, Any] = {
        "@id": dataset_id,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.code,
        "dct:title": _pair(dataset.title_fa, dataset.title_en),
        # DCAT-AP requires a description; the title stands in for a dataset without one.
        "dct:description": _pair(
            dataset.description_fa or dataset.title_fa, dataset.description_en or dataset.title_en
        ),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": _pair(unit.name_fa, unit.name_en)},
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _day(dataset.period_start),
            "dcat:endDate": _day(dataset.period_end),
        },
        "dct:accrualPeriodicity": _ref(f"{EU_AUTHORITY}frequency/{FREQUENCIES[dataset.frequency]}"),
        "dct:modified": _day(dataset.last_updated),
        "dct:language": [_ref(f"{EU_AUTHORITY}language/{LANGUAGE_CODES['fa']}")],
        "dcat:landingPage": _ref(landing_page(dataset, request)),
        "dcat:distribution": [
            _distribution(dataset, item, dataset_id) for item in distribution_urls(dataset, request)
        ],
    }
    theme = THEMES.get(dataset.category)
    if theme:
        node["dcat:theme"] = _ref(f"{EU_AUTHORITY}data-theme/{theme}")
    if dataset.contact_email or dataset.contact_phone:
        contact: dict[str, Any] = {
            "@type": "vcard:Kind",
            "vcard:fn": _pair(unit.name_fa, unit.name_en),
        }
        if dataset.contact_email:
            contact["vcard:hasEmail"] = _ref(f"mailto:{dataset.contact_email}")
        if dataset.contact_phone:
            contact["vcard:hasTelephone"] = _ref(_telephone(dataset.contact_phone))
        node["dcat:contactPoint"] = contact
    return node


def catalog(request: HttpRequest) -> dict[str, Any]:
    """The `dcat:Catalog` of the published datasets (one query)."""
    catalog_url = request.build_absolute_uri(reverse("transparency:catalog"))
    datasets = list(dataset_list())
    node: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": catalog_url,
        "@type": "dcat:Catalog",
        "dct:title": _texts(_("Transparency portal")),
        "dct:description": _texts(CATALOG_DESCRIPTION),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": _texts(ocds.publisher_name)},
        "dct:language": [
            _ref(f"{EU_AUTHORITY}language/{LANGUAGE_CODES[language]}") for language in LANGUAGES
        ],
        "foaf:homepage": _ref(request.build_absolute_uri(reverse("transparency:home"))),
        "dcat:dataset": [
            dataset_node(dataset, request, catalog_url=catalog_url) for dataset in datasets
        ],
    }
    if datasets:
        node["dct:modified"] = _day(max(dataset.last_updated for dataset in datasets))
    return node


def catalog_response(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        json.dumps(catalog(request), ensure_ascii=False, indent=1).encode(),
        content_type=CONTENT_TYPE,
    )
