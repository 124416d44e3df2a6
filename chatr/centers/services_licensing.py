"""Writers of licensing: file an application (principle agreement, activity licence, renewal),
move it through its steps on the shared case machinery, and send renewal reminders.

Each step checks "may you, and here" (`Perm.CENTERS_LICENSING`, the commission's decisions
`Perm.CENTERS_LICENSING_DECIDE`), moves the case through the engine (illegal moves are refused
by the workflow), and restarts the clock with the step's own working days. The case engine is
called without a scope: licensing staff need not be general case handlers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction
from chatr.audit.services import audit_record
from chatr.cases.choices import CaseChannel
from chatr.cases.models import Case
from chatr.cases.services import case_attach, case_open, case_route, case_transition
from chatr.centers import services as directory
from chatr.centers.choices import CareMode, LicenceKind, LicenceStatus, LicenceType, Ownership
from chatr.centers.choices_licensing import (
    REQUIRED_DOCUMENTS,
    ApplicantKind,
    ApplicationKind,
    DocumentType,
    Inquiry,
)
from chatr.centers.choices_licensing import LicensingState as S
from chatr.centers.models import (
    ApplicationDocument,
    Center,
    Licence,
    LicenceApplication,
    LicensingFee,
    RenewalReminder,
)
from chatr.centers.workflow_licensing import case_kind_of, step_days, workflow_of
from chatr.core.company_id import validate_company_id
from chatr.core.errors import ApplicationError, NotFoundError, lazy_message, required_text
from chatr.core.jalali import format_date, to_jalali
from chatr.core.national_code import validate_national_code
from chatr.core.phone import is_valid_mobile, normalize_mobile
from chatr.core.text import normalize_identifier, normalize_persian
from chatr.core.tracking import format_tracking_code
from chatr.notifications.services import sms_send
from chatr.org.models import Membership, OrgUnit, OrgUnitKind
from chatr.org.permissions import require
from chatr.org.roles import Perm, permissions_of
from chatr.org.scope import Scope
from chatr.org.services import stamp_org_unit

# Fees in rials when the fee table has no row for a licence type (the HQ edits the table).
DEFAULT_FEES: Mapping[str, int] = {
    ApplicationKind.PRINCIPLE_AGREEMENT: 3_000_000,
    ApplicationKind.ACTIVITY_LICENCE: 5_000_000,
    ApplicationKind.RENEWAL: 2_500_000,
}
AGREEMENT_VALID_DAYS = 365  # a principle agreement gives a year to prepare the center
LICENCE_VALID_YEARS = 3
RENEWAL_WINDOW_DAYS = 90  # renewal opens three months before the licence ends
# Reminders: when the window opens, and once more a month before the end.
REMINDER_STAGES = (90, 30)


def _invalid(code: str, field: str, message: Any) -> ApplicationError:
    return ApplicationError(code, message, fields={field: message})


def fee_for(*, licence_type: str, kind: str) -> int:
    """The fee of an application from the fee table (or the default of its kind)."""
    row = LicensingFee.objects.filter(licence_type=licence_type, kind=kind).first()
    return row.amount if row is not None else DEFAULT_FEES[kind]


@dataclass(frozen=True)
class ApplicantData:
    """Who applies: a person (national code) or an NGO (national company ID)."""

    kind: str
    name: str
    mobile: str
    national_code: str = ""
    company_id: str = ""


@dataclass(frozen=True)
class ApplicationData:
    """A principle-agreement application, as the forms and the API give it."""

    licence_type: str
    applicant: ApplicantData
    proposed_name: str
    county: OrgUnit
    care_mode: str
    capacity: int
    address: str
    payment_reference: str


def _clean_applicant(applicant: ApplicantData) -> dict[str, str]:
    if applicant.kind not in ApplicantKind.values:
        raise _invalid("applicant_kind_invalid", "applicant_kind", _("Choose one of the options."))
    name = normalize_persian(applicant.name)
    if not name:
        raise _invalid("applicant_name_required", "applicant_name", _("Enter the name."))
    try:
        mobile = normalize_mobile(applicant.mobile)
    except ValidationError as error:
        raise _invalid("mobile_invalid", "mobile", error.messages[0]) from error
    national_code = company_id = ""
    try:
        if applicant.kind == ApplicantKind.PERSON:
            national_code = validate_national_code(applicant.national_code)
    except ValidationError as error:
        raise _invalid("national_code_invalid", "national_code", error.messages[0]) from error
    try:
        if applicant.kind == ApplicantKind.NGO:
            company_id = validate_company_id(applicant.company_id)
    except ValidationError as error:
        raise _invalid("company_id_invalid", "company_id", error.messages[0]) from error
    return {
        "applicant_kind": applicant.kind,
        "applicant_name": name,
        "mobile": mobile,
        "national_code": national_code,
        "company_id": company_id,
    }


def _clean_payment(reference: str) -> str:
    reference = normalize_identifier(reference)
    if not reference:
        raise _invalid(
            "payment_reference_required",
            "payment_reference",
            _("Enter the reference number of the fee payment."),
        )
    return reference[:40]


def _clean(data: ApplicationData) -> dict[str, Any]:
    if (
        data.licence_type not in LicenceType.values
        or data.licence_type == LicenceType.POSITIVE_LIFE
    ):
        raise _invalid("licence_type_invalid", "licence_type", _("Choose one of the options."))
    if data.care_mode not in CareMode.values:
        raise _invalid("care_mode_invalid", "care_mode", _("Choose one of the options."))
    if data.county.kind != OrgUnitKind.COUNTY or not data.county.is_active:
        raise _invalid("county_invalid", "county", _("Choose a county."))
    if data.capacity < 0:
        raise _invalid("capacity_invalid", "capacity", _("Capacity cannot be negative."))
    proposed_name = normalize_persian(data.proposed_name)
    if not proposed_name:
        raise _invalid(
            "proposed_name_required", "proposed_name", _("Enter the proposed center's name.")
        )
    address = normalize_persian(data.address)
    if not address:
        raise _invalid("address_required", "address", _("Enter the address."))
    return {
        **_clean_applicant(data.applicant),
        "licence_type": data.licence_type,
        "proposed_name": proposed_name,
        "county": data.county,
        "care_mode": data.care_mode,
        "capacity": data.capacity,
        "address": address,
        "payment_reference": _clean_payment(data.payment_reference),
    }


def _check_document_types(documents: Mapping[str, UploadedFile]) -> None:
    unknown = [doc_type for doc_type in documents if doc_type not in DocumentType.values]
    if unknown:
        raise _invalid("document_type_invalid", "documents", _("Unknown document type."))


def _store_documents(
    application: LicenceApplication,
    documents: Mapping[str, UploadedFile],
    actor: Any,
    event: Any = None,
) -> list[ApplicationDocument]:
    """Check every file by its content (the cases machinery), then keep them typed."""
    _check_document_types(documents)
    types = list(documents)
    attachments = case_attach(
        case=application.case,
        files=[documents[t] for t in types],
        actor=actor,
        public=True,
        event=event,
    )
    return [
        ApplicationDocument.objects.create(
            application=application, attachment=attachment, doc_type=doc_type
        )
        for doc_type, attachment in zip(types, attachments, strict=True)
    ]


def _sms(mobile: str, text: Any, purpose: str) -> None:
    if mobile and is_valid_mobile(mobile):
        with translation.override("fa"):
            sms_send(to=mobile, text=str(text), purpose=purpose)


def _sms_filed(application: LicenceApplication) -> None:
    with translation.override("fa"):
        text = lazy_message(
            _(
                "Your licence application was received. Tracking code: %(code)s. Follow it "
                "under “My applications”."
            ),
            code=format_tracking_code(application.case.tracking_code),
        )
        _sms(application.mobile, text, "centers_licensing_filed")


def _open(
    *,
    actor: Any,
    by_applicant: bool,
    kind: str,
    unit: OrgUnit,
    values: dict[str, Any],
    documents: Mapping[str, UploadedFile],
    channel: str,
    subject: str,
) -> LicenceApplication:
    now = timezone.now()
    opened = case_open(
        kind=case_kind_of(kind),
        unit=unit,
        channel=channel,
        subject=subject,
        deadline_days=step_days(kind, S.SUBMITTED),
        requester=actor if by_applicant else None,
        contact_name=values["applicant_name"],
        contact_mobile=values["mobile"],
        filed_by=None if by_applicant else actor,
        now=now,
    )
    application = LicenceApplication(
        case=opened.case,
        kind=kind,
        fee_amount=fee_for(licence_type=values["licence_type"], kind=kind),
        filed_by=actor if getattr(actor, "pk", None) else None,
        **values,
    )
    stamp_org_unit(application, unit)
    application.save()
    if documents:
        _store_documents(application, documents, actor, event=opened.case.events.first())
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=application,
        changes={"kind": kind, "licence_type": values["licence_type"]},
    )
    _sms_filed(application)
    return application


@transaction.atomic
def application_file(
    *,
    actor: Any,
    scope_or_none: Scope | None,
    data: ApplicationData,
    documents: Mapping[str, UploadedFile] | None = None,
) -> LicenceApplication:
    """File an application for a principle agreement at the county office.

    A signed-in citizen files for themself or their NGO (`scope_or_none=None`); licensing
    staff file for an applicant at the counter (their scope must cover the county)."""
    by_applicant = scope_or_none is None
    if scope_or_none is not None:
        require(scope_or_none, Perm.CENTERS_LICENSING)
        if not scope_or_none.covers(data.county, Perm.CENTERS_LICENSING):
            raise _invalid("county_out_of_scope", "county", _("Choose a county in your area."))
    elif not getattr(actor, "is_authenticated", False):
        raise ApplicationError("sign_in_required", _("Sign in to apply."), status=401)
    values = _clean(data)
    return _open(
        actor=actor,
        by_applicant=by_applicant,
        kind=ApplicationKind.PRINCIPLE_AGREEMENT,
        unit=values["county"],
        values=values,
        documents=documents or {},
        channel=CaseChannel.WEB if by_applicant else CaseChannel.IN_PERSON,
        subject=values["proposed_name"],
    )


def _applicant_values(source: LicenceApplication) -> dict[str, Any]:
    return {
        name: getattr(source, name)
        for name in (
            "applicant_kind",
            "applicant_name",
            "mobile",
            "national_code",
            "company_id",
            "licence_type",
            "proposed_name",
            "county",
            "care_mode",
            "capacity",
            "address",
        )
    }


def _is_applicant(actor: Any, application: LicenceApplication) -> bool:
    return bool(getattr(actor, "pk", None)) and application.case.requester_id == actor.pk


def _open_exists(*, center: Center, kind: str) -> bool:
    workflow = workflow_of(kind)
    return (
        LicenceApplication.objects.filter(center=center, kind=kind)
        .exclude(case__state__in=workflow.closed)
        .exists()
    )


@transaction.atomic
def activity_licence_apply(
    *,
    actor: Any,
    scope_or_none: Scope | None,
    agreement: LicenceApplication,
    payment_reference: str,
    documents: Mapping[str, UploadedFile] | None = None,
) -> LicenceApplication:
    """Apply for the activity licence of a center whose principle agreement was issued: the
    applicant of the agreement (or licensing staff for them)."""
    if scope_or_none is None:
        if not _is_applicant(actor, agreement):
            raise NotFoundError()
    else:
        require(scope_or_none, Perm.CENTERS_LICENSING, agreement)
    if (
        agreement.kind != ApplicationKind.PRINCIPLE_AGREEMENT
        or agreement.case.state != S.AGREEMENT_ISSUED
        or agreement.center is None
    ):
        raise ApplicationError(
            "agreement_not_issued",
            _("An activity licence can be applied for once the principle agreement is issued."),
            status=409,
        )
    if _open_exists(center=agreement.center, kind=ApplicationKind.ACTIVITY_LICENCE):
        raise ApplicationError(
            "application_open",
            _("An application for this center's activity licence is already open."),
            status=409,
        )
    values = {
        **_applicant_values(agreement),
        "payment_reference": _clean_payment(payment_reference),
    }
    application = _open(
        actor=actor,
        by_applicant=scope_or_none is None,
        kind=ApplicationKind.ACTIVITY_LICENCE,
        unit=agreement.center.org_unit,
        values={**values, "center": agreement.center, "previous_licence": agreement.licence},
        documents=documents or {},
        channel=CaseChannel.WEB if scope_or_none is None else CaseChannel.IN_PERSON,
        subject=agreement.proposed_name,
    )
    # Filed and followed by the applicant: the case belongs to them as the agreement did.
    if scope_or_none is not None and agreement.case.requester_id:
        Case.objects.filter(pk=application.case_id).update(requester_id=agreement.case.requester_id)
    return application


def renewal_window_open(*, licence: Licence, today: date) -> bool:
    """Renewal opens three months before the licence ends (and stays open after it lapses)."""
    return today >= licence.valid_until - timedelta(days=RENEWAL_WINDOW_DAYS)


@transaction.atomic
def renewal_apply(
    *,
    actor: Any,
    scope_or_none: Scope | None,
    licence: Licence,
    payment_reference: str,
    documents: Mapping[str, UploadedFile] | None = None,
    applicant: ApplicantData | None = None,
    today: date | None = None,
) -> LicenceApplication:
    """Apply to renew a center's current activity licence, from three months before it ends.

    The applicant is the one of the center's last application (a citizen may renew only a
    center they applied for); staff renewing a center licensed before this system name them."""
    today = today or timezone.localdate()
    center = licence.center
    last = (
        LicenceApplication.objects.filter(center=center)
        .select_related("case", "county")
        .order_by("-created_at", "-pk")
        .first()
    )
    if scope_or_none is None:
        if last is None or not _is_applicant(actor, last):
            raise NotFoundError()
    else:
        require(scope_or_none, Perm.CENTERS_LICENSING, licence)
    if (
        licence.kind != LicenceKind.ACTIVITY_LICENCE
        or not licence.is_current
        or licence.status not in (LicenceStatus.VALID, LicenceStatus.EXPIRED)
    ):
        raise ApplicationError(
            "not_renewable", _("Only a center's current activity licence can be renewed."), 409
        )
    if not renewal_window_open(licence=licence, today=today):
        opens = licence.valid_until - timedelta(days=RENEWAL_WINDOW_DAYS)
        raise ApplicationError(
            "renewal_not_open",
            lazy_message(
                _("Renewal opens three months before the licence ends, on %(date)s."),
                date=format_date(opens),
            ),
            status=409,
        )
    if _open_exists(center=center, kind=ApplicationKind.RENEWAL):
        raise ApplicationError(
            "application_open", _("A renewal of this licence is already open."), status=409
        )
    if applicant is not None:
        person = _clean_applicant(applicant)
    elif last is not None:
        person = {k: v for k, v in _applicant_values(last).items() if k in _APPLICANT_FIELDS}
    else:
        raise _invalid("applicant_required", "applicant_name", _("Give the applicant's details."))
    values = {
        **person,
        "licence_type": center.licence_type,
        "proposed_name": center.org_unit.name_fa,
        "county": center.org_unit.parent,
        "care_mode": center.care_mode,
        "capacity": center.capacity,
        "address": center.address,
        "payment_reference": _clean_payment(payment_reference),
        "center": center,
        "previous_licence": licence,
    }
    application = _open(
        actor=actor,
        by_applicant=scope_or_none is None,
        kind=ApplicationKind.RENEWAL,
        unit=center.org_unit,
        values=values,
        documents=documents or {},
        channel=CaseChannel.WEB if scope_or_none is None else CaseChannel.IN_PERSON,
        subject=center.org_unit.name_fa,
    )
    if scope_or_none is not None and last is not None and last.case.requester_id:
        Case.objects.filter(pk=application.case_id).update(requester_id=last.case.requester_id)
    return application


_APPLICANT_FIELDS = ("applicant_kind", "applicant_name", "mobile", "national_code", "company_id")


# ---------------------------------------------------------------- the steps


def _lock(application: LicenceApplication) -> LicenceApplication:
    return (
        LicenceApplication.objects.select_for_update(of=("self",))
        .select_related("case", "county", "center__org_unit", "previous_licence")
        .get(pk=application.pk)
    )


def _move(
    application: LicenceApplication,
    *,
    actor: Any,
    to_state: str,
    text: str = "",
    public: bool = True,
    restart: bool = True,
) -> LicenceApplication:
    """Move the application's case (the timeline gets the event); the new step's clock starts."""
    workflow = workflow_of(application.kind)
    workflow.check_move(application.case.state, to_state)
    now = timezone.now()
    old = application.case.state
    application.case = case_transition(
        actor=actor,
        scope=None,
        case=application.case,
        to_state=to_state,
        text=text,
        public=public,
        now=now,
        deadline_days=step_days(application.kind, to_state) if restart else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.STATE,
        target=application,
        changes={"state": [old, to_state]},
    )
    return application


def missing_documents(application: LicenceApplication) -> list[str]:
    """Required documents of the application that were not filed (in the table's order)."""
    present = set(application.documents.values_list("doc_type", flat=True))
    return [d for d in REQUIRED_DOCUMENTS[application.kind] if d not in present]


def _require_documents(application: LicenceApplication) -> None:
    missing = missing_documents(application)
    if missing:
        raise ApplicationError(
            "documents_missing",
            lazy_message(
                _("Documents are missing (%(documents)s): ask the applicant for them first."),
                documents=", ".join(str(DocumentType(d).label) for d in missing),
            ),
            status=409,
        )


def _document_labels(documents: Sequence[str]) -> str:
    return "، ".join(str(DocumentType(d).label) for d in documents)


@transaction.atomic
def application_request_documents(
    *,
    actor: Any,
    scope: Scope,
    application: LicenceApplication,
    documents: Sequence[str],
    note: str = "",
) -> LicenceApplication:
    """Tell the applicant by SMS which documents are missing; the case waits for them (the
    clock is paused until they come)."""
    require(scope, Perm.CENTERS_LICENSING, application)
    wanted = [d for d in DocumentType.values if d in set(documents)]
    if not wanted or len(wanted) != len(set(documents)):
        raise _invalid(
            "documents_required", "documents", _("Choose the documents that are missing.")
        )
    application = _lock(application)
    with translation.override("fa"):
        labels = _document_labels(wanted)
        text = lazy_message(_("Documents needed: %(documents)s."), documents=labels)
        public_text = f"{text}\n{note.strip()}" if note.strip() else str(text)
    _move(
        application,
        actor=actor,
        to_state=S.WAITING_DOCUMENTS,
        text=public_text,
        restart=False,  # the engine pauses the clock and keeps the days left
    )
    application.missing_documents = wanted
    application.save(update_fields=["missing_documents", "updated_at"])
    with translation.override("fa"):
        sms = lazy_message(
            _(
                "Licence application %(code)s: please send these documents: %(documents)s. "
                "Upload them under “My applications” or bring them to the county office."
            ),
            code=format_tracking_code(application.case.tracking_code),
            documents=labels,
        )
        _sms(application.mobile, sms, "centers_licensing_documents")
    return application


@transaction.atomic
def application_supply_documents(
    *,
    actor: Any,
    scope_or_none: Scope | None,
    application: LicenceApplication,
    documents: Mapping[str, UploadedFile],
    text: str = "",
) -> LicenceApplication:
    """The applicant (or staff at the counter) adds documents. When every requested document
    is in, a waiting case resumes at its step with the working days it had left."""
    if scope_or_none is None:
        if not _is_applicant(actor, application):
            raise NotFoundError()
    else:
        require(scope_or_none, Perm.CENTERS_LICENSING, application)
    if not documents:
        raise _invalid("documents_required", "documents", _("Attach at least one document."))
    application = _lock(application)
    workflow = workflow_of(application.kind)
    if not workflow.is_open(application.case.state):
        raise ApplicationError(
            "case_closed", _("This application is closed; it cannot take documents."), 409
        )
    _check_document_types(documents)
    with translation.override("fa"):
        note = str(
            lazy_message(
                _("Documents added: %(documents)s."), documents=_document_labels(list(documents))
            )
        )
    if text.strip():
        note = f"{note}\n{text.strip()}"
    still_missing = [d for d in application.missing_documents if d not in documents]
    waiting = application.case.state == S.WAITING_DOCUMENTS
    if waiting and not still_missing:
        _move(application, actor=actor, to_state=S.SUBMITTED, text=note, restart=False)
        event = application.case.events.order_by("-id").first()
    else:
        from chatr.cases.choices import EventKind
        from chatr.cases.models import CaseEvent

        event = CaseEvent.objects.create(
            case=application.case,
            kind=EventKind.REPLY,
            actor=actor if getattr(actor, "pk", None) else None,
            is_public=True,
            text=note,
        )
    _store_documents(application, documents, actor, event=event)
    application.missing_documents = still_missing
    application.save(update_fields=["missing_documents", "updated_at"])
    return application


@transaction.atomic
def application_send_inquiries(
    *,
    actor: Any,
    scope: Scope,
    application: LicenceApplication,
    inquiries: Sequence[str] = tuple(Inquiry.values),
    text: str = "",
) -> LicenceApplication:
    """County office: the documents are complete and the external inquiries are sent."""
    require(scope, Perm.CENTERS_LICENSING, application)
    chosen = [i for i in Inquiry.values if i in set(inquiries)]
    if not chosen:
        raise _invalid("inquiries_required", "inquiries", _("Choose the inquiries sent."))
    application = _lock(application)
    workflow_of(application.kind).check_move(application.case.state, S.INQUIRIES_SENT)
    _require_documents(application)
    with translation.override("fa"):
        sent = lazy_message(
            _("Inquiries sent to: %(to)s."),
            to="، ".join(str(Inquiry(i).label) for i in chosen),
        )
        note = f"{sent}\n{text.strip()}" if text.strip() else str(sent)
    _move(application, actor=actor, to_state=S.INQUIRIES_SENT, text=note)
    application.inquiries = chosen
    application.save(update_fields=["inquiries", "updated_at"])
    return application


@transaction.atomic
def application_forward(
    *, actor: Any, scope: Scope, application: LicenceApplication, text: str = ""
) -> LicenceApplication:
    """County office: the inquiries are answered; the file goes to the provincial licensing
    commission (the case moves to the province's unit)."""
    require(scope, Perm.CENTERS_LICENSING, application)
    application = _lock(application)
    workflow_of(application.kind).check_move(application.case.state, S.AT_COMMISSION)
    province = application.county.parent
    if province is None:  # a county always has a province: the org tree's invariant
        raise NotFoundError()
    now = timezone.now()
    with translation.override("fa"):
        reason = text.strip() or str(_("Forwarded to the provincial licensing commission."))
    application.case = case_route(
        actor=actor,
        scope=None,
        case=application.case,
        to_unit=province,
        reason=reason,
        now=now,
        to_state=S.AT_COMMISSION,
        deadline_days=step_days(application.kind, S.AT_COMMISSION),
    )
    audit_record(
        actor=actor,
        action=AuditAction.STATE,
        target=application,
        changes={"state": [S.INQUIRIES_SENT, S.AT_COMMISSION]},
    )
    return application


@transaction.atomic
def application_commission_approve(
    *, actor: Any, scope: Scope, application: LicenceApplication, text: str = ""
) -> LicenceApplication:
    """The provincial licensing commission approves; security vetting begins."""
    require(scope, Perm.CENTERS_LICENSING_DECIDE, application)
    application = _lock(application)
    with translation.override("fa"):
        note = text.strip() or str(_("The commission approved; security vetting has begun."))
    return _move(application, actor=actor, to_state=S.SECURITY_VETTING, text=note)


# Refusal at these steps is the commission's (or the issuer's) decision.
_DECIDING_STATES = frozenset({S.AT_COMMISSION, S.SECURITY_VETTING, S.SITE_VISIT})


@transaction.atomic
def application_refuse(
    *, actor: Any, scope: Scope, application: LicenceApplication, reason: str
) -> LicenceApplication:
    """Refuse the application with reasons (the applicant sees them and gets an SMS)."""
    require(scope, Perm.CENTERS_LICENSING, application)
    reason = required_text(
        reason,
        code="reason_required",
        field="reason",
        message=_("Give the reasons."),
        max_length=None,
    )
    application = _lock(application)
    if application.case.state in _DECIDING_STATES:
        require(scope, Perm.CENTERS_LICENSING_DECIDE, application)
    _move(application, actor=actor, to_state=S.REFUSED, text=reason)
    application.decision_reason = reason
    application.save(update_fields=["decision_reason", "updated_at"])
    with translation.override("fa"):
        sms = lazy_message(
            _("Licence application %(code)s was refused. The reasons are under “My applications”."),
            code=format_tracking_code(application.case.tracking_code),
        )
        _sms(application.mobile, sms, "centers_licensing_decided")
    return application


def _next_number(province: OrgUnit | None, today: date) -> str:
    """The next licence number of the province this Jalali year: province digits, year, serial."""
    prefix = f"{(province.code[1:] if province else '00')}{to_jalali(today).year}"
    numbers = Licence.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    serials = [int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()]
    return f"{prefix}{max(serials, default=0) + 1:05d}"


def _sms_issued(application: LicenceApplication, licence: Licence) -> None:
    with translation.override("fa"):
        sms = lazy_message(
            _("Licence application %(code)s: %(kind)s number %(number)s was issued."),
            code=format_tracking_code(application.case.tracking_code),
            kind=LicenceKind(licence.kind).label,
            number=licence.number,
        )
        _sms(application.mobile, sms, "centers_licensing_decided")


@transaction.atomic
def application_agreement_issue(
    *,
    actor: Any,
    scope: Scope,
    application: LicenceApplication,
    text: str = "",
    today: date | None = None,
) -> LicenceApplication:
    """Security vetting is clear: the center is registered (inactive until its activity
    licence) and its principle agreement issued through the directory's `licence_issue`."""
    require(scope, Perm.CENTERS_LICENSING_DECIDE, application)
    today = today or timezone.localdate()
    application = _lock(application)
    workflow_of(application.kind).check_move(application.case.state, S.AGREEMENT_ISSUED)
    ownership = (
        Ownership.NGO if application.applicant_kind == ApplicantKind.NGO else Ownership.PRIVATE
    )
    data = directory.CenterData(
        name_fa=application.proposed_name,
        licence_type=application.licence_type,
        ownership=ownership,
        care_mode=application.care_mode,
        grade=2,  # graded at the first inspection
        capacity=application.capacity,
        address=application.address,
        manager_name=application.applicant_name
        if application.applicant_kind == ApplicantKind.PERSON
        else "",
    )
    center = directory.center_register(
        actor=actor, scope=scope, county=application.county, data=data
    )
    center = directory.center_update(
        actor=actor,
        scope=scope,
        center=center,
        data=directory.center_data_of(center),
        status="inactive",  # not operating before its activity licence
    )
    licence = directory.licence_issue(
        actor=actor,
        scope=scope,
        center=center,
        data=directory.LicenceData(
            kind=LicenceKind.PRINCIPLE_AGREEMENT,
            number=_next_number(application.county.parent, today),
            issued_on=today,
            valid_from=today,
            valid_until=today + timedelta(days=AGREEMENT_VALID_DAYS - 1),
        ),
        today=today,
    )
    application.center = center
    application.licence = licence
    application.save(update_fields=["center", "licence", "updated_at"])
    with translation.override("fa"):
        issued = lazy_message(
            _("Principle agreement %(number)s issued, valid until %(date)s."),
            number=licence.number,
            date=format_date(licence.valid_until),
        )
        note = f"{issued}\n{text.strip()}" if text.strip() else str(issued)
    _move(application, actor=actor, to_state=S.AGREEMENT_ISSUED, text=note)
    _sms_issued(application, licence)
    return application


@transaction.atomic
def application_site_visit_schedule(
    *, actor: Any, scope: Scope, application: LicenceApplication, text: str = ""
) -> LicenceApplication:
    """Activity licence or renewal: approvals and certificate checked; the specialist visit
    is due within the step's working days."""
    require(scope, Perm.CENTERS_LICENSING, application)
    application = _lock(application)
    workflow_of(application.kind).check_move(application.case.state, S.SITE_VISIT)
    _require_documents(application)
    with translation.override("fa"):
        note = text.strip() or str(_("Documents complete; a specialist will visit the center."))
    return _move(application, actor=actor, to_state=S.SITE_VISIT, text=note)


@transaction.atomic
def application_activity_issue(
    *,
    actor: Any,
    scope: Scope,
    application: LicenceApplication,
    visited_on: date,
    findings: str,
    today: date | None = None,
) -> LicenceApplication:
    """The specialist visited and found the center ready: the activity licence is issued
    (a renewal starts the day after the old licence ends, or today if it has lapsed)."""
    require(scope, Perm.CENTERS_LICENSING_DECIDE, application)
    today = today or timezone.localdate()
    findings = required_text(
        findings,
        code="findings_required",
        field="findings",
        message=_("Write the visit's findings."),
        max_length=None,
    )
    if visited_on > today:
        raise _invalid("visit_in_future", "visited_on", _("The visit cannot be in the future."))
    application = _lock(application)
    workflow_of(application.kind).check_move(application.case.state, S.LICENCE_ISSUED)
    center = application.center
    if center is None:  # an activity or renewal application always names its center
        raise NotFoundError()
    valid_from = today
    old = application.previous_licence
    if application.kind == ApplicationKind.RENEWAL and old is not None:
        valid_from = max(today, old.valid_until + timedelta(days=1))
    end = (
        valid_from.replace(year=valid_from.year + LICENCE_VALID_YEARS)
        if not (valid_from.month == 2 and valid_from.day == 29)
        else valid_from.replace(year=valid_from.year + LICENCE_VALID_YEARS, day=28)
    )
    licence = directory.licence_issue(
        actor=actor,
        scope=scope,
        center=center,
        data=directory.LicenceData(
            kind=LicenceKind.ACTIVITY_LICENCE,
            number=_next_number(application.county.parent, today),
            issued_on=today,
            valid_from=valid_from,
            valid_until=end - timedelta(days=1),
        ),
        today=today,
    )
    application.licence = licence
    application.site_visit_on = visited_on
    application.site_visit_notes = findings
    application.save(update_fields=["licence", "site_visit_on", "site_visit_notes", "updated_at"])
    with translation.override("fa"):
        issued = lazy_message(
            _("Activity licence %(number)s issued, valid from %(start)s to %(end)s."),
            number=licence.number,
            start=format_date(licence.valid_from),
            end=format_date(licence.valid_until),
        )
    _move(
        application,
        actor=actor,
        to_state=S.LICENCE_ISSUED,
        text=f"{issued}\n{findings}",
    )
    _sms_issued(application, licence)
    return application


# ---------------------------------------------------------------- renewal reminders


def _reminder_mobiles(licence: Licence) -> set[str]:
    """The center (its applicant and the staff of its unit) and the province's licensing staff."""
    mobiles: set[str] = set()
    application = (
        LicenceApplication.objects.filter(center_id=licence.center_id)
        .order_by("-created_at", "-pk")
        .first()
    )
    if application is not None:
        mobiles.add(application.mobile)
    unit_ids = [licence.org_unit_id, licence.scope_province_id]
    members = Membership.objects.filter(org_unit_id__in=unit_ids, org_unit__is_active=True)
    for membership in members.select_related("user"):
        at_center = membership.org_unit_id == licence.org_unit_id
        licensing = Perm.CENTERS_LICENSING in permissions_of(membership.role)
        if (at_center or licensing) and membership.user.mobile and membership.user.is_active:
            mobiles.add(membership.user.mobile)
    return {m for m in mobiles if is_valid_mobile(m)}


@transaction.atomic
def renewal_reminders_send(*, today: date | None = None) -> int:
    """Remind the center and the province that an activity licence's renewal is open (three
    months before the end) and once more a month before it. Each stage is sent once per
    licence (a unique row records it), however often the task runs; a licence with an open
    renewal application gets none. Returns the reminders recorded."""
    today = today or timezone.localdate()
    window_end = today + timedelta(days=max(REMINDER_STAGES))
    open_renewals = LicenceApplication.objects.filter(kind=ApplicationKind.RENEWAL).exclude(
        case__state__in=workflow_of(ApplicationKind.RENEWAL).closed
    )
    due = (
        Licence.objects.filter(
            kind=LicenceKind.ACTIVITY_LICENCE,
            status=LicenceStatus.VALID,
            is_current=True,
            valid_until__gte=today,
            valid_until__lte=window_end,
        )
        .exclude(center_id__in=open_renewals.values("center_id"))
        .select_related("center__org_unit")
    )
    sent_stages: dict[int, set[int]] = {}
    for licence_id, stage in RenewalReminder.objects.filter(licence__in=due).values_list(
        "licence_id", "stage"
    ):
        sent_stages.setdefault(licence_id, set()).add(stage)
    recorded = 0
    for licence in due:
        days_left = (licence.valid_until - today).days
        stage = min(s for s in REMINDER_STAGES if days_left <= s)
        if any(s <= stage for s in sent_stages.get(licence.pk, set())):
            continue
        mobiles = _reminder_mobiles(licence)
        RenewalReminder.objects.create(licence=licence, stage=stage, recipients=len(mobiles))
        with translation.override("fa"):
            text = lazy_message(
                _(
                    "The activity licence %(number)s of %(center)s ends on %(date)s. Its renewal "
                    "is open: apply under “My applications” or at the county office."
                ),
                number=licence.number,
                center=licence.center.org_unit.name_fa,
                date=format_date(licence.valid_until),
            )
            for mobile in sorted(mobiles):
                sms_send(to=mobile, text=str(text), purpose="centers_licensing_renewal")
        recorded += 1
    return recorded
