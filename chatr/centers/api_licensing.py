"""/api/v1/centers/licensing: the staff workflow (queue, one case, each step) and the
applicant's status (their own applications, by session). Thin adapters over the licensing
services and selectors; out of scope is "not found", like missing."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from chatr.api.base import ErrorOut, Pagination, PersonSessionAuth, staff_auth
from chatr.centers import services_licensing as services
from chatr.centers.models import LicenceApplication
from chatr.centers.selectors_licensing import (
    ApplicationFilters,
    application_for_applicant,
    application_get,
    application_list,
    application_timeline,
    applications_of_applicant,
)
from chatr.centers.workflow_licensing import workflow_of
from chatr.core.errors import ApplicationError
from chatr.org.scope import request_scope

router = Router(tags=["centers licensing"])

ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut,
}  # fmt: skip


class EventOut(Schema):
    at: datetime
    kind: str
    to_state: str
    text: str


class ApplicationOut(Schema):
    tracking_code: str
    kind: str
    state: str
    state_label: str
    licence_type: str
    applicant_kind: str
    applicant_name: str
    proposed_name: str
    county: str
    care_mode: str
    capacity: int
    fee_amount: int
    payment_reference: str
    due_at: datetime | None
    paused: bool
    missing_documents: list[str]
    licence_number: str | None
    licence_valid_until: date | None
    decision_reason: str

    @staticmethod
    def resolve_tracking_code(obj: LicenceApplication) -> str:
        return obj.case.tracking_code

    @staticmethod
    def resolve_state(obj: LicenceApplication) -> str:
        return obj.case.state

    @staticmethod
    def resolve_state_label(obj: LicenceApplication) -> str:
        return str(workflow_of(obj.kind).label(obj.case.state))

    @staticmethod
    def resolve_county(obj: LicenceApplication) -> str:
        return obj.county.code

    @staticmethod
    def resolve_due_at(obj: LicenceApplication) -> datetime | None:
        return obj.case.due_at if obj.case.paused_at is None else None

    @staticmethod
    def resolve_paused(obj: LicenceApplication) -> bool:
        return obj.case.paused_at is not None

    @staticmethod
    def resolve_licence_number(obj: LicenceApplication) -> str | None:
        return obj.licence.number if obj.licence else None

    @staticmethod
    def resolve_licence_valid_until(obj: LicenceApplication) -> date | None:
        return obj.licence.valid_until if obj.licence else None


class ApplicationDetailOut(ApplicationOut):
    timeline: list[EventOut]

    @staticmethod
    def resolve_timeline(obj: LicenceApplication) -> list[Any]:
        return application_timeline(application=obj, public_only=False)


class ApplicantDetailOut(ApplicationOut):
    timeline: list[EventOut]

    @staticmethod
    def resolve_timeline(obj: LicenceApplication) -> list[Any]:
        return application_timeline(application=obj, public_only=True)


class QueueQuery(Schema):
    state: str = ""
    kind: str = ""


class ActionIn(Schema):
    """One step. `action`: request_documents, send_inquiries, forward, approve,
    issue_agreement, schedule_visit, issue_licence, refuse."""

    action: str
    text: str = ""
    documents: list[str] = []
    inquiries: list[str] = []
    reason: str = ""
    visited_on: date | None = None
    findings: str = ""


# ---------------------------------------------------------------- the applicant


@router.get(
    "/mine/",
    response=list[ApplicationOut],
    auth=PersonSessionAuth(csrf=True),
    summary="The signed-in applicant's applications",
)
@paginate(Pagination)
def my_applications(request: HttpRequest):  # type: ignore[no-untyped-def]
    return applications_of_applicant(user=request.user)


@router.get(
    "/mine/{code}",
    response={200: ApplicantDetailOut, **ERRORS},
    auth=PersonSessionAuth(csrf=True),
    summary="One of the applicant's applications, with its public timeline",
)
def my_application(request: HttpRequest, code: str):  # type: ignore[no-untyped-def]
    return application_for_applicant(user=request.user, code=code)


# ---------------------------------------------------------------- staff


@router.get(
    "/",
    response=list[ApplicationOut],
    auth=staff_auth,
    summary="The licensing queue in the caller's scope (open ones by default)",
)
@paginate(Pagination)
def queue(request: HttpRequest, filters: Query[QueueQuery]):  # type: ignore[no-untyped-def]
    return application_list(
        scope=request_scope(request),
        filters=ApplicationFilters(state=filters.state, kind=filters.kind),
    )


@router.get(
    "/{code}",
    response={200: ApplicationDetailOut, **ERRORS},
    auth=staff_auth,
    summary="One application with its full timeline",
)
def get_application(request: HttpRequest, code: str):  # type: ignore[no-untyped-def]
    return application_get(scope=request_scope(request), code=code)


@router.post(
    "/{code}/actions",
    response={200: ApplicationDetailOut, **ERRORS},
    auth=staff_auth,
    summary="Take one step (illegal moves are 409, another's decision 403)",
)
def act(request: HttpRequest, code: str, payload: ActionIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    application = application_get(scope=scope, code=code)
    common: dict[str, Any] = {"actor": request.user, "scope": scope, "application": application}
    p = payload
    calls = {
        "request_documents": lambda: services.application_request_documents(
            **common, documents=p.documents, note=p.text
        ),
        "send_inquiries": lambda: services.application_send_inquiries(
            **common, inquiries=p.inquiries or ["police", "health", "engineering"], text=p.text
        ),
        "forward": lambda: services.application_forward(**common, text=p.text),
        "approve": lambda: services.application_commission_approve(**common, text=p.text),
        "issue_agreement": lambda: services.application_agreement_issue(**common, text=p.text),
        "schedule_visit": lambda: services.application_site_visit_schedule(**common, text=p.text),
        "issue_licence": lambda: services.application_activity_issue(
            **common, visited_on=p.visited_on or date.min, findings=p.findings
        ),
        "refuse": lambda: services.application_refuse(**common, reason=p.reason),
    }
    if p.action not in calls:
        raise ApplicationError(
            "action_invalid", _("Unknown action."), fields={"action": _("Unknown action.")}
        )
    calls[p.action]()
    return application_get(scope=scope, code=code)
