"""The citizen's one inbox (every module's requests) and the public "track a code" page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from chatr.audit.middleware import client_ip
from chatr.core.errors import ApplicationError
from chatr.eservices.forms_inbox import TrackForm
from chatr.eservices.selectors_inbox import inbox_page, request_track
from chatr.ui.form_errors import add_error_to_form

citizen_required = login_required(login_url="accounts:citizen_sign_in")


@citizen_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    page, rows = inbox_page(user=request.user, page_number=request.GET.get("page"))
    return render(request, "eservices/pages/inbox.html", {"page": page, "rows": rows})


@require_http_methods(["GET", "HEAD", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Anyone: the code + the mobile given (or a secret) → the module and the public status.
    Nothing personal is shown, and a wrong mobile looks like an unknown code."""
    form = TrackForm(request.POST or None)
    found = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                found = request_track(
                    code=data["code"],
                    mobile=data["mobile"],
                    secret=data["secret"],
                    client_key=client_ip(request) or "",
                )
            except ApplicationError as error:
                add_error_to_form(form, error, field="code")
                status = error.status
            else:
                status = 200
                form = TrackForm()  # the mobile or secret typed is not echoed back
    return render(
        request, "eservices/pages/track.html", {"form": form, "found": found}, status=status
    )
