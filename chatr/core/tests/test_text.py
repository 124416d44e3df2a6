"""Persian text normalization: examples and properties."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from chatr.core.text import (
    ZWNJ,
    format_number,
    language_is_persian,
    localize_digits,
    normalize_identifier,
    normalize_persian,
    search_key,
    to_ascii_digits,
    to_persian_digits,
)

PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
ARABIC_LOOKALIKES = "يىكـ"
DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670"
NON_ASCII_DIGITS = "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
INVISIBLES = "\u200b\u200c\u200d\u200e\u200f\ufeff"
SPACES = " \t\n\r\u00a0\u2009\u3000"
INTERESTING = (
    PERSIAN_LETTERS + ARABIC_LOOKALIKES + DIACRITICS + NON_ASCII_DIGITS + INVISIBLES + SPACES
)

# Mostly the characters normalization cares about, with arbitrary Unicode mixed in.
texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(INTERESTING),
        st.characters(),
    )
)
persian_words = st.text(alphabet=PERSIAN_LETTERS, min_size=1, max_size=8)


# Digits


def test_persian_and_arabic_indic_digits_become_ascii() -> None:
    assert to_ascii_digits("۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩") == "0123456789 0123456789"


def test_ascii_digits_become_persian() -> None:
    assert to_persian_digits("کد 2026-11") == "کد ۲۰۲۶-۱۱"


@given(st.text(alphabet="0123456789"))
def test_ascii_digits_survive_a_round_trip_through_persian(digits: str) -> None:
    assert to_ascii_digits(to_persian_digits(digits)) == digits


@given(texts)
def test_only_digits_change_when_converting_to_ascii(text: str) -> None:
    converted = to_ascii_digits(text)
    assert len(converted) == len(text)
    assert not any(char in NON_ASCII_DIGITS for char in converted)
    assert to_ascii_digits(to_persian_digits(text)) == converted


# normalize_persian


def test_arabic_yeh_and_kaf_become_persian() -> None:
    assert normalize_persian("علي مصطفى كريمي") == "علی مصطفی کریمی"


def test_tatweel_zero_width_space_and_bom_are_removed() -> None:
    assert normalize_persian("\ufeffسـلام\u200bدنیا") == "سلامدنیا"


def test_zwnj_inside_a_word_is_kept() -> None:
    assert normalize_persian("می\u200cروم") == "می\u200cروم"


def test_repeated_zwnj_collapses_and_zwnj_next_to_spaces_or_ends_is_dropped() -> None:
    assert normalize_persian("\u200cمی\u200c\u200c\u200cروم \u200cبه\u200c خانه\u200c") == (
        "می\u200cروم به خانه"
    )


def test_whitespace_runs_collapse_to_one_space_and_ends_are_stripped() -> None:
    assert normalize_persian("  سلام\t\n\u00a0 دنیا  ") == "سلام دنیا"


def test_digits_in_free_text_are_kept_as_typed() -> None:
    assert normalize_persian("پلاک ۱۲ و 34") == "پلاک ۱۲ و 34"


@given(texts)
def test_normalize_persian_is_idempotent(text: str) -> None:
    once = normalize_persian(text)
    assert normalize_persian(once) == once


@given(texts)
def test_normalize_persian_never_makes_text_longer(text: str) -> None:
    assert len(normalize_persian(text)) <= len(text)


@given(texts)
def test_no_arabic_lookalikes_or_removed_marks_remain(text: str) -> None:
    normalized = normalize_persian(text)
    assert not set(normalized) & set("\u064a\u0649\u0643\u0640\u200b\ufeff")


@given(texts)
def test_spacing_is_single_spaces_with_no_stray_zwnj(text: str) -> None:
    normalized = normalize_persian(text)
    assert all(char == " " or not char.isspace() for char in normalized)
    assert "  " not in normalized
    assert ZWNJ * 2 not in normalized
    assert f" {ZWNJ}" not in normalized
    assert f"{ZWNJ} " not in normalized
    assert normalized == normalized.strip(" " + ZWNJ)


@given(st.lists(persian_words, min_size=2, max_size=5))
def test_zwnj_between_letters_is_always_kept(words: list[str]) -> None:
    word = ZWNJ.join(words)
    assert normalize_persian(word) == word


# normalize_identifier


def test_identifier_loses_separators_and_gets_ascii_digits() -> None:
    assert normalize_identifier(" ۰۰۱-۲۳۴ ۵۶.۷_۸ ") == "0012345678"


def test_identifier_loses_bidi_marks_copied_from_right_to_left_text() -> None:
    assert normalize_identifier("\u200f0912\u200e345\u20666789\u2069") == "09123456789"


@given(texts)
def test_identifier_has_no_spaces_dashes_dots_or_underscores(text: str) -> None:
    identifier = normalize_identifier(text)
    assert not any(char.isspace() or char in "-._" for char in identifier)
    assert normalize_identifier(identifier) == identifier


# search_key


def test_arabic_and_persian_spellings_share_a_search_key() -> None:
    assert search_key("مهدي") == search_key("مهدی")
    assert search_key("كريم") == search_key("کریم")


def test_search_key_ignores_diacritics_case_and_digit_script() -> None:
    assert search_key("مُحَمَّد") == search_key("محمد")
    assert search_key("Tehran ۱۴۰۵") == search_key("TEHRAN 1405") == "tehran 1405"


def test_search_key_treats_zwnj_as_a_word_break() -> None:
    assert search_key("می\u200cروم") == "می روم"


@given(texts)
def test_search_key_is_idempotent(text: str) -> None:
    key = search_key(text)
    assert search_key(key) == key


@given(texts)
def test_search_key_has_no_diacritics_zwnj_or_non_ascii_digits(text: str) -> None:
    key = search_key(text)
    assert not set(key) & set(DIACRITICS + ZWNJ + NON_ASCII_DIGITS)


@given(st.text(alphabet=PERSIAN_LETTERS + " " + ZWNJ))
def test_arabic_lookalike_spelling_never_changes_the_search_key(text: str) -> None:
    arabic = text.replace("ی", "ي").replace("ک", "ك")
    assert search_key(arabic) == search_key(text)


# Localized output


def test_persian_language_detection_covers_regional_variants() -> None:
    assert language_is_persian("fa")
    assert language_is_persian("fa-IR")
    assert not language_is_persian("en")
    assert not language_is_persian("en-us")


def test_digits_are_localized_only_in_persian() -> None:
    assert localize_digits("12", language="fa") == "۱۲"
    assert localize_digits("12", language="en") == "12"


def test_numbers_group_thousands_per_language() -> None:
    assert format_number(1234567, language="fa") == "۱٬۲۳۴٬۵۶۷"
    assert format_number(1234567, language="en") == "1,234,567"
    assert format_number(Decimal("1234.5"), language="fa") == "۱٬۲۳۴٫۵"
    assert format_number(-12, language="en") == "-12"
