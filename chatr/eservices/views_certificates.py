"""Certificates: the PDF for its holder and for the unit, revoking one, and the public check
by verification code (typed, or opened from the QR code). Adapters only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from chatr.audit.middleware import client_ip
from chatr.core.errors import ApplicationError, NotFoundError
from chatr.eservices.certificate_pdf import certificate_pdf
from chatr.eservices.forms_certificates import RevokeForm, VerifyForm
from chatr.eservices.models import Certificate
from chatr.eservices.selectors import my_request_get, request_get
from chatr.eservices.selectors_certificates import (
    certificate_content,
    certificate_for_staff,
    certificate_of_request,
    certificate_verify,
)
from chatr.eservices.services_certificates import certificate_revoke, certificate_view_record
from chatr.eservices.views import STAFF_REQUEST_PAGE, citizen_required, staff_request_context
from chatr.org.scope import request_scope
from chatr.ui.actions import record_form_action
from chatr.ui.form_errors import add_error_to_form


def _pdf(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    verify_url = request.build_absolute_uri(reverse("verify_code", args=[certificate.code]))
    body = certificate_pdf(
        content=certificate_content(certificate, verify_url=verify_url),
        created_at=certificate.issued_at,
    )
    response = HttpResponse(body, content_type="application/pdf")
    # The file is named by the certificate's code, never by the holder.
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@citizen_required
@require_safe
def my_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """The holder downloads the certificate of their approved request."""
    certificate = certificate_of_request(my_request_get(user=request.user, code=code))
    # A revoked certificate is not handed out again as if it were valid (the unit keeps its copy).
    if certificate is None or not certificate.is_valid:
        raise NotFoundError()
    return _pdf(request, certificate)


@login_required
@require_safe
def staff_certificate(request: HttpRequest, request_id: int) -> HttpResponse:
    """The unit's copy; a certificate states a national code and coverage, so the read is
    recorded."""
    service_request = request_get(scope=request_scope(request), request_id=request_id)
    certificate = certificate_for_staff(service_request)
    certificate_view_record(actor=request.user, certificate=certificate)
    return _pdf(request, certificate)


@login_required
@require_POST
def staff_certificate_revoke(request: HttpRequest, request_id: int) -> HttpResponse:
    scope = request_scope(request)
    service_request = request_get(scope=scope, request_id=request_id)
    return record_form_action(
        request,
        form=RevokeForm(request.POST, prefix="revoke"),
        act=lambda data: certificate_revoke(
            actor=request.user,
            scope=scope,
            certificate=certificate_for_staff(service_request),
            reason=data["reason"],
        ),
        success_url=reverse("eservices:staff_request", args=[service_request.pk]),
        template=STAFF_REQUEST_PAGE,
        context=lambda: staff_request_context(service_request),
        form_key="revoke_form",
        success_message=_("The certificate was revoked; its check page now says so."),
    )


@require_http_methods(["GET", "HEAD"])
def verify(request: HttpRequest, code: str = "") -> HttpResponse:
    """Anyone: is the certificate with this code genuine and still valid? The form sends the
    code by GET, like the address in the QR code: it is the certificate's, not a person's."""
    code = code or request.GET.get("code", "")
    form = VerifyForm({"code": code} if code else None)
    found = None
    status = 200
    if code and form.is_valid():
        try:
            found = certificate_verify(
                code=form.cleaned_data["code"], client_key=client_ip(request) or ""
            )
        except ApplicationError as error:
            # A refusal about the code marks the field; too many lookups is about no field.
            add_error_to_form(form, error, field="code")
            status = error.status
    elif code:
        status = 400
    return render(
        request, "eservices/pages/verify.html", {"form": form, "found": found}, status=status
    )
