"""Licensing pages: the applicant's application form and "my applications", and the staff
queue and case page with each step's action. Adapters only: parse → one service or selector →
render. A case outside the reader's scope is 404, like a missing one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chatr.cases.selectors import case_clock, case_clocks
from chatr.centers import services_licensing as services
from chatr.centers.choices_licensing import FILING_DOCUMENTS, ApplicationKind, LicensingState
from chatr.centers.forms_licensing import (
    ActivityIssueForm,
    ApplicationForm,
    FollowUpApplicationForm,
    InquiriesForm,
    NoteForm,
    QueueFilterForm,
    RefuseForm,
    RequestDocumentsForm,
    SupplyDocumentsForm,
)
from chatr.centers.models import LicenceApplication
from chatr.centers.selectors_licensing import (
    activity_applicable,
    application_actions,
    application_documents,
    application_for_applicant,
    application_get,
    application_list,
    application_timeline,
    applications_of_applicant,
    renewable_licences,
)
from chatr.centers.workflow_licensing import workflow_of
from chatr.core.errors import ApplicationError
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope, request_scope
from chatr.ui.form_errors import add_error_to_form
from chatr.ui.htmx import render_page_or_partial

PAGE_SIZE = 25
applicant_required = login_required(login_url="accounts:citizen_sign_in")


def _file_response(attachment: Any) -> FileResponse:
    extension = attachment.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=f"{attachment.pk}.{extension}",
    )


def _case_context(application: LicenceApplication, *, staff: bool) -> dict[str, Any]:
    return {
        "application": application,
        "case": application.case,
        "state_label": workflow_of(application.kind).label(application.case.state),
        "clock": case_clock(application.case),
        "timeline": application_timeline(application=application, public_only=not staff),
        "documents": application_documents(application=application, public_only=not staff),
        "staff_view": staff,
    }


# ---------------------------------------------------------------- the applicant


@applicant_required
def apply(request: HttpRequest) -> HttpResponse:
    """A signed-in citizen applies for a principle agreement, for themself or their NGO."""
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        initial={"mobile": getattr(request.user, "mobile", "") or ""},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                application = services.application_file(
                    actor=request.user,
                    scope_or_none=None,
                    data=form.application_data(),
                    documents=form.documents(),
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(request, _("Your application was filed."))
                return redirect("centers:licensing_my_detail", code=application.case.tracking_code)
    return render(
        request, "centers/licensing/pages/apply.html", {"form": form, "staff": False}, status=status
    )


@applicant_required
def my_list(request: HttpRequest) -> HttpResponse:
    applications = list(applications_of_applicant(user=request.user))
    return render(
        request,
        "centers/licensing/pages/my_list.html",
        {
            "rows": [(a, workflow_of(a.kind).label(a.case.state)) for a in applications],
            "renewable": renewable_licences(user=request.user, today=timezone.localdate()),
        },
    )


def _supply_types(application: LicenceApplication) -> tuple[str, ...]:
    if application.case.state == LicensingState.WAITING_DOCUMENTS and application.missing_documents:
        return tuple(application.missing_documents)
    return FILING_DOCUMENTS[application.kind]


@applicant_required
def my_detail(request: HttpRequest, code: str) -> HttpResponse:
    application = application_for_applicant(user=request.user, code=code)
    form = SupplyDocumentsForm(
        request.POST or None, request.FILES or None, types=_supply_types(application)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.application_supply_documents(
                    actor=request.user,
                    scope_or_none=None,
                    application=application,
                    documents=form.documents(),
                    text=form.cleaned_data.get("text", ""),
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(request, _("Your documents were added."))
                return redirect("centers:licensing_my_detail", code=application.case.tracking_code)
    context = _case_context(application, staff=False)
    context.update(
        {
            "supply_form": form
            if workflow_of(application.kind).is_open(application.case.state)
            else None,
            "activity_applicable": activity_applicable(application=application),
        }
    )
    return render(request, "centers/licensing/pages/my_detail.html", context, status=status)


def _follow_up(
    request: HttpRequest,
    *,
    kind: str,
    heading: str,
    file: Callable[[FollowUpApplicationForm], LicenceApplication],
    extra: dict[str, Any],
) -> HttpResponse:
    form = FollowUpApplicationForm(request.POST or None, request.FILES or None, kind=kind)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                application = file(form)
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(request, _("Your application was filed."))
                return redirect("centers:licensing_my_detail", code=application.case.tracking_code)
    return render(
        request,
        "centers/licensing/pages/follow_up.html",
        {"form": form, "heading": heading, **extra},
        status=status,
    )


@applicant_required
def my_activity_new(request: HttpRequest, code: str) -> HttpResponse:
    agreement = application_for_applicant(user=request.user, code=code)
    return _follow_up(
        request,
        kind=ApplicationKind.ACTIVITY_LICENCE,
        heading=_("Apply for the activity licence"),
        file=lambda form: services.activity_licence_apply(
            actor=request.user,
            scope_or_none=None,
            agreement=agreement,
            payment_reference=form.cleaned_data["payment_reference"],
            documents=form.documents(),
        ),
        extra={"application": agreement},
    )


@applicant_required
def my_renewal_new(request: HttpRequest, licence_id: int) -> HttpResponse:
    licence = next(
        (
            lic
            for lic in renewable_licences(user=request.user, today=timezone.localdate())
            if lic.pk == licence_id
        ),
        None,
    )
    if licence is None:
        raise Http404
    return _follow_up(
        request,
        kind=ApplicationKind.RENEWAL,
        heading=_("Apply to renew the activity licence"),
        file=lambda form: services.renewal_apply(
            actor=request.user,
            scope_or_none=None,
            licence=licence,
            payment_reference=form.cleaned_data["payment_reference"],
            documents=form.documents(),
        ),
        extra={"licence": licence},
    )


@applicant_required
def my_document(request: HttpRequest, code: str, attachment_id: int) -> FileResponse:
    application = application_for_applicant(user=request.user, code=code)
    attachment = get_object_or_404(application.case.attachments, pk=attachment_id, is_public=True)
    return _file_response(attachment)


# ---------------------------------------------------------------- staff


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    require(scope, Perm.CENTERS_LICENSING)
    form = QueueFilterForm(request.GET or None)
    page = Paginator(application_list(scope=scope, filters=form.filters()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    applications = list(page.object_list)
    clocks = case_clocks([a.case for a in applications])
    rows = [
        (a, workflow_of(a.kind).label(a.case.state), clock)
        for a, clock in zip(applications, clocks, strict=True)
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render_page_or_partial(
        request,
        page="centers/licensing/pages/queue.html",
        partial="centers/licensing/partials/queue_table.html",
        context={"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


@login_required
def staff_new(request: HttpRequest) -> HttpResponse:
    """Licensing staff file an application for an applicant at the counter."""
    scope = request_scope(request)
    require(scope, Perm.CENTERS_LICENSING)
    form = ApplicationForm(request.POST or None, request.FILES or None, scope=scope)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                application = services.application_file(
                    actor=request.user,
                    scope_or_none=scope,
                    data=form.application_data(),
                    documents=form.documents(),
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(request, _("The application was filed."))
                return redirect("centers:licensing_detail", code=application.case.tracking_code)
    return render(
        request, "centers/licensing/pages/apply.html", {"form": form, "staff": True}, status=status
    )


_ACTION_FORMS: dict[str, type[Any]] = {
    "request_documents": RequestDocumentsForm,
    "send_inquiries": InquiriesForm,
    "forward": NoteForm,
    "approve": NoteForm,
    "issue_agreement": NoteForm,
    "schedule_visit": NoteForm,
    "issue_licence": ActivityIssueForm,
    "refuse": RefuseForm,
}


def _run(action: str, request: HttpRequest, scope: Scope, app: LicenceApplication, d: Any) -> None:
    common = {"actor": request.user, "scope": scope, "application": app}
    calls: dict[str, Callable[[], Any]] = {
        "request_documents": lambda: services.application_request_documents(
            **common, documents=d["documents"], note=d.get("note", "")
        ),
        "send_inquiries": lambda: services.application_send_inquiries(
            **common, inquiries=d["inquiries"], text=d.get("text", "")
        ),
        "forward": lambda: services.application_forward(**common, text=d.get("text", "")),
        "approve": lambda: services.application_commission_approve(
            **common, text=d.get("text", "")
        ),
        "issue_agreement": lambda: services.application_agreement_issue(
            **common, text=d.get("text", "")
        ),
        "schedule_visit": lambda: services.application_site_visit_schedule(
            **common, text=d.get("text", "")
        ),
        "issue_licence": lambda: services.application_activity_issue(
            **common, visited_on=d["visited_on"], findings=d["findings"]
        ),
        "refuse": lambda: services.application_refuse(**common, reason=d["reason"]),
    }
    calls[action]()


@login_required
def detail(request: HttpRequest, code: str, action: str = "") -> HttpResponse:
    """The case page; a POST to …/<action>/ runs that step (refused ones show why)."""
    scope = request_scope(request)
    application = application_get(scope=scope, code=code)
    actions = application_actions(scope=scope, application=application)
    forms = {
        name: _ACTION_FORMS[name](
            prefix=name, initial={"documents": services.missing_documents(application)}
        )
        for name in actions
    }
    status = 200
    if request.method == "POST":
        if action not in _ACTION_FORMS:
            raise Http404
        form = _ACTION_FORMS[action](request.POST, prefix=action)
        forms[action] = form
        status = 400
        if form.is_valid():
            try:
                _run(action, request, scope, application, form.cleaned_data)
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(request, _("Done: the application moved on."))
                return redirect("centers:licensing_detail", code=application.case.tracking_code)
    context = _case_context(application, staff=True)
    context.update({"forms": forms, "failed_action": action if status != 200 else ""})
    return render(request, "centers/licensing/pages/detail.html", context, status=status)


detail_action = require_POST(detail)


@login_required
def staff_document(request: HttpRequest, code: str, attachment_id: int) -> FileResponse:
    application = application_get(scope=request_scope(request), code=code)
    return _file_response(get_object_or_404(application.case.attachments, pk=attachment_id))
