"""Open-data views of the portal for harvesters: the DCAT-AP catalogue in JSON-LD. Adapters
only; `dcat.py` builds the catalogue (the API's `/transparency/catalog` answers the same)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from chatr.transparency import dcat


@require_safe
def catalog(request: HttpRequest) -> HttpResponse:
    """`/transparency/catalog.jsonld`: public, `application/ld+json`."""
    return dcat.catalog_response(request)
