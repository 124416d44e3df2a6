"""/api/v1/watchdog: the staff queue, one message with its timeline, filing for a caller, and
the handling actions. Thin adapters over watchdog/cases services and selectors, scoped by the
caller's Scope: a message outside it is "not found", exactly like a missing one."""

from datetime import date, datetime
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from chatr.api.base import ErrorOut, Pagination, staff_auth
from chatr.audit.services import audit_sensitive_view
from chatr.cases import services as case_services
from chatr.cases.choices import CaseChannel, DeadlineBand
from chatr.cases.models import Case, CaseEvent
from chatr.cases.selectors import case_clock, case_timeline
from chatr.core.errors import ApplicationError
from chatr.core.phone import normalize_mobile
from chatr.org.models import OrgUnit
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import request_scope
from chatr.watchdog import services
from chatr.watchdog.choices import MessageState, MessageType
from chatr.watchdog.models import Category
from chatr.watchdog.selectors import (
    MessageFilters,
    contact_visible,
    message_get,
    message_list,
    taxonomy,
)
from chatr.watchdog.workflow import WORKFLOW

router = Router(tags=["watchdog"], auth=staff_auth)

ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


# ---------------------------------------------------------------- schemas


class MessageFields(Schema):
    tracking_code: str
    state: str
    state_label: str
    message_type: str
    area: str
    category: str
    category_name: str
    channel: str
    subject: str
    org_unit: str
    org_unit_name: str
    assigned_to: str | None
    is_sensitive: bool
    is_urgent: bool
    filed_at: datetime
    due_at: datetime | None
    # Past its due date and still waiting for an answer: what the band=red filter selects.
    # The list leaves out the amber/green band: telling them apart reads the holidays, one
    # query per row (the detail's clock has it).
    overdue: bool


class MessageOut(MessageFields):
    """One row of the queue, read from a Case with its message joined (message_list)."""

    @staticmethod
    def resolve_state_label(obj: Case) -> str:
        return str(WORKFLOW.label(obj.state))

    @staticmethod
    def resolve_message_type(obj: Case) -> str:
        return obj.watchdog_message.message_type

    @staticmethod
    def resolve_area(obj: Case) -> str:
        return obj.watchdog_message.area.code

    @staticmethod
    def resolve_category(obj: Case) -> str:
        return obj.watchdog_message.category.code

    @staticmethod
    def resolve_category_name(obj: Case) -> str:
        return obj.watchdog_message.category.name

    @staticmethod
    def resolve_org_unit(obj: Case) -> str:
        return obj.org_unit.code

    @staticmethod
    def resolve_org_unit_name(obj: Case) -> str:
        return obj.org_unit.name

    @staticmethod
    def resolve_assigned_to(obj: Case) -> str | None:
        return obj.assigned_to.username if obj.assigned_to else None

    @staticmethod
    def resolve_overdue(obj: Case) -> bool:
        return bool(
            obj.due_at
            and obj.due_at < timezone.now()
            and obj.paused_at is None
            and obj.state not in WORKFLOW.closed | WORKFLOW.answered
        )


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    is_public: bool


class EventOut(Schema):
    at: datetime
    kind: str
    actor: str | None
    is_public: bool
    text: str
    from_state: str
    to_state: str
    from_unit: str | None
    to_unit: str | None
    attachments: list[AttachmentOut]


class ClockOut(Schema):
    band: str
    due_at: datetime | None
    paused: bool


class ContactOut(Schema):
    name: str
    mobile: str


class MessageDetailOut(MessageFields):  # MessageOut's resolvers would read a dict: not shared
    description: str
    concerned_unit: str | None
    concerned_text: str
    duplicate_of: str | None
    is_anonymous: bool
    identity_consent: bool
    contact: ContactOut | None  # None: anonymous, or hidden from the unit complained about
    contact_hidden: bool
    filed_by: str | None
    rating: int | None
    clock: ClockOut
    timeline: list[EventOut]


class MessageQuery(Schema):
    state: MessageState | None = None
    message_type: MessageType | None = None
    unit: str | None = None  # org unit code: that unit's own queue
    category: str | None = None  # category code
    assigned_to: str | None = None  # "me" or a username
    unassigned: bool = False
    band: Literal["red"] | None = None
    channel: CaseChannel | None = None
    open_only: bool = False
    filed_from: date | None = None
    filed_to: date | None = None


