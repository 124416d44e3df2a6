"""National code: check digit, validation messages, form field and masking."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import assume, given
from hypothesis import strategies as st

from chatr.core.national_code import (
    NationalCodeField,
    is_valid_national_code,
    mask_national_code,
    national_code_check_digit,
    validate_national_code,
)
from chatr.core.text import to_persian_digits

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@st.composite
def valid_codes(draw: st.DrawFn) -> str:
    first_nine = draw(nine_digits)
    code = first_nine + str(national_code_check_digit(first_nine))
    assume(len(set(code)) > 1)
    return code


def _remainder(first_nine: str) -> int:
    return sum(int(digit) * (10 - i) for i, digit in enumerate(first_nine)) % 11


def _error_code(value: str) -> str | None:
    try:
        validate_national_code(value)
    except ValidationError as error:
        return error.code
    return None


# Real-format codes, the same ones other national-code libraries use in their tests.
KNOWN_VALID = ["0499370899", "0790419904", "0084575948", "0963695398", "0684159414", "4271467685"]


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_real_format_codes_are_valid(code: str) -> None:
    assert validate_national_code(code) == code


@given(nine_digits)
def test_nine_digits_with_their_check_digit_form_a_valid_code(first_nine: str) -> None:
    code = first_nine + str(national_code_check_digit(first_nine))
    assert is_valid_national_code(code) == (len(set(code)) > 1)


@given(valid_codes(), st.data())
def test_changing_the_check_digit_is_always_caught(code: str, data: st.DataObject) -> None:
    new_digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != code[9]))
    assert not is_valid_national_code(code[:9] + new_digit)


@given(valid_codes(), st.integers(min_value=0, max_value=8), st.data())
def test_single_digit_substitution_is_caught_unless_remainder_swaps_1_and_10(
    code: str, position: int, data: st.DataObject
) -> None:
    # The official scheme maps remainders 1 and 10 to the same check digit (1), so a change
    # that moves the remainder between them cannot be seen; every other change is caught.
    new_digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != code[position]))
    changed = code[:position] + new_digit + code[position + 1 :]
    blind_spot = {_remainder(code[:9]), _remainder(changed[:9])} == {1, 10}
    assert is_valid_national_code(changed) == (blind_spot and len(set(changed)) > 1)


def test_the_remainder_1_and_10_blind_spot_is_real() -> None:
    assert is_valid_national_code("0000000061")
    assert is_valid_national_code("2000000061")


@given(valid_codes())
def test_persian_and_arabic_indic_digits_are_accepted(code: str) -> None:
    assert validate_national_code(to_persian_digits(code)) == code
    arabic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert validate_national_code(arabic) == code


def test_spaces_and_dashes_are_ignored() -> None:
    assert validate_national_code(" 049-937089 9 ") == "0499370899"
    assert validate_national_code("۰۴۹-۹۳۷۰۸۹-۹") == "0499370899"


@given(valid_codes())
def test_codes_typed_without_leading_zeros_are_padded(code: str) -> None:
    stripped = code.lstrip("0")
    assume(len(stripped) >= 8)
    assert validate_national_code(stripped) == code


@pytest.mark.parametrize("value", ["", "1234567", "04993708990", "12345678901234"])
def test_wrong_length_is_reported_with_the_count(value: str) -> None:
    with pytest.raises(ValidationError) as raised:
        validate_national_code(value)
    assert raised.value.code == "national_code_length"
    with translation.override("en"):
        assert raised.value.messages == [
            f"A national code has 10 digits; you entered {len(value)}."
        ]


@pytest.mark.parametrize("digit", "0123456789")
def test_all_equal_digits_are_refused(digit: str) -> None:
    assert _error_code(digit * 10) == "national_code_repeated"


def test_wrong_check_digit_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValidationError) as raised:
        validate_national_code("0499370898")
    assert raised.value.code == "national_code_checksum"
    with translation.override("en"):
        assert raised.value.messages == [
            "This national code is not valid: its last digit does not match. Please check it."
        ]


def test_letters_are_refused() -> None:
    assert _error_code("04993708a9") == "national_code_not_digits"


def test_check_digit_needs_exactly_nine_ascii_digits() -> None:
    with pytest.raises(ValueError, match="nine"):
        national_code_check_digit("12345678")


def test_mask_keeps_only_the_last_four_digits() -> None:
    assert mask_national_code("0499370899") == "******0899"
    assert mask_national_code("123") == "***"


class PersonForm(forms.Form):
    national_code = NationalCodeField()
    spouse_national_code = NationalCodeField(required=False)


def test_field_cleans_to_the_normalized_code() -> None:
    form = PersonForm(data={"national_code": "۰۴۹۹-۳۷۰۸۹۹", "spouse_national_code": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"national_code": "0499370899", "spouse_national_code": ""}


def test_field_reports_the_validation_error_code() -> None:
    form = PersonForm(data={"national_code": "0499370898"})
    assert not form.is_valid()
    assert form.errors.as_data()["national_code"][0].code == "national_code_checksum"


def test_field_asks_for_a_numeric_left_to_right_input_without_autofill() -> None:
    html = str(PersonForm()["national_code"])
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="off"' in html
    assert 'dir="ltr"' in html
