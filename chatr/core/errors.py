"""The one error type services raise, rendered the same way by pages and the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.functional import Promise, lazy


def _interpolate(message: str | Promise, params: Mapping[str, Any]) -> str:
    return str(message) % dict(params)


_lazy_interpolate = lazy(_interpolate, str)


def lazy_message(message: str | Promise, **params: Any) -> Any:
    """A translated message with %(name)s parameters, still rendered in whichever language
    is active when it is shown (so errors can be given in both Persian and English)."""
    return _lazy_interpolate(message, params)


def in_both_languages(message: str | Promise) -> tuple[str, str]:
    """Render a (lazily) translated message in Persian and in English."""
    with translation.override("fa"):
        fa = str(message)
    with translation.override("en"):
        en = str(message)
    return fa, en


class ApplicationError(Exception):
    """A refusal a person can act on: a machine code plus a message in Persian and English.

    `message` is a gettext_lazy string (English msgid, Persian in the catalogue) so both
    languages come from one place. `fields` maps form/API field names to their own messages.
    """

    status = 400

    def __init__(
        self,
        code: str,
        message: str | Promise,
        *,
        fields: Mapping[str, str | Promise] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.fields = dict(fields or {})
        if status is not None:
            self.status = status

    @property
    def message_fa(self) -> str:
        return in_both_languages(self.message)[0]

    @property
    def message_en(self) -> str:
        return in_both_languages(self.message)[1]

    def as_dict(self) -> dict[str, Any]:
        fa, en = in_both_languages(self.message)
        fields: dict[str, dict[str, str]] = {}
        for name, text in self.fields.items():
            field_fa, field_en = in_both_languages(text)
            fields[name] = {"message_fa": field_fa, "message_en": field_en}
        return {"code": self.code, "message_fa": fa, "message_en": en, "fields": fields}

    def __str__(self) -> str:
        return f"{self.code}: {self.message_en}"


class NotFoundError(ApplicationError):
    """Missing and out of scope look the same to the caller."""

    status = 404

    def __init__(self) -> None:
        from django.utils.translation import gettext_lazy as _

        super().__init__("not_found", _("The record was not found."))


class PermissionDeniedError(ApplicationError):
    """The actor may see the record but may not do this to it."""

    status = 403

    def __init__(self, message: str | Promise | None = None) -> None:
        from django.utils.translation import gettext_lazy as _

        super().__init__("forbidden", message or _("You are not allowed to do this."))


def required_text(
    text: str | None,
    *,
    code: str,
    field: str,
    message: str | Promise,
    max_length: int | None = 2000,
) -> str:
    """The text a person must give (a reason, an answer), trimmed and cut at `max_length`
    (None: kept whole); blank is refused with `message`, attached to `field`."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise ApplicationError(code, message, fields={field: message})
    return cleaned if max_length is None else cleaned[:max_length]
