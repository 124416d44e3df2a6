"""Open311 GeoReport v2 at /open311/v2/: the watchdog's categories as services, messages as
service requests, in XML (required by the spec) and JSON.

Everything here is public, so nothing personal leaves it: a request's description is always
null, status notes are the state's label (never an answer's text, which may name people), and
sensitive or anonymous messages are never listed (only fetched by their exact tracking code,
which is unguessable). docs/watchdog-open311.md explains the mapping."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, time, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from chatr.api.models import ApiToken, hash_token
from chatr.audit.middleware import client_ip
from chatr.cases.choices import CaseChannel
from chatr.cases.models import Case
from chatr.core.errors import ApplicationError
from chatr.core.phone import normalize_mobile
from chatr.core.ratelimit import rate_limit_hit
from chatr.core.tracking import (
    format_tracking_code,
    is_well_formed_tracking_code,
    normalize_tracking_code,
)
from chatr.org.models import OrgUnit
from chatr.org.selectors import PUBLIC_KINDS
from chatr.watchdog.choices import MessageType
from chatr.watchdog.models import Category
from chatr.watchdog.selectors import PublicRequestQuery as RequestQuery
from chatr.watchdog.selectors import message_list_public as _public_requests
from chatr.watchdog.selectors import taxonomy
from chatr.watchdog.services import Submission, intake_category, message_submit
from chatr.watchdog.workflow import WORKFLOW

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2025-01-01T00:00:00Z"  # bump when the services or fields change shape
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# Spark convention: a list element's children are named after the singular.
_ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
# "closed" in Open311 means resolved: an answered message is resolved unless the person objects
# (then it is reopened and open again).
CLOSED_STATES = WORKFLOW.closed | WORKFLOW.answered
DEFAULT_SPAN_DAYS = 90
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_IDS = 100
MAX_DESCRIPTION = 4000
LOCALES = ("fa", "en")


def _limit(name: str, default: tuple[int, int]) -> tuple[int, int]:
    """(hits, window in seconds) from settings, e.g. WATCHDOG_OPEN311_POST_LIMIT = (10, 3600)."""
    hits, window = getattr(settings, name, default)
    return int(hits), int(window)


# ---------------------------------------------------------------- rendering


class Open311Error(Exception):
    """One or more Open311 errors; `status` is the HTTP status (404, 403, 429 or 400)."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = descriptions


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _element(tag: str, value: Any) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, Mapping):
        for key, child in value.items():
            element.append(_element(key, child))
    elif isinstance(value, list | tuple):
        for child in value:
            element.append(_element(_ITEM_TAGS.get(tag, "item"), child))
    elif value is not None:
        element.text = _text(value)
    return element


def render(data: Any, fmt: str, *, root: str, status: int = 200) -> HttpResponse:
    """JSON as is; XML as the spec's element tree under `root`, with the UTF-8 declaration."""
    if fmt == "xml":
        body = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(
            _element(root, data), encoding="unicode"
        )
    else:
        body = json.dumps(data, ensure_ascii=False)
    return HttpResponse(body.encode(), content_type=CONTENT_TYPES[fmt], status=status)


def _errors(status: int, descriptions: Iterable[str], fmt: str) -> HttpResponse:
    errors = [{"code": status, "description": text} for text in descriptions]
    return render(errors, fmt, root="errors", status=status)


View = Callable[..., HttpResponse]


def open311_view(*methods: str) -> Callable[[View], View]:
    """Method check, `locale` (fa or en), read rate limit, and every failure as Open311 errors."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
            locale = request.GET.get("locale") or request.POST.get("locale") or ""
            language = locale[:2].lower() if locale[:2].lower() in LOCALES else None
            with translation.override(language or translation.get_language()):
                try:
                    if request.method not in methods:
                        response = _errors(405, [_("This method is not allowed here.")], fmt)
                        response["Allow"] = ", ".join(methods)
                        return response
                    if request.method == "GET":
                        hits, window = _limit("WATCHDOG_OPEN311_READ_LIMIT", (120, 60))
                        if rate_limit_hit(
                            bucket="open311_read",
                            key=client_ip(request) or "unknown",
                            limit=hits,
                            window_seconds=window,
                        ):
                            raise Open311Error(429, _too_many())
                    return view(request, fmt, **kwargs)
                except Open311Error as error:
                    return _errors(error.status, error.descriptions, fmt)
                except ApplicationError as error:
                    status = 404 if error.status == 404 else 400
                    texts = [str(error.message)] + [str(text) for text in error.fields.values()]
                    return _errors(status, _unique(texts), fmt)
                except ValidationError as error:
                    return _errors(400, error.messages, fmt)

        return csrf_exempt(wrapper)  # no cookie or session is used: nothing to forge

    return decorate


def _too_many() -> str:
    return _("Too many requests. Wait a little and try again.")


def _unique(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(texts))


def _w3(moment: datetime | None) -> str | None:
    """The spec's W3C date-time, in Iran's time zone with its offset."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


