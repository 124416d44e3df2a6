"""Mobile numbers: every accepted spelling gives one stored form."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from chatr.core.phone import (
    MobileField,
    format_mobile,
    is_valid_mobile,
    mask_mobile,
    normalize_mobile,
)

national_numbers = st.text(alphabet="0123456789", min_size=9, max_size=9).map(lambda s: "9" + s)
prefixes = st.sampled_from(["0", "", "+98", "0098", "98", "+98 (0)", "+98 0", "(+98) "])
separators = st.sampled_from(["", "", "", " ", "-", " - ", "\u200e"])
digit_scripts = st.sampled_from(["0123456789", "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"])


@st.composite
def spellings(draw: st.DrawFn, national: str) -> str:
    """One way a person might type the mobile number with these ten national digits."""
    script = draw(digit_scripts)
    digits = national.translate(str.maketrans("0123456789", script))
    body = "".join(digit + draw(separators) for digit in digits).rstrip()
    return draw(prefixes) + draw(separators) + body


@given(national_numbers, st.data())
def test_every_accepted_spelling_gives_the_same_stored_form(
    national: str, data: st.DataObject
) -> None:
    first = data.draw(spellings(national))
    second = data.draw(spellings(national))
    assert normalize_mobile(first) == normalize_mobile(second) == "+98" + national


@given(national_numbers)
def test_display_form_reads_back_as_the_stored_form(national: str) -> None:
    e164 = "+98" + national
    shown = format_mobile(e164)
    assert shown == f"0{national[:3]} {national[3:6]} {national[6:]}"
    assert normalize_mobile(shown) == e164


@given(national_numbers)
def test_stored_form_is_a_fixed_point(national: str) -> None:
    e164 = normalize_mobile("0" + national)
    assert normalize_mobile(e164) == e164


@pytest.mark.parametrize(
    "value",
    [
        "09123456789",
        "9123456789",
        "+989123456789",
        "00989123456789",
        "989123456789",
        "0912 345 6789",
        "(0912) 345-6789",
        "+98 (0)912 345 6789",
        "۰۹۱۲۳۴۵۶۷۸۹",
        "٠٩١٢٣٤٥٦٧٨٩",
    ],
)
def test_common_spellings_are_accepted(value: str) -> None:
    assert normalize_mobile(value) == "+989123456789"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "02112345678",  # Tehran landline
        "+98 21 1234 5678",
        "0912345678",  # one digit short
        "091234567890",  # one digit long
        "+1 912 345 6789",
        "0912-abc-6789",
        "08123456789",
    ],
)
def test_landlines_short_long_and_foreign_numbers_are_refused(value: str) -> None:
    with pytest.raises(ValidationError) as raised:
        normalize_mobile(value)
    assert raised.value.code == "mobile_invalid"
    with translation.override("en"):
        assert raised.value.messages == [
            "Enter an Iranian mobile number, for example 0912 345 6789."
        ]


@given(
    st.text(alphabet="012345678", min_size=1, max_size=1),
    st.text("0123456789", min_size=9, max_size=9),
)
def test_numbers_whose_national_part_does_not_start_with_9_are_refused(
    first: str, rest: str
) -> None:
    assert not is_valid_mobile("0" + first + rest)
    assert not is_valid_mobile("+98" + first + rest)


def test_mask_keeps_the_operator_prefix_and_last_four_digits() -> None:
    assert mask_mobile("+989123456789") == "0912***6789"


def test_values_that_are_not_mobiles_are_shown_as_is_and_fully_masked() -> None:
    assert format_mobile("unknown") == "unknown"
    assert mask_mobile("02112345678") == "***"


class SignInForm(forms.Form):
    mobile = MobileField()


def test_field_cleans_to_e164() -> None:
    form = SignInForm(data={"mobile": "۰۹۱۲ ۳۴۵ ۶۷۸۹"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["mobile"] == "+989123456789"


def test_field_refuses_a_landline() -> None:
    form = SignInForm(data={"mobile": "021 1234 5678"})
    assert not form.is_valid()
    assert form.errors.as_data()["mobile"][0].code == "mobile_invalid"


def test_field_renders_a_left_to_right_tel_input() -> None:
    html = str(SignInForm()["mobile"])
    assert 'type="tel"' in html
    assert 'inputmode="tel"' in html
    assert 'autocomplete="tel"' in html
    assert 'dir="ltr"' in html
