"""Readers of certificates: the holder's own, the unit's, and the public check by code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from chatr.cases.public import TRACK_LIMIT, TRACK_WINDOW_SECONDS
from chatr.core.errors import ApplicationError, NotFoundError
from chatr.core.jalali import format_date, to_local
from chatr.core.ratelimit import rate_limit_hit
from chatr.core.tracking import format_tracking_code, is_well_formed_tracking_code
from chatr.core.tracking import normalize_tracking_code as normalize_code
from chatr.eservices.certificate_pdf import CertificateContent
from chatr.eservices.models import Certificate, ServiceRequest


@dataclass(frozen=True)
class CertificateCheck:
    """What anyone holding a certificate may confirm by its code: enough to match the paper
    against, not enough to learn about a stranger (the holder's name is shortened)."""

    code: str
    title: str
    holder: str
    issued_at: datetime
    issuing_unit: str
    revoked_at: datetime | None

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


def holder_shortened(name: str) -> str:
    """ "مریم رضایی" → "مریم ر…": the first name whole, the initial of every other word."""
    words = name.split()
    if not words:
        return ""
    return " ".join([words[0], *(f"{word[0]}…" for word in words[1:])])


def certificate_of_request(request: ServiceRequest) -> Certificate | None:
    """The certificate issued on approving this request, if any."""
    try:
        certificate: Certificate = request.certificate
    except Certificate.DoesNotExist:
        return None
    return certificate


def certificate_verify(*, code: str, client_key: str) -> CertificateCheck:
    """Check a certificate's verification code (typed, or read from its QR code). Rate-limited
    per connection like the tracking page; a mistyped code is refused before any query."""
    if rate_limit_hit(
        bucket="certificate-verify-ip",
        key=client_key or "unknown",
        limit=TRACK_LIMIT,
        window_seconds=TRACK_WINDOW_SECONDS,
    ):
        raise ApplicationError(
            "rate_limited",
            _("Too many lookups from this connection. Wait ten minutes."),
            status=429,
        )
    normalized = normalize_code(code or "")
    if not is_well_formed_tracking_code(normalized):
        raise ApplicationError(
            "code_malformed",
            _(
                "A verification code has 12 digits, printed under the QR code. Check the "
                "digits you typed."
            ),
            status=400,
        )
    certificate = Certificate.objects.select_related("issuing_unit").filter(code=normalized).first()
    if certificate is None:
        raise ApplicationError(
            "certificate_not_found",
            _("No certificate has this verification code. The paper may not be genuine."),
            status=404,
        )
    return CertificateCheck(
        code=certificate.code,
        title=certificate.title,
        holder=holder_shortened(certificate.holder_name),
        issued_at=certificate.issued_at,
        issuing_unit=certificate.issuing_unit.name_fa,
        revoked_at=certificate.revoked_at,
    )


def certificate_content(certificate: Certificate, *, verify_url: str) -> CertificateContent:
    """What the PDF prints, from the frozen certificate (the same bytes every download)."""
    request = certificate.request
    return CertificateContent(
        code=format_tracking_code(certificate.code),
        title=certificate.title,
        statement=certificate.statement,
        facts=[(str(label), str(value)) for label, value in certificate.facts],
        issued_on=format_date(to_local(certificate.issued_at), language="fa", style="long"),
        issuing_unit=certificate.issuing_unit.name_fa,
        tracking_code=format_tracking_code(request.case.tracking_code),
        verify_url=verify_url,
    )


def certificate_for_staff(request: ServiceRequest) -> Certificate:
    certificate = certificate_of_request(request)
    if certificate is None:
        raise NotFoundError()
    return certificate
