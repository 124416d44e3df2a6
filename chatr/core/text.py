"""Persian text normalization: the one place where digits, letters and spacing are made uniform."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from django.utils.translation import get_language

PERSIAN_DIGITS: Final = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS: Final = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS: Final = "0123456789"

ZWNJ: Final = "\u200c"

_TO_ASCII_DIGITS: Final = str.maketrans(
    PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, ASCII_DIGITS + ASCII_DIGITS
)
_TO_PERSIAN_DIGITS: Final = str.maketrans(ASCII_DIGITS, PERSIAN_DIGITS)

# Arabic keyboards and old systems produce these look-alikes; Persian search and uniqueness
# break unless one spelling is stored. Tatweel, zero-width space and BOM carry no meaning.
_PERSIAN_LETTERS: Final = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh -> Persian yeh
        "\u0649": "\u06cc",  # Alef maksura -> Persian yeh
        "\u0643": "\u06a9",  # Arabic kaf -> Persian keheh
        "\u0640": None,  # tatweel
        "\u200b": None,  # zero-width space
        "\ufeff": None,  # BOM / zero-width no-break space
    }
)
# A run of whitespace, with any ZWNJ glued to it, becomes one space: a ZWNJ only means
# something between two letters of one word.
_SPACE_RUN: Final = re.compile(r"[\s\u200c]*\s[\s\u200c]*")
_ZWNJ_RUN: Final = re.compile("\u200c{2,}")

# Harakat (fathatan .. sukun) and superscript alef: optional vowel marks, ignored by search.
_DIACRITICS: Final = re.compile("[\u064b-\u0652\u0670]")

# Invisible marks that copying a number out of right-to-left text drags along (LRM/RLM,
# bidi embeddings and isolates, ZWJ/ZWNJ, BOM), plus the separators people type in codes.
_IDENTIFIER_NOISE: Final = re.compile(
    "[\\s\\-_.\u2010-\u2015\u2212\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)

_PERSIAN_THOUSANDS_SEPARATOR: Final = "\u066c"
_PERSIAN_DECIMAL_SEPARATOR: Final = "\u066b"


def to_ascii_digits(text: str) -> str:
    """Replace Persian and Arabic-Indic digits by ASCII 0-9."""
    return text.translate(_TO_ASCII_DIGITS)


def to_persian_digits(text: str) -> str:
    """Replace ASCII digits by Persian digits (۰-۹)."""
    return text.translate(_TO_PERSIAN_DIGITS)


def normalize_persian(text: str) -> str:
    """Return the storage form of free Persian text; digits are kept as typed."""
    text = text.translate(_PERSIAN_LETTERS)
    text = _SPACE_RUN.sub(" ", text)
    text = _ZWNJ_RUN.sub(ZWNJ, text)
    return text.strip(" " + ZWNJ)


def normalize_identifier(text: str) -> str:
    """Return a code typed by a person with ASCII digits and no separators or invisible marks."""
    return _IDENTIFIER_NOISE.sub("", to_ascii_digits(text))


def search_key(text: str) -> str:
    """Return the form of text used both to index and to query, so «مهدي» matches «مهدی»."""
    # Diacritics go first: removing one that sat between two spaces must not leave a double
    # space behind, or search_key would not be idempotent.
    text = normalize_persian(_DIACRITICS.sub("", text))
    return to_ascii_digits(text).casefold().replace(ZWNJ, " ")


def language_is_persian(language: str | None = None) -> bool:
    """Say whether the language (default: the active one) is Persian."""
    language = language or get_language() or ""
    return language.lower().split("-")[0] == "fa"


def localize_digits(text: str, *, language: str | None = None) -> str:
    """Show digits as Persian digits in a Persian UI and leave them unchanged otherwise."""
    return to_persian_digits(text) if language_is_persian(language) else text


def format_number(value: int | Decimal | float, *, language: str | None = None) -> str:
    """Group thousands ("12,345"; "۱۲٬۳۴۵" in Persian) and localize the digits."""
    text = f"{value:,}"
    if not language_is_persian(language):
        return text
    text = text.replace(",", _PERSIAN_THOUSANDS_SEPARATOR).replace(".", _PERSIAN_DECIMAL_SEPARATOR)
    return to_persian_digits(text)
