"""Iranian bank account numbers (شبا): IR + 24 digits with the ISO 13616 mod-97 check."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chatr.core.text import normalize_identifier


def sheba_check_digits(bban: str) -> str:
    """The two check digits for a 22-digit Iranian BBAN (bank code + account)."""
    numeric = bban + "1827" + "00"  # I=18, R=27, then "00" as placeholder check digits
    return f"{98 - int(numeric) % 97:02d}"


def validate_sheba(value: str) -> str:
    """Return "IR" + 24 digits, or raise ValidationError saying what is wrong."""
    text = normalize_identifier(value).upper()
    if not text.startswith("IR"):
        text = "IR" + text
    digits = text[2:]
    if len(digits) != 24 or not digits.isdigit():
        raise ValidationError(_("A Sheba number is IR followed by 24 digits."), code="sheba_length")
    rearranged = digits[2:] + "1827" + digits[:2]
    if int(rearranged) % 97 != 1:
        raise ValidationError(
            _("This Sheba number is not valid: a digit is probably mistyped."),
            code="sheba_checksum",
        )
    return text


def is_valid_sheba(value: str) -> bool:
    try:
        validate_sheba(value)
    except ValidationError:
        return False
    return True
