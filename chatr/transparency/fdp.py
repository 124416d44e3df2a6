"""The expenditures as a Fiscal Data Package (`/transparency/expenditures/datapackage.json`).

A Frictionless Data Package descriptor with the `fiscal-data-package` profile: one CSV
resource, the machine download (`?format=csv&headers=codes`, absolute URL, the request's
filters kept), its Table Schema, and the FDP `model` that maps its columns to the logical
model of fiscal data:
- measure `amount`: executed expenditure in Iranian rials (ISO 4217 `IRR`);
- dimensions `date` (Jalali year and month, and the Gregorian first day of the month),
  `economic_classification` (Iran's budget economic chapters), `program` (an activity) and
  `administrative_unit` (the publishing org unit, and the spending unit under it).

The schema's field names are `exports_expenditures.CODE_FIELDS`, the machine CSV's headings, in
the same order (tested), so a consumer can read the CSV with the descriptor alone.
"""

from __future__ import annotations

import json
from typing import Any, Final

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import urlencode

from chatr.transparency import ocds
from chatr.transparency.choices import DataLicence, EconomicClass
from chatr.transparency.exports_expenditures import CODE_FIELDS
from chatr.transparency.selectors_expenditures import expenditure_datasets

CONTENT_TYPE: Final = "application/json; charset=utf-8"
PROFILE: Final = "fiscal-data-package"
CURRENCY: Final = "IRR"  # ISO 4217: the Iranian rial
# The query parameters the descriptor passes on to its resource (the list's filters).
FILTER_PARAMS: Final = ("q", "publisher", "economic_class", "year", "month_from", "month_to")

# Table Schema of the machine CSV, one entry per heading of CODE_FIELDS.
FIELDS: Final[dict[str, dict[str, Any]]] = {
    "id": {
        "type": "integer",
        "title": "Record id",
        "description": "The record's id on the portal: /transparency/expenditures/<id>/",
        "constraints": {"required": True, "unique": True},
    },
    "publisher_code": {
        "type": "string",
        "title": "Publisher code",
        "description": "The org unit that publishes the dataset: HQ, or a province (P01–P31).",
        "constraints": {"required": True},
    },
    "publisher_name_fa": {"type": "string", "title": "Publisher (Persian)"},
    "publisher_name_en": {"type": "string", "title": "Publisher (English)"},
    "unit": {
        "type": "string",
        "title": "Spending unit",
        "description": "The unit that spent the amount, as its publisher names it (Persian).",
        "constraints": {"required": True},
    },
    "program": {
        "type": "string",
        "title": "Program",
        "description": "The program the amount was spent on (Persian).",
        "constraints": {"required": True},
    },
    "economic_class": {
        "type": "string",
        "title": "Economic classification (code)",
        "constraints": {"required": True, "enum": list(EconomicClass.values)},
    },
    "economic_class_title_fa": {"type": "string", "title": "Economic classification (Persian)"},
    "economic_class_title_en": {"type": "string", "title": "Economic classification (English)"},
    "year": {
        "type": "integer",
        "title": "Year (Jalali)",
        "constraints": {"required": True, "minimum": 1300, "maximum": 1500},
    },
    "month": {
        "type": "integer",
        "title": "Month (Jalali)",
        "description": "1 = Farvardin … 12 = Esfand.",
        "constraints": {"required": True, "minimum": 1, "maximum": 12},
    },
    "period_start": {
        "type": "date",
        "format": "default",
        "title": "First day of the month",
        "description": "The Gregorian date (ISO 8601) of the Jalali month's first day.",
        "constraints": {"required": True},
    },
    "amount": {
        "type": "integer",
        "title": "Amount (rials)",
        "description": "Executed expenditure in Iranian rials.",
        "constraints": {"required": True, "minimum": 0},
    },
}

