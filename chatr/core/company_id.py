"""Iranian national company IDs (شناسه ملی اشخاص حقوقی): 11 digits, the last a check digit.

Shared by the modules that record legal entities (NGOs applying for centre licences, parties
to the organization's contracts)."""

from __future__ import annotations

from typing import Final

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chatr.core.text import normalize_identifier

_WEIGHTS: Final = (29, 27, 23, 19, 17)


def company_id_check_digit(first_ten: str) -> int:
    """The check digit: add (tenth digit + 2) to each of the first ten digits, weight them by
    29, 27, 23, 19, 17 in turn, and take the sum modulo 11 (10 counts as 0)."""
    shift = int(first_ten[9]) + 2
    total = sum((int(digit) + shift) * _WEIGHTS[index % 5] for index, digit in enumerate(first_ten))
    return total % 11 % 10


def validate_company_id(value: str) -> str:
    """The 11 ASCII digits of a national company ID, typed in any digits; check digit verified."""
    code = normalize_identifier(value)
    if not (code.isascii() and code.isdigit() and len(code) == 11):
        raise ValidationError(_("A national company ID has 11 digits."), code="company_id_length")
    if len(set(code)) == 1:
        raise ValidationError(
            _("This national company ID is not valid: all its digits are the same."),
            code="company_id_repeated",
        )
    if company_id_check_digit(code[:10]) != int(code[10]):
        raise ValidationError(
            _("This national company ID is not valid: its last digit does not match."),
            code="company_id_checksum",
        )
    return code


def demo_company_id(first_ten: str) -> str:
    """A valid company ID from ten digits (demo data and tests)."""
    return first_ten + str(company_id_check_digit(first_ten))
