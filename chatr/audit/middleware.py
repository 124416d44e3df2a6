"""Record the channel and client address of each request for the audit trail."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from chatr.audit.context import RequestContext, reset_context, set_context


def client_ip(request: HttpRequest) -> str | None:
    """The client address; behind a proxy, the first X-Forwarded-For hop the proxy added."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if forwarded:
        return forwarded.split(",")[0].strip() or None
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