MODEL: Final[dict[str, Any]] = {
    "measures": {
        "amount": {
            "source": "amount",
            "currency": CURRENCY,
            "factor": 1,
            "direction": "expenditure",
            "phase": "executed",
        }
    },
    "dimensions": {
        "date": {
            "dimensionType": "datetime",
            "attributes": {
                "year": {"source": "year"},
                "month": {"source": "month", "parent": "year"},
                "start": {"source": "period_start"},
            },
            "primaryKey": ["year", "month"],
        },
        "economic_classification": {
            "dimensionType": "classification",
            "classificationType": "economic",
            "attributes": {
                "code": {"source": "economic_class"},
                "title_fa": {"source": "economic_class_title_fa", "labelfor": "code"},
                "title_en": {"source": "economic_class_title_en", "labelfor": "code"},
            },
            "primaryKey": "code",
        },
        "program": {
            "dimensionType": "activity",
            "attributes": {"title": {"source": "program"}},
            "primaryKey": "title",
        },
        "administrative_unit": {
            "dimensionType": "classification",
            "classificationType": "administrative",
            "attributes": {
                "publisher_code": {"source": "publisher_code"},
                "publisher_name_fa": {"source": "publisher_name_fa", "labelfor": "publisher_code"},
                "publisher_name_en": {"source": "publisher_name_en", "labelfor": "publisher_code"},
                "unit": {"source": "unit", "parent": "publisher_code"},
            },
            "primaryKey": ["publisher_code", "unit"],
        },
        "record": {
            "dimensionType": "fact",
            "attributes": {"id": {"source": "id"}},
            "primaryKey": "id",
        },
    },
}

LICENCE_TITLES: Final[dict[str, str]] = {
    DataLicence.CC_BY_4: "Creative Commons Attribution 4.0",
    DataLicence.CC0: "CC0 1.0 Public Domain Dedication",
}


def _filters(request: HttpRequest) -> dict[str, str]:
    return {name: request.GET[name] for name in FILTER_PARAMS if request.GET.get(name, "").strip()}


def schema_fields() -> list[dict[str, Any]]:
    return [{"name": name, **FIELDS[name]} for name in CODE_FIELDS]


def descriptor(request: HttpRequest) -> dict[str, Any]:
    """The Fiscal Data Package of the published expenditures (narrowed by the request's
    filters, which its resource URL keeps)."""
    filters = _filters(request)
    datasets = list(expenditure_datasets(publisher=filters.get("publisher", "")))
    download = reverse("transparency:expenditures_download")
    query = urlencode({**filters, "format": "csv", "headers": "codes"})
    page = reverse("transparency:expenditures")
    package: dict[str, Any] = {
        "profile": PROFILE,
        "name": "chatr-expenditures"
        + (f"-{filters['publisher'].lower()}" if "publisher" in filters else ""),
        "title": "Expenditures of the State Welfare Organization of Iran",
        "title_fa": "هزینه‌های سازمان بهزیستی کشور",
        "description": (
            "Executed expenditures per publishing org unit, spending unit, program, economic "
            "classification and Jalali month, in Iranian rials."
        ),
        "homepage": request.build_absolute_uri(f"{page}?{urlencode(filters)}" if filters else page),
        "countryCode": "IR",
        "granularity": "aggregated",
        "keywords": ["expenditure", "budget", "welfare", "Iran"],
    }
    licences = sorted({dataset.licence for dataset in datasets})
    if licences:
        package["licenses"] = [
            {
                "name": licence,
                "path": ocds.LICENCE_URLS[licence],
                "title": LICENCE_TITLES.get(licence, licence),
            }
            for licence in licences
        ]
    if datasets:
        package["fiscalPeriod"] = {
            "start": min(d.period_start for d in datasets).isoformat(),
            "end": max(d.period_end for d in datasets).isoformat(),
        }
        package["sources"] = [
            {
                "title": dataset.title_en or dataset.title_fa,
                "path": request.build_absolute_uri(
                    f"{page}?{urlencode({'publisher': dataset.org_unit.code})}"
                ),
            }
            for dataset in datasets
        ]
    package["resources"] = [
        {
            "name": "expenditures",
            "title": "Expenditures",
            "profile": "tabular-data-resource",
            "path": request.build_absolute_uri(f"{download}?{query}"),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": schema_fields(),
                "primaryKey": ["id"],
                "missingValues": [""],
            },
        }
    ]
    package["model"] = MODEL
    return package


def descriptor_response(request: HttpRequest) -> HttpResponse:
    body = json.dumps(descriptor(request), ensure_ascii=False, indent=2)
    return HttpResponse(body.encode(), content_type=CONTENT_TYPE)
