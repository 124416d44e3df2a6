"""Reads of licensing: the staff queue (scoped), one application, the applicant's own
applications, timelines and the licences an applicant may renew."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from chatr.cases.models import CaseEvent
from chatr.cases.selectors import case_timeline
from chatr.centers.choices import LicenceKind, LicenceStatus
from chatr.centers.choices_licensing import ApplicationKind, LicensingState
from chatr.centers.models import ApplicationDocument, Licence, LicenceApplication
from chatr.centers.services_licensing import renewal_window_open
from chatr.centers.workflow_licensing import workflow_of
from chatr.core.errors import NotFoundError
from chatr.core.tracking import is_well_formed_tracking_code, normalize_tracking_code
from chatr.org.roles import Perm
from chatr.org.scope import Scope

_RELATED = ("case", "county__parent", "center__org_unit", "licence", "previous_licence")


@dataclass(frozen=True)
class ApplicationFilters:
    state: str = ""
    kind: str = ""
    open_only: bool = True


def applications_visible(*, scope: Scope) -> QuerySet[LicenceApplication]:
    """Applications of the units where the reader handles licensing (county or province)."""
    return LicenceApplication.objects.visible_to(scope, Perm.CENTERS_LICENSING)


def application_list(*, scope: Scope, filters: ApplicationFilters) -> QuerySet[LicenceApplication]:
    """The queue: open applications first by their step's due date (the oldest first)."""
    rows = applications_visible(scope=scope).select_related(*_RELATED)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.state:
        rows = rows.filter(case__state=filters.state)
    elif filters.open_only:
        rows = rows.exclude(
            case__state__in=[LicensingState.AGREEMENT_ISSUED, LicensingState.LICENCE_ISSUED,
                             LicensingState.REFUSED]
        )  # fmt: skip
    return rows.order_by("case__due_at", "case__filed_at", "pk")


def application_get(*, scope: Scope, code: str) -> LicenceApplication:
    """One application by tracking code; out of scope and missing are the same 404."""
    code = normalize_tracking_code(code)
    if not is_well_formed_tracking_code(code):
        raise NotFoundError()
    application = (
        applications_visible(scope=scope)
        .select_related(*_RELATED)
        .filter(case__tracking_code=code)
        .first()
    )
    if application is None:
        raise NotFoundError()
    return application


def applications_of_applicant(*, user: object) -> QuerySet[LicenceApplication]:
    """The signed-in applicant's own applications, newest first."""
    user_id = getattr(user, "pk", None)
    if user_id is None:
        return LicenceApplication.objects.none()
    return (
        LicenceApplication.objects.filter(case__requester_id=user_id)
        .select_related(*_RELATED)
        .order_by("-created_at", "-pk")
    )


def application_for_applicant(*, user: object, code: str) -> LicenceApplication:
    code = normalize_tracking_code(code)
    if not is_well_formed_tracking_code(code):
        raise NotFoundError()
    application = applications_of_applicant(user=user).filter(case__tracking_code=code).first()
    if application is None:
        raise NotFoundError()
    return application


def application_timeline(*, application: LicenceApplication, public_only: bool) -> list[CaseEvent]:
    """The case's timeline, each state change labelled in the reader's language."""
    workflow = workflow_of(application.kind)
    events = list(case_timeline(case=application.case, public_only=public_only))
    for event in events:
        event.to_state_label = workflow.label(event.to_state) if event.to_state else ""  # type: ignore[attr-defined]
    return events


def application_documents(
    *, application: LicenceApplication, public_only: bool = False
) -> QuerySet[ApplicationDocument]:
    rows = application.documents.select_related("attachment").order_by("pk")
    return rows.filter(attachment__is_public=True) if public_only else rows


def renewable_licences(*, user: object, today: date) -> list[Licence]:
    """Current activity licences of the centers the applicant applied for, in their renewal
    window, without a renewal already open."""
    centers = applications_of_applicant(user=user).filter(center__isnull=False).values("center_id")
    workflow = workflow_of(ApplicationKind.RENEWAL)
    open_renewals = LicenceApplication.objects.filter(kind=ApplicationKind.RENEWAL).exclude(
        case__state__in=workflow.closed
    )
    licences = (
        Licence.objects.filter(
            center_id__in=centers,
            kind=LicenceKind.ACTIVITY_LICENCE,
            is_current=True,
            status__in=[LicenceStatus.VALID, LicenceStatus.EXPIRED],
        )
        .exclude(Q(center_id__in=open_renewals.values("center_id")))
        .select_related("center__org_unit")
    )
    return [lic for lic in licences if renewal_window_open(licence=lic, today=today)]


def activity_applicable(*, application: LicenceApplication) -> bool:
    """May the applicant now apply for the activity licence of this agreement's center?"""
    if (
        application.kind != ApplicationKind.PRINCIPLE_AGREEMENT
        or application.case.state != LicensingState.AGREEMENT_ISSUED
        or application.center_id is None
    ):
        return False
    workflow = workflow_of(ApplicationKind.ACTIVITY_LICENCE)
    return not (
        LicenceApplication.objects.filter(
            center_id=application.center_id, kind=ApplicationKind.ACTIVITY_LICENCE
        )
        .exclude(case__state=LicensingState.REFUSED)
        .exclude(case__state__in=workflow.closed - {LicensingState.LICENCE_ISSUED})
        .exists()
    )


# The staff actions each step offers, and the permission each needs.
_ACTIONS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("principle", LicensingState.SUBMITTED): (
        ("request_documents", Perm.CENTERS_LICENSING),
        ("send_inquiries", Perm.CENTERS_LICENSING),
        ("refuse", Perm.CENTERS_LICENSING),
    ),
    ("principle", LicensingState.WAITING_DOCUMENTS): (("refuse", Perm.CENTERS_LICENSING),),
    ("principle", LicensingState.INQUIRIES_SENT): (
        ("forward", Perm.CENTERS_LICENSING),
        ("refuse", Perm.CENTERS_LICENSING),
    ),
    ("principle", LicensingState.AT_COMMISSION): (
        ("approve", Perm.CENTERS_LICENSING_DECIDE),
        ("refuse", Perm.CENTERS_LICENSING_DECIDE),
    ),
    ("principle", LicensingState.SECURITY_VETTING): (
        ("issue_agreement", Perm.CENTERS_LICENSING_DECIDE),
        ("refuse", Perm.CENTERS_LICENSING_DECIDE),
    ),
    ("activity", LicensingState.SUBMITTED): (
        ("request_documents", Perm.CENTERS_LICENSING),
        ("schedule_visit", Perm.CENTERS_LICENSING),
        ("refuse", Perm.CENTERS_LICENSING),
    ),
    ("activity", LicensingState.WAITING_DOCUMENTS): (("refuse", Perm.CENTERS_LICENSING),),
    ("activity", LicensingState.SITE_VISIT): (
        ("issue_licence", Perm.CENTERS_LICENSING_DECIDE),
        ("refuse", Perm.CENTERS_LICENSING_DECIDE),
    ),
}


def application_actions(*, scope: Scope, application: LicenceApplication) -> list[str]:
    """The actions the reader may take on the application at its current step."""
    flow = "principle" if application.kind == ApplicationKind.PRINCIPLE_AGREEMENT else "activity"
    return [
        action
        for action, perm in _ACTIONS.get((flow, application.case.state), ())
        if scope.covers_record(application, perm)
    ]
