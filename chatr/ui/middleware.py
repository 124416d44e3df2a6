"""Pages show a service's NotFound/Forbidden the same way: the 404 and 403 pages."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from chatr.core.errors import NotFoundError, PermissionDeniedError


class ApplicationErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        # Re-raise as Django's own exceptions so the standard 404/403 handlers render them.
        if isinstance(exception, NotFoundError):
            raise Http404 from exception
        if isinstance(exception, PermissionDeniedError):
            raise PermissionDenied from exception


class PersianFirstLocaleMiddleware(LocaleMiddleware):
    """Persian unless the person chose otherwise with the language switch (a cookie).

    The browser's Accept-Language is ignored on purpose: this is a Persian service first, and
    many handsets here ask for English by default.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = (
                translation.get_supported_language_variant(chosen)
                if chosen
                else settings.LANGUAGE_CODE
            )
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
