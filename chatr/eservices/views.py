"""Pages of the e-service desk: the public catalogue and service pages, the citizen's request
form and requests, the officers' queue and request page, and HQ's form editor. Adapters only:
parse → one service or selector → render."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from chatr.cases.selectors import case_clock, case_timeline
from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.eservices import services
from chatr.eservices.choices import RequestState, ServiceChannel
from chatr.eservices.forms import (
    AnswerInfoForm,
    AskInfoForm,
    CatalogueSearchForm,
    DefinitionForm,
    NoteForm,
    RateForm,
    RejectForm,
    RequestForm,
)
from chatr.eservices.forms_certificates import RevokeForm
from chatr.eservices.models import Service, ServiceRequest
from chatr.eservices.selectors import (
    catalogue_groups,
    definition_current,
    my_request_get,
    other_online_services,
    request_get,
    request_is_open,
    request_list,
    request_state_label,
    service_apply_url,
    service_catalogue,
    service_get_public,
)
from chatr.eservices.selectors_certificates import certificate_of_request
from chatr.eservices.workflow import REQUEST_WORKFLOW
from chatr.org.models import OrgUnit
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope, request_scope
from chatr.ui.actions import button_action, record_form_action
from chatr.ui.form_errors import add_error_to_form
from chatr.ui.htmx import render_page_or_partial

PAGE_SIZE = 25
STAFF_REQUEST_PAGE = "eservices/pages/staff_request.html"
citizen_required = login_required(login_url="accounts:citizen_sign_in")


# ---------------------------------------------------------------- public


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    """Search and filter the catalogue; htmx swaps only the results (and the live count)."""
    units = OrgUnit.objects.filter(
        pk__in=Service.objects.filter(is_active=True).values("responsible_unit")
    ).order_by("path")
    form = CatalogueSearchForm(request.GET or None, units=list(units))
    filters = form.filters()
    found = service_catalogue(filters=filters)
    others = (
        other_online_services(q=filters.q)
        if not (filters.audience or filters.service_type or filters.unit_id)
        else []
    )
    return render_page_or_partial(
        request,
        page="eservices/pages/catalogue.html",
        partial="eservices/partials/catalogue_results.html",
        context={
            "form": form,
            "groups": catalogue_groups(found),
            "others": others,
            "count": len(found) + len(others),
            "oob": True,
        },
    )


@require_safe
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    service = service_get_public(code=code)
    return render(
        request,
        "eservices/pages/service_detail.html",
        {
            "service": service,
            "apply_url": service_apply_url(service),
            "can_define": not service.is_owned_elsewhere
            and request_scope(request).has_perm(Perm.ESERVICES_DEFINE),
            "channels": [
                ServiceChannel(value).label
                for value in service.channels
                if value in ServiceChannel.values
            ],
        },
    )


# ---------------------------------------------------------------- the citizen


@citizen_required
def apply(request: HttpRequest, code: str) -> HttpResponse:
    """The request form of the service's current definition. A refused answer keeps
    everything typed and shows every error at once (400)."""
    service = service_get_public(code=code)
    if service.is_owned_elsewhere:
        url = service_apply_url(service)
        if url:
            return redirect(url)
        raise NotFoundError()
    if request.user.is_staff:
        raise NotFoundError()
    definition = definition_current(service=service)
    if definition is None:
        raise NotFoundError()
    posted = request.method == "POST"
    form = RequestForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        fields=definition.fields,
    )
    status = 200
    if posted:
        status = 400
        form.is_valid()  # binds what was typed; the service checks the answers
        try:
            filed = services.service_request_file(
                actor=request.user, service=service, data=request.POST, files=request.FILES
            )
        except (NotFoundError, PermissionDeniedError):
            raise
        except ApplicationError as error:
            add_error_to_form(form, error)
            status = error.status
        else:
            return redirect("eservices:filed", code=filed.case.tracking_code)
    return render(
        request,
        "eservices/pages/apply.html",
        {"service": service, "definition": definition, "form": form},
        status=status,
    )


@citizen_required
@require_safe
def filed(request: HttpRequest, code: str) -> HttpResponse:
    service_request = my_request_get(user=request.user, code=code)
    return render(request, "eservices/pages/filed.html", {"service_request": service_request})


def _my_context(
    service_request: ServiceRequest, answer_form: Any = None, rate_form: Any = None
) -> dict[str, Any]:
    needs_info = service_request.case.state == RequestState.NEEDS_INFO
    may_rate = not request_is_open(service_request) and service_request.case.rating is None
    return {
        "certificate": certificate_of_request(service_request),
        # A refused rating shows its form again, with the reason, even if no longer rateable.
        "rate_form": rate_form or (RateForm() if may_rate else None),
        "service_request": service_request,
        "state_label": request_state_label(service_request),
        "rows": service_request.answer_rows(),
        "timeline": _timeline(service_request, public_only=True),
        "needs_info": needs_info,
        "answer_form": (answer_form or AnswerInfoForm()) if needs_info else None,
    }


@citizen_required
def my_request_detail(request: HttpRequest, code: str) -> HttpResponse:
    service_request = my_request_get(user=request.user, code=code)
    return render(request, "eservices/pages/my_request.html", _my_context(service_request))


@citizen_required
@require_POST
def my_request_answer(request: HttpRequest, code: str) -> HttpResponse:
    service_request = my_request_get(user=request.user, code=code)
    form = AnswerInfoForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        attachment = form.cleaned_data.get("attachment")
        try:
            services.service_request_answer_info(
                actor=request.user,
                request=service_request,
                text=form.cleaned_data["text"],
                files=[attachment] if attachment else [],
            )
        except (NotFoundError, PermissionDeniedError):
            raise
        except ApplicationError as error:
            add_error_to_form(form, error)
            status = error.status
        else:
            flash.success(request, _("Your answer was sent; the review continues."))
            return redirect("eservices:my_request", code=code)
    return render(
        request,
        "eservices/pages/my_request.html",
        _my_context(service_request, form),
        status=status,
    )


@citizen_required
@require_POST
def my_request_rate(request: HttpRequest, code: str) -> HttpResponse:
    service_request = my_request_get(user=request.user, code=code)
    form = RateForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.service_request_rate(
                actor=request.user,
                request=service_request,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except (NotFoundError, PermissionDeniedError):
            raise
        except ApplicationError as error:
            add_error_to_form(form, error)
            status = error.status
        else:
            flash.success(request, _("Thank you for rating the service."))
            return redirect("eservices:my_request", code=code)
    return render(
        request,
        "eservices/pages/my_request.html",
        _my_context(service_request, rate_form=form),
        status=status,
    )


# ---------------------------------------------------------------- staff


def _timeline(service_request: ServiceRequest, *, public_only: bool) -> list[tuple[Any, Any]]:
    return [
        (event, REQUEST_WORKFLOW.label(event.to_state) if event.to_state else "")
        for event in case_timeline(case=service_request.case, public_only=public_only)
    ]


@login_required
@require_safe
def staff_requests(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    require(scope, Perm.ESERVICES_HANDLE)
    state = request.GET.get("state") or ""
    page = Paginator(request_list(scope=scope, state=state), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "eservices/pages/staff_requests.html",
        {
            "page": page,
            "query": query.urlencode(),
            "state": state,
            "states": RequestState.choices,
        },
    )


def staff_request_context(service_request: ServiceRequest) -> dict[str, Any]:
    """What the officers' request page shows, its action forms empty (a refused form is put
    back in its place by the action that refused it)."""
    state = service_request.case.state
    can = REQUEST_WORKFLOW.can_move
    certificate = certificate_of_request(service_request)
    return {
        "certificate": certificate,
        "revoke_form": RevokeForm(prefix="revoke")
        if certificate is not None and certificate.is_valid
        else None,
        "service_request": service_request,
        "state_label": request_state_label(service_request),
        "rows": service_request.answer_rows(),
        "timeline": _timeline(service_request, public_only=False),
        "clock": case_clock(service_request.case),
        "is_open": request_is_open(service_request),
        "review_allowed": can(state, RequestState.UNDER_REVIEW)
        and state != RequestState.NEEDS_INFO,
        "ask_form": AskInfoForm(prefix="ask") if can(state, RequestState.NEEDS_INFO) else None,
        "approve_form": NoteForm(prefix="approve") if can(state, RequestState.APPROVED) else None,
        "reject_form": RejectForm(prefix="reject") if can(state, RequestState.REJECTED) else None,
        "complete_form": NoteForm(prefix="complete")
        if can(state, RequestState.COMPLETED)
        else None,
    }


@login_required
@require_safe
def staff_request(request: HttpRequest, request_id: int) -> HttpResponse:
    service_request = request_get(scope=request_scope(request), request_id=request_id)
    return render(request, STAFF_REQUEST_PAGE, staff_request_context(service_request))


def _staff_action(
    request: HttpRequest,
    request_id: int,
    form_key: str,
    form: forms.Form,
    act: Callable[[Scope, ServiceRequest, dict[str, Any]], Any],
) -> HttpResponse:
    """One of the officers' forms on the request page, after the scoped lookup."""
    scope = request_scope(request)
    service_request = request_get(scope=scope, request_id=request_id)
    return record_form_action(
        request,
        form=form,
        act=lambda data: act(scope, service_request, data),
        success_url=reverse("eservices:staff_request", args=[service_request.pk]),
        template=STAFF_REQUEST_PAGE,
        context=lambda: staff_request_context(service_request),
        form_key=form_key,
    )


