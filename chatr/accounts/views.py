"""Sign-in pages and the landing page. Adapters: parse → one service → render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chatr.accounts import selectors, services
from chatr.accounts.forms import CodeForm, MobileForm, StaffSignInForm
from chatr.core.errors import ApplicationError
from chatr.core.phone import format_mobile
from chatr.org.scope import request_scope
from chatr.ui.form_errors import add_error_to_form

# The mobile being verified stays in the session between the two steps, never in a URL.
SESSION_MOBILE = "accounts_sign_in_mobile"


def _next_url(request: HttpRequest, default: str = "accounts:landing") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    from django.urls import reverse

    return reverse(default)


def staff_sign_in(request: HttpRequest) -> HttpResponse:
    form = StaffSignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_sign_in(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
            status = error.status
        else:
            return redirect(_next_url(request))
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "accounts/pages/staff_sign_in.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=status,
    )


def citizen_sign_in(request: HttpRequest) -> HttpResponse:
    """Step 1: the mobile number; sends the code."""
    form = MobileForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        mobile = form.cleaned_data["mobile"]
        try:
            services.otp_request(mobile=mobile)
        except ApplicationError as error:
            # A code sent a moment ago is still good: let the person type it.
            if error.code != "otp_too_soon":
                add_error_to_form(form, error)
                status = error.status
        if status == 200:
            request.session[SESSION_MOBILE] = mobile
            return redirect("accounts:citizen_verify")
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/pages/citizen_sign_in.html", {"form": form}, status=status)


def citizen_verify(request: HttpRequest) -> HttpResponse:
    """Step 2: the code from the SMS."""
    mobile = request.session.get(SESSION_MOBILE)
    if not mobile:
        return redirect("accounts:citizen_sign_in")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.citizen_sign_in(request=request, mobile=mobile, code=form.cleaned_data["code"])
        except (ApplicationError, ValidationError) as error:
            add_error_to_form(form, error, field="code")
            status = getattr(error, "status", 400)
        else:
            request.session.pop(SESSION_MOBILE, None)
            return redirect(_next_url(request))
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "accounts/pages/citizen_verify.html",
        {"form": form, "mobile_display": format_mobile(mobile)},
        status=status,
    )


@require_POST
def citizen_resend(request: HttpRequest) -> HttpResponse:
    mobile = request.session.get(SESSION_MOBILE)
    if not mobile:
        return redirect("accounts:citizen_sign_in")
    from django.contrib import messages

    try:
        services.otp_request(mobile=mobile)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("A new code was sent."))
    return redirect("accounts:citizen_verify")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    services.sign_out(request=request)
    return redirect("ui:home")


# Most people who reach "my account" signed out are citizens: send them to the SMS sign-in.
@login_required(login_url="accounts:citizen_sign_in")
def landing(request: HttpRequest) -> HttpResponse:
    """Staff land on their scoped workspace; citizens on their account page."""
    scope = request_scope(request)
    if request.user.is_staff and scope.is_staff:
        return render(
            request, "accounts/pages/workspace.html", selectors.workspace_summary(scope=scope)
        )
    return render(
        request,
        "accounts/pages/citizen_home.html",
        {"mobile_display": format_mobile(request.user.mobile) if request.user.mobile else ""},
    )
