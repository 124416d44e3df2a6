"""Iranian national code (کد ملی): check digit, validation, a form field and masking."""

from __future__ import annotations

from typing import Any, Final

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chatr.core.text import normalize_identifier

NATIONAL_CODE_LENGTH: Final = 10
# Old cards were printed without leading zeros and people still type them that way.
_PADDABLE_LENGTHS: Final = frozenset({8, 9})


def national_code_check_digit(first_nine: str) -> int:
    """Return the check digit for the first nine ASCII digits of a national code."""
    if len(first_nine) != NATIONAL_CODE_LENGTH - 1 or not (
        first_nine.isascii() and first_nine.isdigit()
    ):
        raise ValueError("expected exactly nine ASCII digits")
    remainder = sum(int(digit) * (10 - i) for i, digit in enumerate(first_nine)) % 11
    return remainder if remainder < 2 else 11 - remainder


def validate_national_code(value: str) -> str:
    """Return the 10-digit ASCII form of a national code or raise ValidationError."""
    code = normalize_identifier(value)
    if code and not (code.isascii() and code.isdigit()):
        raise ValidationError(
            _("A national code contains only digits."), code="national_code_not_digits"
        )
    if len(code) in _PADDABLE_LENGTHS:
        code = code.zfill(NATIONAL_CODE_LENGTH)
    if len(code) != NATIONAL_CODE_LENGTH:
        raise ValidationError(
            _("A national code has 10 digits; you entered %(count)s."),
            code="national_code_length",
            params={"count": len(code)},
        )
    # 0000000000, 1111111111, ... pass the checksum but are placeholders, never issued.
    if len(set(code)) == 1:
        raise ValidationError(
            _("This national code is not valid: all its digits are the same."),
            code="national_code_repeated",
        )
    if int(code[-1]) != national_code_check_digit(code[:-1]):
        raise ValidationError(
            _("This national code is not valid: its last digit does not match. Please check it."),
            code="national_code_checksum",
        )
    return code


def is_valid_national_code(value: str) -> bool:
    """Say whether the value is a valid national code in any accepted spelling."""
    try:
        validate_national_code(value)
    except ValidationError:
        return False
    return True


def mask_national_code(code: str) -> str:
    """Hide all but the last four digits ("******1234") for lists and logs."""
    code = normalize_identifier(code)
    if len(code) <= 4:
        return "*" * len(code)
    return "*" * (len(code) - 4) + code[-4:]


class NationalCodeField(forms.CharField):
    """A national code typed in any digits and spacing; cleans to the 10-digit ASCII form."""

    def to_python(self, value: Any) -> str | None:
        """Normalize and validate a non-empty value."""
        text = super().to_python(value)
        if text is None or text in self.empty_values:
            return text
        return validate_national_code(text)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        """Ask for a numeric keypad, no autofill and left-to-right digits."""
        attrs: dict[str, Any] = super().widget_attrs(widget)
        attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "dir": "ltr", "spellcheck": "false"}
        )
        return attrs
