"""Writers of certificates: issuing one when a request is approved, revoking it, and the
audit trace of the unit reading it.

Kept apart from services.py, which carries out approvals (services → approval → here): the
approval action issues the certificate, so this module must not import services.py."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction
from chatr.audit.services import audit_record, audit_sensitive_view
from chatr.core.errors import ApplicationError, required_text
from chatr.core.services import tracking_code_issue
from chatr.eservices.models import Certificate, ServiceRequest
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope

CERTIFICATE_NAMESPACE = "eservices.certificate"


@transaction.atomic
def certificate_issue(
    *,
    request: ServiceRequest,
    title: str,
    statement: str,
    facts: list[list[str]],
    holder_name: str,
) -> Certificate:
    """Issue the certificate of a request being approved: its content frozen as given (in
    Persian, formatted by the caller), a verification code of its own, the request's unit as
    the issuer.

    Permission is the caller's business: the approval (eservices.approval, inside
    service_request_approve's transaction) checked ESERVICES_HANDLE over the request, and its
    state event is the issue's audit trace."""
    return Certificate.objects.create(
        code=tracking_code_issue(namespace=CERTIFICATE_NAMESPACE),
        request=request,
        title=title,
        statement=statement,
        facts=facts,
        holder_name=holder_name,
        issuing_unit=request.org_unit,
        issued_at=timezone.now(),
    )


@transaction.atomic
def certificate_revoke(
    *, actor: Any, scope: Scope, certificate: Certificate, reason: str
) -> Certificate:
    """Revoke an issued certificate (issued in error, facts changed): its verification page
    says so from now on, with the date. The reason stays internal."""
    require(scope, Perm.ESERVICES_HANDLE, certificate.request)
    text = required_text(
        reason,
        code="reason_required",
        field="reason",
        message=_("Give the reason for revoking the certificate."),
    )
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ApplicationError(
            "already_revoked", _("This certificate is already revoked."), status=409
        )
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = text
    certificate.save(update_fields=["revoked_at", "revoke_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.STATE,
        target=certificate.request,
        changes={"certificate": "revoked"},
    )
    return certificate


def certificate_view_record(*, actor: Any, certificate: Certificate) -> None:
    """Audit a staff read of a certificate (it states a national code and coverage) as a
    view of its request, under the request's unit."""
    audit_sensitive_view(
        actor=actor, target=certificate.request, changes={"certificate": "downloaded"}
    )
