"""Record the channel and client address of each request for the audit trail."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from chatr.audit.context import RequestContext, reset_context, set_context


def client_ip(request: HttpRequest) -> str | None:
    """The client address. Only the X-Forwarded-For hops our own proxies appended are
    trusted (settings.CHATR_TRUSTED_PROXIES, counted from the right); the rest is forgeable."""
    proxies = settings.CHATR_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        token = set_context(RequestContext(channel=channel, ip=client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            reset_context(token)
