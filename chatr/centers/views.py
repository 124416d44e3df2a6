"""Directory pages: the public directory, a page per center, the licence-number check, and the
staff pages to register and edit centers and record licences. Adapters only: parse → one
service or selector → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from chatr.audit.middleware import client_ip
from chatr.centers import services
from chatr.centers.choices import EDITABLE_STATUSES, LicenceKind, LicenceStatus
from chatr.centers.forms import (
    CenterForm,
    DirectorySearchForm,
    LicenceCheckForm,
    LicenceForm,
    StaffFilterForm,
)
from chatr.centers.models import Center, Licence
from chatr.centers.selectors import (
    center_get,
    center_get_public,
    center_licences,
    center_list,
    center_list_for_staff,
)
from chatr.centers.selectors import licence_check as licence_check_selector
from chatr.core.errors import ApplicationError
from chatr.core.ratelimit import rate_limit_hit
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope, request_scope
from chatr.ui.form_errors import add_error_to_form
from chatr.ui.htmx import render_page_or_partial

PAGE_SIZE = 20
# Licence checks per connection per ten minutes: plenty for people, a brake on enumeration.
LICENCE_CHECKS_PER_WINDOW = 60
LICENCE_CHECK_WINDOW = 600


def _page(request: HttpRequest, rows: Any) -> tuple[Any, str]:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _with_labels(licences: list[Licence]) -> list[Licence]:
    """Each licence with the status the public sees today and its label, for templates."""
    today = timezone.localdate()
    for licence in licences:
        licence.public_status = licence.status_on(today)  # type: ignore[attr-defined]
        licence.public_status_label = LicenceStatus(licence.public_status).label  # type: ignore[attr-defined]
        licence.in_force = licence.in_force_on(today)  # type: ignore[attr-defined]
    return licences


def _current_activity_licence(licences: list[Licence]) -> Licence | None:
    return next(
        (lic for lic in licences if lic.kind == LicenceKind.ACTIVITY_LICENCE and lic.is_current),
        None,
    )


# ---------------------------------------------------------------- public


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    """Search by province, county, type and name; htmx swaps only the results."""
    form = DirectorySearchForm(request.GET or None)
    page, query = _page(request, center_list(filters=form.filters()))
    return render_page_or_partial(
        request,
        page="centers/pages/directory.html",
        partial="centers/partials/directory_results.html",
        context={"form": form, "page": page, "query": query, "oob": True},
    )


@require_safe
def county_options(request: HttpRequest) -> HttpResponse:
    """The county field for the chosen province (htmx replaces the field with it)."""
    form = DirectorySearchForm({"province": request.GET.get("province", "")})
    return render(request, "centers/partials/county_field.html", {"form": form})


@require_safe
def center_detail(request: HttpRequest, center_id: int) -> HttpResponse:
    center = center_get_public(center_id=center_id)
    licences = _with_labels(list(center_licences(center=center)))
    return render(
        request,
        "centers/pages/center.html",
        {
            "center": center,
            "licences": licences,
            "current_licence": _current_activity_licence(licences),
        },
    )


@require_safe
def licence_check(request: HttpRequest) -> HttpResponse:
    """A GET form: licence numbers are public, and the result can be bookmarked or shared."""
    form = LicenceCheckForm(request.GET if "number" in request.GET else None)
    result = None
    other_language_message = ""
    status = 200
    if form.is_bound:
        status = 400
        limited = rate_limit_hit(
            bucket="centers-licence-check",
            key=client_ip(request) or "unknown",
            limit=LICENCE_CHECKS_PER_WINDOW,
            window_seconds=LICENCE_CHECK_WINDOW,
        )
        if limited:
            form.add_error(None, _("Too many checks from this connection. Wait ten minutes."))
            status = 429
        elif form.is_valid():
            try:
                result = licence_check_selector(number=form.cleaned_data["number"])
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
                # The answer in the other language too: the person may share it with someone
                # who reads the other one.
                fa, en = error.message_fa, error.message_en
                if fa != en:
                    other_language_message = en if translation.get_language() == "fa" else fa
            else:
                status = 200
    return render(
        request,
        "centers/pages/licence_check.html",
        {
            "form": form,
            "result": result,
            "other_language_message": other_language_message,
            "other_language": "en" if translation.get_language() == "fa" else "fa",
        },
        status=status,
    )


# ---------------------------------------------------------------- staff


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    require(scope, Perm.CENTERS_VIEW)
    form = StaffFilterForm(request.GET or None)
    page, query = _page(request, center_list_for_staff(scope=scope, filters=form.filters()))
    return render_page_or_partial(
        request,
        page="centers/pages/manage_list.html",
        partial="centers/partials/manage_table.html",
        context={
            "form": form,
            "page": page,
            "query": query,
            "can_register": scope.has_perm(Perm.CENTERS_EDIT),
        },
    )


@login_required
def manage_detail(request: HttpRequest, center_id: int) -> HttpResponse:
    scope = request_scope(request)
    center = center_get(scope=scope, center_id=center_id)
    licences = _with_labels(list(center_licences(center=center)))
    return render(
        request,
        "centers/pages/manage_detail.html",
        {
            "center": center,
            "licences": licences,
            "current_licence": _current_activity_licence(licences),
            "can_edit": scope.covers_record(center, Perm.CENTERS_EDIT),
        },
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """Register a center; every typed field comes back when the form is refused."""
    scope = request_scope(request)
    require(scope, Perm.CENTERS_EDIT)
    form = CenterForm(request.POST or None, scope=scope)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                center = services.center_register(
                    actor=request.user,
                    scope=scope,
                    county=form.county_unit,
                    data=form.center_data(),
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(request, _("The center was registered."))
                return redirect("centers:manage_detail", center_id=center.pk)
    return render(request, "centers/pages/center_form.html", {"form": form}, status=status)


def _editable_center(request: HttpRequest, center_id: int) -> tuple[Scope, Center]:
    scope = request_scope(request)
    center = center_get(scope=scope, center_id=center_id)
    require(scope, Perm.CENTERS_EDIT, center)
    return scope, center


@login_required
def edit(request: HttpRequest, center_id: int) -> HttpResponse:
    scope, center = _editable_center(request, center_id)
    status_editable = center.status in EDITABLE_STATUSES
    form = CenterForm(
        request.POST or None,
        scope=scope,
        editing=True,
        status_editable=status_editable,
        initial=CenterForm.initial_for(center),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.center_update(
                    actor=request.user,
                    scope=scope,
                    center=center,
                    data=form.center_data(),
                    status=form.cleaned_data.get("status") if status_editable else None,
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(request, _("The center's details were saved."))
                return redirect("centers:manage_detail", center_id=center.pk)
    return render(
        request,
        "centers/pages/center_form.html",
        {"form": form, "center": center},
        status=status,
    )


@login_required
def licence_new(request: HttpRequest, center_id: int) -> HttpResponse:
    """Record a licence the licensing procedure granted (a renewal renews the current one)."""
    scope, center = _editable_center(request, center_id)
    form = LicenceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.licence_issue(
                    actor=request.user, scope=scope, center=center, data=form.licence_data()
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(request, _("The licence was recorded."))
                return redirect("centers:manage_detail", center_id=center.pk)
    return render(
        request,
        "centers/pages/licence_form.html",
        {"form": form, "center": center},
        status=status,
    )
