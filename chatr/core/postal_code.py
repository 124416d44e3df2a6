"""Iranian 10-digit postal codes (کد پستی)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chatr.core.text import normalize_identifier

# Ten digits; the first four come from 1,3–9 (no 0 or 2) and are not all the same, the fifth
# is never 0, 2 or 5, and the last five contain no 2. This is the published numbering scheme.
_PATTERN = re.compile(r"^(?!(\d)\1{3})[13-9]{4}[1346-9][013-9]{5}$")


def validate_postal_code(value: str) -> str:
    """Return the normalized code, or raise ValidationError with a clear message."""
    code = normalize_identifier(value)
    if len(code) != 10 or not code.isdigit():
        raise ValidationError(_("A postal code has 10 digits."), code="postal_code_length")
    if not _PATTERN.match(code):
        raise ValidationError(
            _("This postal code is not valid. Check it on your bill or your address card."),
            code="postal_code_invalid",
        )
    return code


def is_valid_postal_code(value: str) -> bool:
    try:
        validate_postal_code(value)
    except ValidationError:
        return False
    return True
