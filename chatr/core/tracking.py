"""Tracking codes (کد رهگیری): random digits plus a Verhoeff check digit, one format everywhere."""

from __future__ import annotations

import secrets
from typing import Final

from chatr.core.text import normalize_identifier

TRACKING_CODE_LENGTH: Final = 12
TRACKING_CODE_GROUP: Final = 4

# Verhoeff's tables: multiplication in the dihedral group D5, a position permutation and
# inverses. Unlike a weighted sum mod 10 or 11, this catches every single-digit substitution
# and every transposition of adjacent digits, the two mistakes people make reading codes out.
_D: Final = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P: Final = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_INV: Final = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _verhoeff_checksum(digits: str, *, offset: int) -> int:
    check = 0
    for position, digit in enumerate(reversed(digits), start=offset):
        check = _D[check][_P[position % 8][int(digit)]]
    return check


def verhoeff_check_digit(digits: str) -> str:
    """Return the Verhoeff check digit to append to a non-empty string of ASCII digits."""
    if not _is_ascii_digits(digits):
        raise ValueError("expected ASCII digits")
    return str(_INV[_verhoeff_checksum(digits, offset=1)])


def verhoeff_is_valid(code: str) -> bool:
    """Say whether the ASCII digits end with a correct Verhoeff check digit."""
    return len(code) >= 2 and _is_ascii_digits(code) and _verhoeff_checksum(code, offset=0) == 0


def generate_tracking_code() -> str:
    """Return a new unguessable 12-digit code: 11 random digits (first non-zero) and a check."""
    # The first digit is non-zero so a code survives tools that read it as a number.
    body_length = TRACKING_CODE_LENGTH - 1
    body = str(10 ** (body_length - 1) + secrets.randbelow(9 * 10 ** (body_length - 1)))
    return body + verhoeff_check_digit(body)


def normalize_tracking_code(text: str) -> str:
    """Return a typed tracking code with ASCII digits and no spaces or dashes."""
    return normalize_identifier(text)


def is_well_formed_tracking_code(text: str) -> bool:
    """Say whether the text is a tracking code with a correct check digit (no database access)."""
    code = normalize_tracking_code(text)
    return len(code) == TRACKING_CODE_LENGTH and code[0] != "0" and verhoeff_is_valid(code)


def tracking_code_read_back(code: str) -> list[str]:
    """Split a tracking code into groups of four digits, to be read out one group at a time."""
    code = normalize_tracking_code(code)
    return [code[i : i + TRACKING_CODE_GROUP] for i in range(0, len(code), TRACKING_CODE_GROUP)]


def format_tracking_code(code: str) -> str:
    """Return the display form "1234 5678 9012"."""
    return " ".join(tracking_code_read_back(code))
