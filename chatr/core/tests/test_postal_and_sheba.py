"""Postal codes and Sheba numbers: property tests of the validators."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from chatr.core.postal_code import is_valid_postal_code
from chatr.core.sheba import is_valid_sheba, sheba_check_digits, validate_sheba
from chatr.core.text import to_persian_digits

bbans = st.text(alphabet="0123456789", min_size=22, max_size=22)


@given(bbans)
def test_a_sheba_with_computed_check_digits_is_valid_in_any_spelling(bban: str) -> None:
    sheba = "IR" + sheba_check_digits(bban) + bban
    assert validate_sheba(sheba) == sheba
    assert validate_sheba(to_persian_digits(sheba[2:])) == sheba
    spaced = " ".join(sheba[i : i + 4] for i in range(0, 26, 4))
    assert validate_sheba(spaced.lower()) == sheba


@given(bbans, st.integers(min_value=0, max_value=23), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_of_a_sheba_is_caught(bban: str, position: int, shift: int) -> None:
    sheba = "IR" + sheba_check_digits(bban) + bban
    digits = list(sheba[2:])
    digits[position] = str((int(digits[position]) + shift) % 10)
    assert not is_valid_sheba("IR" + "".join(digits))


def test_known_sheba_examples() -> None:
    assert is_valid_sheba("IR820540102680020817909002")
    with pytest.raises(ValidationError) as error:
        validate_sheba("IR82054010268002081790900")
    assert error.value.code == "sheba_length"


@pytest.mark.parametrize("code", ["1193653457", "۱۱۹۳۶-۵۳۴۵۷", "7134845691"])
def test_valid_postal_codes_in_any_spelling(code: str) -> None:
    assert is_valid_postal_code(code)


@pytest.mark.parametrize("code", ["0193653457", "1111153457", "11936534", "1193253457"])
def test_invalid_postal_codes_are_refused(code: str) -> None:
    assert not is_valid_postal_code(code)