@login_required
@require_POST
def staff_review(request: HttpRequest, request_id: int) -> HttpResponse:
    scope = request_scope(request)
    service_request = request_get(scope=scope, request_id=request_id)
    return button_action(
        request,
        act=lambda: services.service_request_review(
            actor=request.user, scope=scope, request=service_request
        ),
        success_url=reverse("eservices:staff_request", args=[service_request.pk]),
    )


@login_required
@require_POST
def staff_ask_info(request: HttpRequest, request_id: int) -> HttpResponse:
    return _staff_action(
        request,
        request_id,
        "ask_form",
        AskInfoForm(request.POST, prefix="ask"),
        lambda scope, sr, data: services.service_request_ask_info(
            actor=request.user, scope=scope, request=sr, message=data["message"]
        ),
    )


@login_required
@require_POST
def staff_approve(request: HttpRequest, request_id: int) -> HttpResponse:
    return _staff_action(
        request,
        request_id,
        "approve_form",
        NoteForm(request.POST, prefix="approve"),
        lambda scope, sr, data: services.service_request_approve(
            actor=request.user, scope=scope, request=sr, note=data["note"]
        ),
    )


@login_required
@require_POST
def staff_reject(request: HttpRequest, request_id: int) -> HttpResponse:
    return _staff_action(
        request,
        request_id,
        "reject_form",
        RejectForm(request.POST, prefix="reject"),
        lambda scope, sr, data: services.service_request_reject(
            actor=request.user, scope=scope, request=sr, reason=data["reason"]
        ),
    )


