"""Writers of the e-service desk: form definitions (HQ), and requests on the case machinery.
Certificates have their own writers (services_certificates.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction
from chatr.audit.models import Channel as AuditChannel
from chatr.audit.services import audit_record
from chatr.cases.choices import CaseChannel
from chatr.cases.services import (
    case_attach,
    case_open,
    case_rate,
    case_reply,
    case_transition,
)
from chatr.core.errors import ApplicationError, NotFoundError, lazy_message, required_text
from chatr.core.tracking import format_tracking_code
from chatr.eservices.approval import approval_carry_out, approval_needs_check
from chatr.eservices.choices import RequestChannel, RequestState
from chatr.eservices.formdefs import answers_clean, definition_validate
from chatr.eservices.models import FormDefinition, Service, ServiceRequest
from chatr.eservices.selectors import definition_current
from chatr.eservices.workflow import REQUEST_KIND, REQUEST_WORKFLOW
from chatr.notifications.services import sms_send
from chatr.org.models import OrgUnit
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.org.services import stamp_org_unit
from chatr.registry.selectors import citizen_households

_CASE_CHANNEL = {
    RequestChannel.WEB: CaseChannel.WEB,
    RequestChannel.API: CaseChannel.API,
    RequestChannel.COUNTER: CaseChannel.IN_PERSON,
}

# What the person is told by SMS when their request reaches a state (Persian text).
_SMS_TEXT: dict[str, Any] = {
    RequestState.SUBMITTED: _(
        "Your request “%(service)s” was received. Tracking code: %(code)s. Follow it under "
        "“My service requests”."
    ),
    RequestState.UNDER_REVIEW: _("Your request %(code)s (“%(service)s”) is being reviewed."),
    RequestState.NEEDS_INFO: _(
        "Your request %(code)s needs more information: %(text)s Answer under “My service requests”."
    ),
    RequestState.APPROVED: _("Your request %(code)s (“%(service)s”) was approved."),
    RequestState.REJECTED: _("Your request %(code)s (“%(service)s”) was rejected: %(text)s"),
    RequestState.COMPLETED: _("Your request %(code)s (“%(service)s”) is completed."),
}


def _notify(request: ServiceRequest, state: str, text: str = "") -> None:
    """SMS the person once the transaction commits (the one notifications mechanism)."""
    mobile = request.case.contact_mobile
    if not mobile:
        return
    code = format_tracking_code(request.case.tracking_code)
    service = request.service.title_fa

    def send() -> None:
        with translation.override("fa"):
            message = lazy_message(_SMS_TEXT[state], code=code, service=service, text=text)
            sms_send(to=mobile, text=str(message), purpose=f"eservices_{state}")

    transaction.on_commit(send)


# ---------------------------------------------------------------- definitions


@transaction.atomic
def form_definition_publish(
    *, actor: Any, scope: Scope, service: Service, fields: Any
) -> FormDefinition:
    """Publish the next version of a service's form (HQ only). Earlier versions stay, so every
    request keeps the form it was filed under."""
    require(scope, Perm.ESERVICES_DEFINE)  # held only by HQ managers, at HQ
    if service.is_owned_elsewhere:
        raise ApplicationError(
            "service_owned_elsewhere",
            _("This service is applied for in its own module; it has no form here."),
        )
    fields = definition_validate(fields)
    problems = approval_needs_check(service.approval_action, fields)
    if problems:
        text = " ".join(str(problem) for problem in problems)
        raise ApplicationError(
            "definition_invalid",
            lazy_message(_("The form definition was not saved: %(problems)s"), problems=text),
            fields={"fields": text},
        )
    # Lock the service row so two publishers cannot take the same version number.
    Service.objects.select_for_update().filter(pk=service.pk).first()
    latest = FormDefinition.objects.filter(service=service).aggregate(v=Max("version"))["v"]
    definition = FormDefinition.objects.create(
        service=service, version=(latest or 0) + 1, fields=fields, created_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=definition,
        changes={"service": service.code, "version": definition.version},
    )
    return definition


# ---------------------------------------------------------------- requests


def _current_definition(service: Service) -> FormDefinition:
    if not service.is_active or service.is_owned_elsewhere:
        raise NotFoundError()
    definition = definition_current(service=service)
    if definition is None:
        raise ApplicationError(
            "service_without_form", _("This service cannot be applied for online yet.")
        )
    return definition


def _handling_unit(service: Service, actor: Any, counter: OrgUnit | None) -> OrgUnit:
    """Where the request is handled: the responsible unit, or for a service handled locally
    the unit of the applicant's household in the registry (else the county of the counter that
    filed it), when that lies within the responsible unit."""
    unit = service.responsible_unit
    if not service.handled_locally:
        return unit
    local = counter.parent if counter is not None else None
    households = citizen_households(user=actor)
    if households:
        local = households[0].org_unit
    if local is not None and local.is_within(unit):
        return local
    return unit


@transaction.atomic
def service_request_file(
    *,
    actor: Any,
    service: Service,
    data: Mapping[str, Any],
    files: Mapping[str, Any] | None = None,
    channel: str = RequestChannel.WEB,
    counter: Any = None,
    filed_by: Any = None,
) -> ServiceRequest:
    """A signed-in citizen files a request under the service's current form: answers checked
    field by field (all errors at once), case opened with a tracking code at the service's
    responsible unit, files stored on the case, the person told by SMS. At a counter
    (services_counters) `actor` is the citizen who consented, `filed_by` the operator and
    `counter` their unit: the audit event names the operator."""
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "is_staff", False):
        raise NotFoundError()
    definition = _current_definition(service)
    clean, errors = answers_clean(definition.fields, data, files)
    if errors:
        raise ApplicationError(
            "answers_invalid",
            _("Some answers need correcting; see the messages by each field."),
            fields=errors,
        )
    unit = _handling_unit(service, actor, counter)
    opened = case_open(
        kind=REQUEST_KIND,
        unit=unit,
        channel=_CASE_CHANNEL[RequestChannel(channel)],
        subject=service.title_fa,
        deadline_days=service.deadline_days,
        requester=actor,
        contact_name=getattr(actor, "full_name", "") or "",
        contact_mobile=getattr(actor, "mobile", "") or "",
    )
    uploads = {key: value for key, value in clean.items() if hasattr(value, "read")}
    for key, upload in uploads.items():
        stored = case_attach(case=opened.case, files=[upload], actor=actor, public=True)[0]
        clean[key] = {"name": stored.original_name, "attachment_id": stored.pk}
    request = ServiceRequest(
        case=opened.case,
        service=service,
        definition=definition,
        answers=clean,
        applicant=actor,
        channel=channel,
        counter=counter,
    )
    stamp_org_unit(request, unit)
    request.save()
    changes = {"service": service.code, "version": definition.version, "channel": channel}
    if counter is not None:
        changes.update(counter=counter.code, applicant=actor.pk)
    audit_record(
        actor=filed_by or actor,
        action=AuditAction.CREATE,
        target=request,
        changes=changes,
        channel=AuditChannel.COUNTER if counter is not None else None,
    )
    _notify(request, RequestState.SUBMITTED)
    return request


def _lock(request: ServiceRequest) -> ServiceRequest:
    locked: ServiceRequest = (
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("case", "service")
        .get(pk=request.pk)
    )
    return locked


def _move(request: ServiceRequest, *, actor: Any, to_state: str, text: str = "") -> ServiceRequest:
    """Check the move against the workflow, then move the case (its timeline gets the event)."""
    REQUEST_WORKFLOW.check_move(request.case.state, to_state)
    old = request.case.state
    # The desk checked ESERVICES_HANDLE over the request; an officer of the unit need not
    # hold the generic case permission, so the engine is called without a scope.
    request.case = case_transition(
        actor=actor, scope=None, case=request.case, to_state=to_state, text=text, public=True
    )
    audit_record(
        actor=actor, action=AuditAction.STATE, target=request, changes={"state": [old, to_state]}
    )
    _notify(request, to_state, text)
    return request


@transaction.atomic
def service_request_review(*, actor: Any, scope: Scope, request: ServiceRequest) -> ServiceRequest:
    """An officer of the unit takes the request under review."""
    require(scope, Perm.ESERVICES_HANDLE, request)
    return _move(_lock(request), actor=actor, to_state=RequestState.UNDER_REVIEW)


@transaction.atomic
def service_request_ask_info(
    *, actor: Any, scope: Scope, request: ServiceRequest, message: str
) -> ServiceRequest:
    """Ask the person for exactly what is missing; the clock pauses until they answer."""
    require(scope, Perm.ESERVICES_HANDLE, request)
    text = required_text(
        message,
        code="message_required",
        field="message",
        message=_("Say exactly what the person must send."),
    )
    request = _lock(request)
    request = _move(request, actor=actor, to_state=RequestState.NEEDS_INFO, text=text)
    request.info_requested = text
    request.save(update_fields=["info_requested", "updated_at"])
    return request


@transaction.atomic
def service_request_answer_info(
    *, actor: Any, request: ServiceRequest, text: str, files: list[Any] | None = None
) -> ServiceRequest:
    """The applicant answers a request for more information; review resumes. Anyone else:
    not found."""
    if request.applicant_id != getattr(actor, "pk", None):
        raise NotFoundError()
    request = _lock(request)
    if request.case.state != RequestState.NEEDS_INFO:
        raise ApplicationError(
            "no_information_asked",
            _("Nothing is being asked for this request at the moment."),
            status=409,
        )
    required_text(text, code="answer_required", field="text", message=_("Write your answer."))
    request.case = case_reply(case=request.case, text=text, files=files or [], actor=actor)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=request, changes={"answered_info": True}
    )
    return request


@transaction.atomic
def service_request_approve(
    *, actor: Any, scope: Scope, request: ServiceRequest, note: str = ""
) -> ServiceRequest:
    """Approve, doing what the service's approval action does (eservices.approval): a
    certificate, a registry file, a registry change request. If that fails, nothing changes."""
    require(scope, Perm.ESERVICES_HANDLE, request)
    request = _lock(request)
    # Checked before acting, so a refused move never issues a certificate or files a change.
    REQUEST_WORKFLOW.check_move(request.case.state, RequestState.APPROVED)
    outcome = approval_carry_out(actor=actor, scope=scope, request=request)
    request = _move(request, actor=actor, to_state=RequestState.APPROVED, text=note.strip())
    if outcome:
        request.outcome = outcome
        request.save(update_fields=["outcome", "updated_at"])
    return request


@transaction.atomic
def service_request_reject(
    *, actor: Any, scope: Scope, request: ServiceRequest, reason: str
) -> ServiceRequest:
    """Refuse with a reason the person sees."""
    require(scope, Perm.ESERVICES_HANDLE, request)
    text = required_text(
        reason,
        code="reason_required",
        field="reason",
        message=_("Give the reason for rejecting the request."),
    )
    request = _lock(request)
    request = _move(request, actor=actor, to_state=RequestState.REJECTED, text=text)
    request.reason = text
    request.save(update_fields=["reason", "updated_at"])
    return request


@transaction.atomic
def service_request_complete(
    *, actor: Any, scope: Scope, request: ServiceRequest, note: str = ""
) -> ServiceRequest:
    """The approved service was delivered."""
    require(scope, Perm.ESERVICES_HANDLE, request)
    return _move(_lock(request), actor=actor, to_state=RequestState.COMPLETED, text=note.strip())


@transaction.atomic
def service_request_rate(
    *, actor: Any, request: ServiceRequest, rating: int, comment: str = ""
) -> ServiceRequest:
    """The applicant rates a finished request (completed or rejected) from 1 to 5, once."""
    if request.applicant_id != getattr(actor, "pk", None):
        raise NotFoundError()
    request = _lock(request)
    if REQUEST_WORKFLOW.is_open(request.case.state):
        raise ApplicationError(
            "not_finished", _("A request can be rated once it is finished."), status=409
        )
    request.case = case_rate(case=request.case, rating=rating, comment=comment, actor=actor)
    return request
