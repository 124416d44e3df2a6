"""The /api/v1 toolkit: authentication, the one error format, pagination and rate limits."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.errors import Throttled as NinjaThrottled
from ninja.pagination import LimitOffsetPagination
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import AnonRateThrottle, BaseThrottle

from chatr.api.models import ApiToken, hash_token
from chatr.core.errors import ApplicationError, NotFoundError
from chatr.core.paging import COUNT_CAP, capped_count
from chatr.org.scope import scope_for_user


class ErrorOut(Schema):
    code: str
    message_fa: str
    message_en: str
    fields: dict[str, dict[str, str]] = {}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer chatr_…` for staff clients."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        token_row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if token_row is None or not token_row.user.is_active or not token_row.user.is_staff:
            return None
        ApiToken.objects.filter(pk=token_row.pk).update(last_used_at=timezone.now())
        request.user = token_row.user
        request.scope = scope_for_user(token_row.user)  # type: ignore[attr-defined]
        return token_row.user


class SessionAuth(APIKeyCookie):
    """A signed-in staff member's browser session (CSRF-checked), so pages' htmx calls can use
    the API. Citizens' sessions are refused, as their tokens are."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active and user.is_staff:
            return user
        return None


staff_auth = [TokenAuth(), SessionAuth(csrf=True)]


class CitizenSessionAuth(APIKeyCookie):
    """A signed-in citizen's browser session (CSRF-checked); staff sessions are refused. The
    API has no citizen tokens yet: citizens use the session they got by one-time code."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active and not user.is_staff:
            return user
        return None


class PersonSessionAuth(APIKeyCookie):
    """Anyone's signed-in session, citizen or staff (CSRF-checked), for endpoints that show a
    person only what they filed themselves."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated and user.is_active else None


citizen_auth = [CitizenSessionAuth(csrf=True)]


class Pagination(LimitOffsetPagination):
    """limit/offset with `count` and `items`, limit capped by NINJA_PAGINATION_MAX_LIMIT."""


class CappedPagination(Pagination):
    """limit/offset with `items`, `count` (at most `cap`) and `count_is_capped`: the count
    stops at the cap as `chatr.core.paging.capped_count` does; `offset` may still go past
    the cap (items are read with LIMIT/OFFSET)."""

    cap = COUNT_CAP

    class Output(Schema):
        items: list[Any]
        count: int = Field(
            description=f"How many match, counted up to {COUNT_CAP:,}: with more, this is "
            f"{COUNT_CAP:,} and count_is_capped is true."
        )
        count_is_capped: bool = Field(
            description=f"True when more than {COUNT_CAP:,} match (count is then {COUNT_CAP:,});"
            " page on with offset until items is empty."
        )

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        offset = pagination.offset
        limit: int = min(pagination.limit, self.max_limit)
        count, capped = capped_count(queryset, self.cap)
        return {
            self.items_attribute: queryset[offset : offset + limit],
            "count": count,
            "count_is_capped": capped,
        }


def public_throttle() -> list[BaseThrottle]:
    from django.conf import settings

    return [AnonRateThrottle(settings.CHATR_PUBLIC_API_RATE)]


def _error(api: NinjaAPI, request: HttpRequest, error: ApplicationError) -> HttpResponse:
    return api.create_response(request, error.as_dict(), status=error.status)


def create_api() -> NinjaAPI:
    """The /api/v1 instance with the one error shape for every failure."""
    api = NinjaAPI(
        title="Chatr API",
        version="1",
        description="Chatr e-services of the welfare organization. Errors: "
        "{code, message_fa, message_en, fields}.",
        urls_namespace="api",
    )

    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return _error(api, request, exc)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _error(api, request, NotFoundError())

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields: dict[str, Any] = {}
        for item in exc.errors:
            loc = [
                str(part)
                for part in item.get("loc", [])
                if part not in {"body", "query", "path", "payload"}
            ]
            fields[".".join(loc) or "__all__"] = item.get("msg", "")
        return _error(
            api,
            request,
            ApplicationError(
                "validation_error", _("Some fields are not valid."), fields=fields, status=422
            ),
        )

    @api.exception_handler(DjangoValidationError)
    def django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return _error(
            api, request, ApplicationError("validation_error", " ".join(exc.messages), status=422)
        )

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _error(
            api,
            request,
            ApplicationError("unauthorized", _("Sign in or send a valid API token."), status=401),
        )

    @api.exception_handler(NinjaThrottled)
    def throttled(request: HttpRequest, exc: NinjaThrottled) -> HttpResponse:
        return _error(
            api,
            request,
            ApplicationError(
                "rate_limited", _("Too many requests. Wait a little and try again."), status=429
            ),
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return _error(
            api,
            request,
            ApplicationError(
                "http_error", _("The request could not be completed."), status=exc.status_code
            ),
        )

    return api