class MessageIn(Schema):
    message_type: MessageType
    category: str  # category code
    description: str
    contact_name: str = ""
    contact_mobile: str = ""
    concerned_unit: str | None = None  # org unit code
    concerned_text: str = ""
    is_anonymous: bool = False
    identity_consent: bool = False


class FiledOut(Schema):
    tracking_code: str
    secret: str | None  # anonymous reports only: read it out to the caller once
    state: str


class UnitMoveIn(Schema):
    to_unit: str  # org unit code
    reason: str


class AssignIn(Schema):
    officer: str  # username


class TransitionIn(Schema):
    to_state: MessageState
    text: str = ""


class TextIn(Schema):
    text: str


# ---------------------------------------------------------------- lookups (codes → records)


def _invalid(code: str, field: str, message: Any) -> ApplicationError:
    return ApplicationError(code, message, fields={field: message}, status=422)


def _unit(code: str, field: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=code.strip().upper(), is_active=True).first()
    if unit is None:
        raise _invalid("unit_unknown", field, _("No unit has this code."))
    return unit


def _category(code: str) -> Category:
    for area in taxonomy():
        for category in area.active_categories:  # type: ignore[attr-defined]
            if category.code == code:
                return category  # type: ignore[no-any-return]
    raise _invalid("category_unknown", "category", _("Choose another category."))


def _user(username: str, field: str) -> Any:
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise _invalid("user_unknown", field, _("No active user has this username."))
    return user


def _filters(request: HttpRequest, query: MessageQuery) -> MessageFilters:
    assigned_to = None
    if query.assigned_to == "me":
        assigned_to = request.user.pk
    elif query.assigned_to:
        assigned_to = _user(query.assigned_to, "assigned_to").pk
    return MessageFilters(
        state=query.state,
        message_type=query.message_type,
        unit=_unit(query.unit, "unit").pk if query.unit else None,
        category=_category(query.category).pk if query.category else None,
        assigned_to=assigned_to,
        unassigned=query.unassigned,
        band=DeadlineBand.RED if query.band else None,
        channel=query.channel,
        open_only=query.open_only,
        filed_from=query.filed_from,
        filed_to=query.filed_to,
    )


# ---------------------------------------------------------------- presentation


def _event(event: CaseEvent, *, hide_actor_ids: set[int]) -> dict[str, Any]:
    return {
        "at": event.at,
        "kind": event.kind,
        # The person's own account names them: hidden whenever their contact is.
        "actor": (
            event.actor.username if event.actor and event.actor.pk not in hide_actor_ids else None
        ),
        "is_public": event.is_public,
        "text": event.text,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "from_unit": event.from_unit.code if event.from_unit else None,
        "to_unit": event.to_unit.code if event.to_unit else None,
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "is_public": a.is_public,
            }
            for a in event.attachments.all()
        ],
    }


def _detail(case: Case, *, show_contact: bool) -> dict[str, Any]:
    message = case.watchdog_message
    clock = case_clock(case)
    hidden = set() if show_contact or not case.requester_id else {case.requester_id}
    summary = MessageOut.from_orm(case).model_dump()
    return {
        **summary,
        "description": message.description,
        "concerned_unit": message.concerned_unit.code if message.concerned_unit else None,
        "concerned_text": message.concerned_text,
        "duplicate_of": message.duplicate_of.case.tracking_code if message.duplicate_of else None,
        "is_anonymous": case.is_anonymous,
        "identity_consent": case.identity_consent,
        "contact": (
            {"name": case.contact_name, "mobile": case.contact_mobile} if show_contact else None
        ),
        "contact_hidden": not show_contact and not case.is_anonymous,
        "filed_by": case.filed_by.username if case.filed_by else None,
        "rating": case.rating,
        "clock": {"band": clock.band, "due_at": clock.due_at, "paused": clock.paused},
        "timeline": [
            _event(event, hide_actor_ids=hidden)
            for event in case_timeline(case=case, public_only=False)
        ],
    }


# ---------------------------------------------------------------- endpoints


@router.get("/messages", response=list[MessageOut], summary="Messages in the caller's scope")
@paginate(Pagination)
def list_messages(request: HttpRequest, filters: Query[MessageQuery]):  # type: ignore[no-untyped-def]
    return message_list(scope=request_scope(request), filters=_filters(request, filters))


