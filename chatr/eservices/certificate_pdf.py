"""The certificate PDF: what a citizen downloads and a third party verifies by its QR code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chatr.core.pdf import PersianDocument

# A certificate is a Persian document whatever the reader's language: its fixed wording is
# rendered in Persian (below), from the catalogue like every other string.
TRACKING_CODE_LABEL: Final = _("Request tracking code")
ISSUED_ON_LABEL: Final = _("Issued on")
ISSUING_UNIT_LABEL: Final = _("Issued by")
VERIFY_CAPTION: Final = _(
    "To check that this certificate is genuine, scan the QR code or open the address below"
)
ORGANIZATION: Final = _("State Welfare Organization of Iran")

# Height reserved at the bottom of the page for the verification block (QR code and lines).
_VERIFICATION_BLOCK_MM: Final = 38.0


@dataclass(frozen=True)
class CertificateContent:
    """Everything printed on a certificate, already formatted for display (Persian digits)."""

    code: str  # verification code, e.g. "K7QM-4XPA-9RTD" (ASCII letters and digits)
    title: str  # e.g. "گواهی پوشش بهزیستی"
    statement: str  # the certifying sentence, built by the caller
    facts: list[tuple[str, str]]  # (label, value) rows, e.g. ("کد ملی", "۰۰۸۴۵۷۱۲۳۴")
    issued_on: str  # Jalali date already formatted, e.g. "۱۴۰۵/۰۹/۱۲"
    issuing_unit: str  # e.g. "اداره کل بهزیستی استان زنجان"
    tracking_code: str  # the request's tracking code (ASCII digits and letters)
    verify_url: str  # absolute URL the QR code encodes
    organization: str | Promise = ORGANIZATION


def certificate_pdf(*, content: CertificateContent, created_at: datetime | None = None) -> bytes:
    """Render a certificate as an A4 PDF, right to left, with a QR code that verifies it.

    created_at goes into the file's metadata; pass the certificate's issue time so that
    downloading it again gives the same bytes (default: now).
    """
    with translation.override("fa"):
        document = PersianDocument(
            title=content.title,
            subject=content.code,
            author=content.issuing_unit,
            created_at=created_at or timezone.now(),
        )
        document.heading(text=str(content.organization), level=2)
        document.heading(text=content.title, level=1)
        document.rule()
        document.spacer(height_mm=3.0)
        document.paragraph(text=content.statement)
        document.spacer(height_mm=2.0)
        document.facts(rows=[*content.facts, (str(TRACKING_CODE_LABEL), content.tracking_code)])
        document.paragraph(text=f"{ISSUED_ON_LABEL}: {content.issued_on}")
        document.paragraph(text=f"{ISSUING_UNIT_LABEL}: {content.issuing_unit}")
        document.push_to_bottom(height_mm=_VERIFICATION_BLOCK_MM)
        document.rule()
        document.qr_block(
            data=content.verify_url,
            caption=str(VERIFY_CAPTION),
            ltr_lines=[content.verify_url, content.code],
        )
    return document.to_bytes()