# ---------------------------------------------------------------- discovery and services


@open311_view("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(request.path.rsplit("/", 1)[0] + "/")
    data = {
        "changeset": CHANGESET,
        "contact": _(
            "The Watchdog of the State Welfare Organization of Iran (line 1482). "
            "Developers: the open data team at headquarters."
        ),
        "key_service": _(
            "Reading needs no key. Citizens' apps may post without one; integrations ask "
            "headquarters for an API token and send it as api_key."
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(data, fmt, root="discovery")


def _categories() -> list[Category]:
    """Active categories of active areas, in the taxonomy's order (two queries)."""
    categories = []
    for area in taxonomy():
        for category in area.active_categories:  # type: ignore[attr-defined]
            category.area = area  # already loaded: no query per category
            categories.append(category)
    return categories


def _category_or_404(code: str) -> Category:
    """An active category of an active area, by its code (cached with the intake's reference
    data: a change in the admin shows here within services.REFERENCE_CACHE_SECONDS)."""
    category = intake_category(code)
    if category is None:
        raise Open311Error(404, _("No service has the code “%(code)s”.") % {"code": code})
    return category


def _service(category: Category) -> dict[str, Any]:
    area = category.area
    notes = []
    if category.is_urgent:
        notes.append(_("Urgent: the province manager is told at once."))
    if category.is_sensitive:
        notes.append(_("Sensitive: only the staff who handle such matters see it."))
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": " ".join(notes) or area.name,
        "metadata": True,
        "type": "realtime",
        "keywords": ", ".join(
            dict.fromkeys([category.name_fa, category.name_en, area.name_fa, area.name_en])
        ),
        "group": area.name,
    }


@open311_view("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    return render([_service(c) for c in _categories()], fmt, root="services")


@open311_view("GET")
def service_definition(request: HttpRequest, fmt: str, service_code: str) -> HttpResponse:
    category = _category_or_404(service_code)
    data = {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": "message_type",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("One of the keys below; complaint when left out."),
                "order": 1,
                "description": _("What kind of message is this?"),
                "values": [
                    {"key": value, "name": str(label)} for value, label in MessageType.choices
                ],
            },
            {
                "variable": True,
                "code": "concerned_unit_code",
                "datatype": "string",
                "required": False,
                "datatype_description": _(
                    "The code of an org unit, for example P08 for Kerman province."
                ),
                "order": 2,
                "description": _("Which unit or center is the message about, if you know it?"),
            },
        ],
    }
    return render(data, fmt, root="service_definition")


# ---------------------------------------------------------------- service requests (reads)


def _agency(case: Case) -> str:
    """The handling unit, or the nearest public unit above it: centers and counters are not
    named in public (they are published by their own modules, with their own rules)."""
    for unit in (case.org_unit, case.scope_county, case.scope_province):
        if unit is not None and unit.kind in PUBLIC_KINDS:
            return unit.name
    return ""


def _request(case: Case) -> dict[str, Any]:
    message = case.watchdog_message
    closed = case.state in CLOSED_STATES
    # The spec: for a closed request, the date it was closed.
    updated = (case.closed_at or case.answered_at if closed else None) or case.updated_at
    return {
        "service_request_id": case.tracking_code,
        "status": "closed" if closed else "open",
        "status_notes": str(WORKFLOW.label(case.state)),
        "service_name": message.category.name,
        "service_code": message.category.code,
        "description": None,  # public: the person's words never leave the watchdog
        "agency_responsible": _agency(case),
        "service_notice": None,
        "requested_datetime": _w3(case.filed_at),
        "updated_datetime": _w3(updated),
        # While paused (waiting for the person) or resolved there is no date to promise.
        "expected_datetime": None if closed or case.paused_at else _w3(case.due_at),
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _comma_list(request: HttpRequest, name: str) -> list[str]:
    return [part.strip() for part in request.GET.get(name, "").split(",") if part.strip()]


def _moment(request: HttpRequest, name: str) -> datetime | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        moment = parse_datetime(raw.replace(" ", "+"))  # a "+" not URL-encoded arrives as " "
        if moment is None and (day := parse_date(raw)) is not None:
            moment = datetime.combine(day, time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(
            400,
            _("%(name)s must be a W3C date-time, for example 2025-01-01T00:00:00Z.")
            % {"name": name},
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _positive(request: HttpRequest, name: str, default: int, maximum: int) -> int:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise Open311Error(400, _("%(name)s must be a whole number from 1.") % {"name": name})
    return min(int(raw), maximum)


def _request_query(request: HttpRequest) -> RequestQuery:
    ids = _comma_list(request, "service_request_id")
    if ids:  # the spec: this overrides every other argument
        if len(ids) > MAX_IDS:
            raise Open311Error(
                400, _("Ask for at most %(count)d requests at once.") % {"count": MAX_IDS}
            )
        codes = [normalize_tracking_code(code) for code in ids]
        return RequestQuery(ids=tuple(c for c in codes if is_well_formed_tracking_code(c)) or ("",))
    statuses = frozenset(_comma_list(request, "status"))
    if not statuses <= {"open", "closed"}:
        raise Open311Error(400, _("status must be open, closed, or both (comma separated)."))
    start, end = _moment(request, "start_date"), _moment(request, "end_date")
    if start is None:
        start = (end or timezone.now()) - timedelta(days=DEFAULT_SPAN_DAYS)
    return RequestQuery(
        service_codes=tuple(_comma_list(request, "service_code")),
        start=start,
        end=end,
        statuses=statuses,
    )


@open311_view("GET", "POST")
def service_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET lists service requests; POST files one."""
    if request.method == "POST":
        return _requests_post(request, fmt)
    return _requests_get(request, fmt)


def _requests_get(request: HttpRequest, fmt: str) -> HttpResponse:
    query = _request_query(request)
    page = _positive(request, "page", 1, 10**6)
    size = _positive(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    rows = _public_requests(query)[(page - 1) * size : page * size]
    return render([_request(case) for case in rows], fmt, root="service_requests")


def _public_case_or_404(code: str) -> Case:
    code = normalize_tracking_code(code)
    case = None
    if is_well_formed_tracking_code(code):
        case = _public_requests(RequestQuery(ids=(code,)), one_by_code=True).first()
    if case is None:
        raise Open311Error(404, _("No service request has this id."))
    return case


@open311_view("GET")
def request_detail(request: HttpRequest, fmt: str, service_request_id: str) -> HttpResponse:
    case = _public_case_or_404(service_request_id)
    return render([_request(case)], fmt, root="service_requests")


@open311_view("GET")
def token(request: HttpRequest, fmt: str, token_id: str) -> HttpResponse:
    """Requests are realtime (the id is known at once); the token is the id, for clients that
    ask anyway."""
    case = _public_case_or_404(token_id)
    data = [{"service_request_id": case.tracking_code, "token": case.tracking_code}]
    return render(data, fmt, root="service_requests")


# ---------------------------------------------------------------- service requests (POST)


def _form(request: HttpRequest) -> dict[str, str]:
    """The POSTed fields: form-encoded as the spec says, or a JSON object; `attribute[x]` (or a
    JSON `attribute` object) become `attribute[x]` keys."""
    if request.content_type == "application/json":
        try:
            payload = json.loads(request.body or b"{}")
        except ValueError as exc:
            raise Open311Error(400, _("The body is not valid JSON.")) from exc
        if not isinstance(payload, dict):
            raise Open311Error(400, _("The body is not valid JSON."))
        fields = {k: "" if v is None else str(v) for k, v in payload.items() if k != "attribute"}
        attributes = payload.get("attribute") or {}
        if isinstance(attributes, dict):
            fields.update({f"attribute[{k}]": str(v) for k, v in attributes.items()})
        return fields
    return {key: request.POST.get(key, "") for key in request.POST}


def _api_key_bucket(key: str) -> str:
    """A valid API token rates per key instead of per address; a wrong one is refused."""
    token_id = (
        ApiToken.objects.filter(
            key_hash=hash_token(key),
            revoked_at__isnull=True,
            user__is_active=True,
            user__is_staff=True,
        )
        .values_list("pk", flat=True)
        .first()
    )
    if token_id is None:
        raise Open311Error(403, _("Invalid api_key received."))
    return f"token:{token_id}"


def _submission(fields: dict[str, str]) -> Submission:
    missing = [
        _("%(name)s is required.") % {"name": name}
        for name in ("service_code", "description", "phone")
        if not fields.get(name, "").strip()
    ]
    if missing:
        raise Open311Error(400, *missing)
    category = _category_or_404(fields["service_code"].strip())
    description = fields["description"].strip()
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(
            400,
            _("description is limited to %(count)d characters.") % {"count": MAX_DESCRIPTION},
        )
    message_type = fields.get("attribute[message_type]", "").strip() or MessageType.COMPLAINT
    if message_type not in MessageType.values:
        raise Open311Error(
            400,
            _("attribute[message_type] must be one of: %(keys)s.")
            % {"keys": ", ".join(MessageType.values)},
        )
    unit_code = fields.get("attribute[concerned_unit_code]", "").strip()
    concerned = None
    if unit_code:
        concerned = OrgUnit.objects.filter(code=unit_code.upper(), is_active=True).first()
        if concerned is None:
            raise Open311Error(400, _("No unit has the code “%(code)s”.") % {"code": unit_code})
    try:
        mobile = normalize_mobile(fields["phone"])
    except ValidationError as error:
        raise Open311Error(400, *(f"phone: {text}" for text in error.messages)) from error
    name = " ".join(
        part
        for part in (fields.get("first_name", "").strip(), fields.get("last_name", "").strip())
        if part
    )
    submission = Submission(
        message_type=message_type,
        category=category,
        description=description,
        channel=CaseChannel.API,
        concerned_unit=concerned,
        contact_name=name[:200],
        contact_mobile=mobile,
    )
    return submission


def _requests_post(request: HttpRequest, fmt: str) -> HttpResponse:
    fields = _form(request)
    api_key = fields.get("api_key", "").strip()
    if api_key:
        bucket_key = _api_key_bucket(api_key)
        hits, window = _limit("WATCHDOG_OPEN311_KEYED_POST_LIMIT", (600, 3600))
    else:
        bucket_key = client_ip(request) or "unknown"
        hits, window = _limit("WATCHDOG_OPEN311_POST_LIMIT", (10, 3600))
    if rate_limit_hit(bucket="open311_post", key=bucket_key, limit=hits, window_seconds=window):
        raise Open311Error(429, _too_many())
    opened = message_submit(submission=_submission(fields))
    code = opened.case.tracking_code
    notice = _(
        "Your message was received. Tracking code: %(code)s. We also sent it by SMS. Follow it "
        "on the Watchdog's tracking page with your mobile number, or on line 1482."
    ) % {"code": format_tracking_code(code)}
    data = [{"service_request_id": code, "service_notice": notice, "account_id": None}]
    return render(data, fmt, root="service_requests", status=201)


# ---------------------------------------------------------------- addresses


def _not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    fmt = "xml" if rest.endswith(".xml") else "json"
    return _errors(404, [_("There is no Open311 resource at this address.")], fmt)


_FMT = r"\.(?P<fmt>json|xml)$"

open311_urlpatterns = [
    re_path(r"^discovery" + _FMT, discovery, name="discovery"),
    re_path(r"^services" + _FMT, services, name="services"),
    re_path(
        r"^services/(?P<service_code>[-\w]+)" + _FMT, service_definition, name="service_definition"
    ),
    re_path(r"^requests" + _FMT, service_requests, name="requests"),
    re_path(r"^requests/(?P<service_request_id>[^/]+?)" + _FMT, request_detail, name="request"),
    re_path(r"^tokens/(?P<token_id>[^/]+?)" + _FMT, token, name="token"),
    re_path(r"^(?P<rest>.*)$", _not_found),
]
