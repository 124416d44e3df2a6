"""Iranian mobile numbers: every spelling is stored as E.164, +989XXXXXXXXX."""

from __future__ import annotations

import re
from typing import Any, Final

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chatr.core.text import normalize_identifier

# An optional country prefix (+98, 0098 or 98, sometimes followed by the trunk 0 as in
# "+98 (0)912…") or the trunk 0 alone, then the ten national digits. Any 9XXXXXXXXX is
# accepted: operators keep opening new 09xx ranges, and refusing one locks people out.
_MOBILE: Final = re.compile(r"(?:(?:\+|00)?980?|0)?(9[0-9]{9})")
_E164_PREFIX: Final = "+98"


def normalize_mobile(value: str) -> str:
    """Return the stored E.164 form (+989XXXXXXXXX) or raise ValidationError."""
    text = normalize_identifier(value).replace("(", "").replace(")", "")
    match = _MOBILE.fullmatch(text)
    if match is None:
        raise ValidationError(
            _("Enter an Iranian mobile number, for example 0912 345 6789."),
            code="mobile_invalid",
        )
    return _E164_PREFIX + match.group(1)


def is_valid_mobile(value: str) -> bool:
    """Say whether the value is an Iranian mobile number in any accepted spelling."""
    try:
        normalize_mobile(value)
    except ValidationError:
        return False
    return True


def _national_digits(value: str) -> str | None:
    """Return the ten digits after the country code, or None when value is not a mobile."""
    try:
        return normalize_mobile(value)[len(_E164_PREFIX) :]
    except ValidationError:
        return None


def format_mobile(e164: str) -> str:
    """Return the display form "0912 345 6789"; a value that is not a mobile is shown as is."""
    digits = _national_digits(e164)
    if digits is None:
        return e164
    return f"0{digits[:3]} {digits[3:6]} {digits[6:]}"


def mask_mobile(e164: str) -> str:
    """Return "0912***6789" for logs and the console; a value that is not a mobile is hidden."""
    digits = _national_digits(e164)
    if digits is None:
        return "***"
    return f"0{digits[:3]}***{digits[6:]}"


class TelInput(forms.TextInput):
    """A text input of type tel, which brings up the phone keypad."""

    input_type = "tel"


class MobileField(forms.CharField):
    """An Iranian mobile number in any spelling; cleans to E.164."""

    widget = TelInput

    def to_python(self, value: Any) -> str | None:
        """Normalize a non-empty value to E.164."""
        text = super().to_python(value)
        if text is None or text in self.empty_values:
            return text
        return normalize_mobile(text)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        """Ask for the phone keypad, offer the saved number and keep digits left-to-right."""
        attrs: dict[str, Any] = super().widget_attrs(widget)
        attrs.update({"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"})
        return attrs