@login_required
@require_POST
def staff_complete(request: HttpRequest, request_id: int) -> HttpResponse:
    return _staff_action(
        request,
        request_id,
        "complete_form",
        NoteForm(request.POST, prefix="complete"),
        lambda scope, sr, data: services.service_request_complete(
            actor=request.user, scope=scope, request=sr, note=data["note"]
        ),
    )


@login_required
def definition_edit(request: HttpRequest, code: str) -> HttpResponse:
    """HQ publishes a new version of a service's form as JSON (earlier versions are kept)."""
    scope = request_scope(request)
    require(scope, Perm.ESERVICES_DEFINE)
    service = service_get_public(code=code)
    current = definition_current(service=service)
    initial = json.dumps(current.fields if current else [], ensure_ascii=False, indent=2)
    form = DefinitionForm(request.POST or None, initial={"fields_json": initial})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                definition = services.form_definition_publish(
                    actor=request.user,
                    scope=scope,
                    service=service,
                    fields=form.cleaned_data["fields_json"],
                )
            except (NotFoundError, PermissionDeniedError):
                raise
            except ApplicationError as error:
                if "fields" in error.fields:  # the engine names the definition "fields"
                    error.fields = {"fields_json": error.fields["fields"]}
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(
                    request,
                    _("Version %(version)d of the form is published.")
                    % {"version": definition.version},
                )
                return redirect("eservices:definition_edit", code=service.code)
    return render(
        request,
        "eservices/pages/definition_edit.html",
        {"service": service, "current": current, "form": form},
        status=status,
    )
