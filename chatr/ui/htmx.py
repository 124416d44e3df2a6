"""htmx helpers: one view serves the full page and the fragment htmx swaps in."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def is_htmx(request: HttpRequest) -> bool:
    """True for any request htmx made (including boosted links and history restores)."""
    return request.headers.get("HX-Request") == "true"


def wants_partial(request: HttpRequest) -> bool:
    """True when htmx will swap the response into part of the page. Boosted navigation and
    history restores replace the whole body, so they need the full page."""
    return (
        is_htmx(request)
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render_page_or_partial(
    request: HttpRequest, *, page: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    """Render `partial` for htmx swaps and `page` for full loads, from the same context."""
    template_name = partial if wants_partial(request) else page
    response = render(request, template_name, context)
    # The same URL answers with two different bodies: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response
