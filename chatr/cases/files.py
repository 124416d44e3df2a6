"""Upload checks by content, not by name: only images and PDF, within a size limit."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from chatr.core.errors import ApplicationError, lazy_message

# Magic numbers of the accepted types.
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"%PDF-", 0, "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
)
_EXTENSION = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
}


def sniff_content_type(head: bytes) -> str | None:
    """The type the first bytes show, or None for anything we do not accept."""
    for signature, offset, content_type in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def max_upload_bytes() -> int:
    return int(getattr(settings, "CHATR_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))


def check_upload(upload: UploadedFile) -> str:
    """Return the content type of an acceptable upload, or refuse it with a clear message."""
    name = upload.name or "file"
    if upload.size is not None and upload.size > max_upload_bytes():
        raise ApplicationError(
            "attachment_too_large",
            lazy_message(
                _("“%(name)s” is larger than %(mb)d MB. Attach a smaller file."),
                name=name,
                mb=max_upload_bytes() // (1024 * 1024),
            ),
            fields={"attachments": _("A file is too large.")},
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ApplicationError(
            "attachment_type",
            lazy_message(
                _(
                    "“%(name)s” is not an image or a PDF. Only JPEG, PNG, GIF, WebP "
                    "and PDF files can be attached."
                ),
                name=name,
            ),
            fields={"attachments": _("Only images and PDF files can be attached.")},
        )
    return content_type


def safe_name(content_type: str) -> str:
    """Stored files get a neutral name: the person's file name may hold personal data."""
    return f"attachment.{_EXTENSION[content_type]}"