@router.get(
    "/messages/{code}",
    response={200: MessageDetailOut, **ERRORS},
    summary="One message with its full timeline",
)
def get_message(request: HttpRequest, code: str):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    case = message_get(scope=scope, code=code)
    show_contact = contact_visible(scope=scope, case=case)
    if case.is_sensitive or show_contact:
        audit_sensitive_view(actor=request.user, target=case)
    return _detail(case, show_contact=show_contact)


@router.post(
    "/messages",
    response={201: FiledOut, **ERRORS},
    summary="File a message for a caller (call-center agents)",
)
def file_message(request: HttpRequest, payload: MessageIn):  # type: ignore[no-untyped-def]
    require(request_scope(request), Perm.CASE_FILE_FOR_PERSON)
    mobile = ""
    if payload.contact_mobile.strip():
        try:
            mobile = normalize_mobile(payload.contact_mobile)
        except ValidationError as error:
            raise _invalid("mobile_invalid", "contact_mobile", error.messages[0]) from error
    submission = services.Submission(
        message_type=payload.message_type,
        category=_category(payload.category),
        description=payload.description,
        channel=CaseChannel.PHONE,
        concerned_unit=(
            _unit(payload.concerned_unit, "concerned_unit") if payload.concerned_unit else None
        ),
        concerned_text=payload.concerned_text,
        contact_name=payload.contact_name,
        contact_mobile=mobile,
        is_anonymous=payload.is_anonymous,
        identity_consent=payload.identity_consent,
    )
    opened = services.message_submit(submission=submission, filed_by=request.user)
    case = opened.case
    return Status(
        201, {"tracking_code": case.tracking_code, "secret": opened.secret, "state": case.state}
    )


@router.post(
    "/messages/{code}/screen",
    response={200: MessageOut, **ERRORS},
    summary="Screen a new message and send it to a unit",
)
def screen_message(request: HttpRequest, code: str, payload: UnitMoveIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    case = message_get(scope=scope, code=code)
    to_unit = _unit(payload.to_unit, "to_unit")
    case = services.message_screen(
        actor=request.user, scope=scope, case=case, to_unit=to_unit, reason=payload.reason
    )
    return case


@router.post(
    "/messages/{code}/route",
    response={200: MessageOut, **ERRORS},
    summary="Refer a message to another unit",
)
def route_message(request: HttpRequest, code: str, payload: UnitMoveIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    case = message_get(scope=scope, code=code)
    to_unit = _unit(payload.to_unit, "to_unit")
    case = services.message_route(
        actor=request.user, scope=scope, case=case, to_unit=to_unit, reason=payload.reason
    )
    return case


@router.post(
    "/messages/{code}/assign",
    response={200: MessageOut, **ERRORS},
    summary="Assign a message to an officer of its unit",
)
def assign_message(request: HttpRequest, code: str, payload: AssignIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    case = message_get(scope=scope, code=code)
    officer = _user(payload.officer, "officer")
    case_services.case_assign(actor=request.user, scope=scope, cases=[case], officer=officer)
    return message_get(scope=scope, code=code)  # still in scope: assignment keeps the unit


@router.post(
    "/messages/{code}/transition",
    response={200: MessageOut, **ERRORS},
    summary="Change a message's state",
)
def transition_message(request: HttpRequest, code: str, payload: TransitionIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    case = message_get(scope=scope, code=code)
    case = services.message_transition(
        actor=request.user, scope=scope, case=case, to_state=payload.to_state, text=payload.text
    )
    return case


@router.post(
    "/messages/{code}/answer",
    response={200: MessageOut, **ERRORS},
    summary="Answer the person (they are told by SMS)",
)
def answer_message(request: HttpRequest, code: str, payload: TextIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    case = message_get(scope=scope, code=code)
    case = services.message_answer(actor=request.user, scope=scope, case=case, text=payload.text)
    return case


@router.post(
    "/messages/{code}/notes",
    response={201: EventOut, **ERRORS},
    summary="Add an internal note (never shown to the person)",
)
def add_note(request: HttpRequest, code: str, payload: TextIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    case = message_get(scope=scope, code=code)
    event = case_services.case_note(actor=request.user, scope=scope, case=case, text=payload.text)
    return Status(201, _event(event, hide_actor_ids=set()))
