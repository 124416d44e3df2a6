"""/api/v1/eservices: the public catalogue, and a signed-in citizen's requests. Thin adapters
over the desk's selectors and services; errors in the one shape."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from chatr.api.base import ErrorOut, Pagination, citizen_auth, public_throttle, staff_auth
from chatr.audit.middleware import client_ip
from chatr.core.errors import NotFoundError
from chatr.eservices.choices import RequestChannel
from chatr.eservices.models import FormDefinition, Service, ServiceRequest
from chatr.eservices.selectors import (
    CatalogueFilters,
    definition_current,
    my_requests,
    request_get,
    request_list,
    service_catalogue,
    service_get_public,
)
from chatr.eservices.selectors_certificates import certificate_of_request, certificate_verify
from chatr.eservices.services import (
    service_request_approve,
    service_request_ask_info,
    service_request_complete,
    service_request_file,
    service_request_reject,
    service_request_review,
)
from chatr.org.scope import request_scope

router = Router(tags=["eservices"])

ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ServiceOut(Schema):
    code: str
    title_fa: str
    title_en: str
    responsible_unit: str
    service_type: str
    audience: str
    description: str
    electronic_level: str
    deadline_days: int
    fee_rials: int
    e_payment: bool
    channels: list[str]
    owned_elsewhere: bool

    @staticmethod
    def resolve_responsible_unit(obj: Service) -> str:
        return obj.responsible_unit.code

    @staticmethod
    def resolve_owned_elsewhere(obj: Service) -> bool:
        return obj.is_owned_elsewhere


class ServiceDetailOut(ServiceOut):
    eligibility: str
    required_documents: list[str]
    governing_rules: list[dict[str, str]]
    steps: list[str]
    form_version: int | None
    form_fields: list[dict[str, Any]]

    @staticmethod
    def resolve_form_version(obj: Service) -> int | None:
        definition = _definition(obj)
        return definition.version if definition else None

    @staticmethod
    def resolve_form_fields(obj: Service) -> list[dict[str, Any]]:
        definition = _definition(obj)
        return definition.fields if definition else []


def _definition(service: Service) -> FormDefinition | None:
    """The current form (none for a service another module owns); read once per response."""
    if not hasattr(service, "_current_definition"):
        service._current_definition = (  # type: ignore[attr-defined]
            None if service.is_owned_elsewhere else definition_current(service=service)
        )
    return service._current_definition  # type: ignore[attr-defined,no-any-return]


class RequestIn(Schema):
    answers: dict[str, Any]


class RequestOut(Schema):
    tracking_code: str
    service: str
    state: str
    state_label: str
    form_version: int
    answers: dict[str, Any]
    info_requested: str
    reason: str
    filed_at: datetime
    outcome: dict[str, Any]
    certificate_code: str | None = Field(
        None, description="Verification code of the certificate issued on approval, if any"
    )
    certificate_valid: bool | None = Field(None, description="False once the unit revoked it")

    @staticmethod
    def resolve_certificate_code(obj: ServiceRequest) -> str | None:
        certificate = certificate_of_request(obj)
        return certificate.code if certificate else None

    @staticmethod
    def resolve_certificate_valid(obj: ServiceRequest) -> bool | None:
        certificate = certificate_of_request(obj)
        return certificate.is_valid if certificate else None

    @staticmethod
    def resolve_tracking_code(obj: ServiceRequest) -> str:
        return obj.case.tracking_code

    @staticmethod
    def resolve_service(obj: ServiceRequest) -> str:
        return obj.service.code

    @staticmethod
    def resolve_state_label(obj: ServiceRequest) -> str:
        return str(obj.state_label)

    @staticmethod
    def resolve_form_version(obj: ServiceRequest) -> int:
        return obj.definition.version

    @staticmethod
    def resolve_filed_at(obj: ServiceRequest) -> datetime:
        return obj.case.filed_at


@router.get(
    "/services",
    response=list[ServiceOut],
    auth=None,
    throttle=public_throttle(),
    summary="The catalogue of active services (search q: Persian-normalized)",
)
@paginate(Pagination)
def catalogue(request: HttpRequest, q: str = "", audience: str = "", service_type: str = ""):  # type: ignore[no-untyped-def]
    return service_catalogue(
        filters=CatalogueFilters(q=q, audience=audience, service_type=service_type)
    )


@router.get(
    "/services/{code}",
    response={200: ServiceDetailOut, **ERRORS},
    auth=None,
    throttle=public_throttle(),
    summary="One service with its current request form",
)
def service_detail(request: HttpRequest, code: str):  # type: ignore[no-untyped-def]
    return service_get_public(code=code)


@router.post(
    "/services/{code}/requests",
    response={201: RequestOut, **ERRORS},
    auth=citizen_auth,
    summary="The signed-in citizen files a request (answers keyed by the form's field keys)",
)
def request_file(request: HttpRequest, code: str, payload: RequestIn):  # type: ignore[no-untyped-def]
    filed = service_request_file(
        actor=request.user,
        service=service_get_public(code=code),
        data=payload.answers,
        channel=RequestChannel.API,
    )
    return Status(201, filed)


@router.get(
    "/my/requests",
    response=list[RequestOut],
    auth=citizen_auth,
    summary="The signed-in citizen's own requests, newest first",
)
@paginate(Pagination)
def my_request_list(request: HttpRequest):  # type: ignore[no-untyped-def]
    return my_requests(user=request.user)


# ---------------------------------------------------------------- staff


class StaffRequestOut(RequestOut):
    id: int
    unit: str
    applicant_name: str
    due_at: datetime | None

    @staticmethod
    def resolve_unit(obj: ServiceRequest) -> str:
        return obj.org_unit.code

    @staticmethod
    def resolve_applicant_name(obj: ServiceRequest) -> str:
        return obj.case.contact_name

    @staticmethod
    def resolve_due_at(obj: ServiceRequest) -> datetime | None:
        return obj.case.due_at


class MessageIn(Schema):
    text: str = ""


@router.get(
    "/requests",
    response=list[StaffRequestOut],
    auth=staff_auth,
    summary="Requests of the caller's units (eservices.handle), nearest deadline first",
)
@paginate(Pagination)
def staff_request_list(request: HttpRequest, state: str = ""):  # type: ignore[no-untyped-def]
    return request_list(scope=request_scope(request), state=state)


@router.get(
    "/requests/{request_id}",
    response={200: StaffRequestOut, **ERRORS},
    auth=staff_auth,
    summary="One request of the caller's units",
)
def staff_request_detail(request: HttpRequest, request_id: int):  # type: ignore[no-untyped-def]
    return request_get(scope=request_scope(request), request_id=request_id)


_ACTIONS = {
    "review": lambda actor, scope, sr, text: service_request_review(
        actor=actor, scope=scope, request=sr
    ),
    "ask-info": lambda actor, scope, sr, text: service_request_ask_info(
        actor=actor, scope=scope, request=sr, message=text
    ),
    "approve": lambda actor, scope, sr, text: service_request_approve(
        actor=actor, scope=scope, request=sr, note=text
    ),
    "reject": lambda actor, scope, sr, text: service_request_reject(
        actor=actor, scope=scope, request=sr, reason=text
    ),
    "complete": lambda actor, scope, sr, text: service_request_complete(
        actor=actor, scope=scope, request=sr, note=text
    ),
}


@router.post(
    "/requests/{request_id}/{action}",
    response={200: StaffRequestOut, **ERRORS, 403: ErrorOut, 409: ErrorOut},
    auth=staff_auth,
    summary="Move a request: review, ask-info (text: what to send), approve, reject (text: "
    "the reason), complete",
)
def staff_request_act(request: HttpRequest, request_id: int, action: str, payload: MessageIn):  # type: ignore[no-untyped-def]
    act = _ACTIONS.get(action)
    if act is None:
        raise NotFoundError()
    scope = request_scope(request)
    act(request.user, scope, request_get(scope=scope, request_id=request_id), payload.text)
    return request_get(scope=scope, request_id=request_id)


class CertificateCheckOut(Schema):
    code: str
    title: str
    holder: str = Field(description="Shortened: the first name and the other words' initials")
    issued_at: datetime
    issuing_unit: str
    valid: bool
    revoked_at: datetime | None


@router.get(
    "/certificates/{code}",
    response={200: CertificateCheckOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=None,
    throttle=public_throttle(),
    summary="Check a certificate by its verification code (anyone; rate-limited)",
)
def certificate_check(request: HttpRequest, code: str):  # type: ignore[no-untyped-def]
    found = certificate_verify(code=code, client_key=client_ip(request) or "")
    return {
        "code": found.code,
        "title": found.title,
        "holder": found.holder,
        "issued_at": found.issued_at,
        "issuing_unit": found.issuing_unit,
        "valid": found.is_valid,
        "revoked_at": found.revoked_at,
    }


# The citizen's one inbox and the public "track a code" (api_inbox.py).
from chatr.eservices.api_inbox import inbox_router  # noqa: E402

router.add_router("", inbox_router)

# The counters' performance (api_counters.py).
from chatr.eservices.api_counters import counters_router  # noqa: E402

router.add_router("", counters_router)
