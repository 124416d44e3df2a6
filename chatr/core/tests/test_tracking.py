"""Tracking codes: Verhoeff check digit, format, issuing and lookup."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from chatr.core import services
from chatr.core.models import TrackingCode
from chatr.core.selectors import tracking_code_namespace
from chatr.core.services import tracking_code_issue
from chatr.core.text import to_persian_digits
from chatr.core.tracking import (
    TRACKING_CODE_LENGTH,
    format_tracking_code,
    generate_tracking_code,
    is_well_formed_tracking_code,
    normalize_tracking_code,
    tracking_code_read_back,
    verhoeff_check_digit,
    verhoeff_is_valid,
)

bodies = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("123456789"),
    st.text(alphabet="0123456789", min_size=10, max_size=10),
)
# Codes shaped exactly like generate_tracking_code's, with the body chosen by hypothesis.
tracking_codes = bodies.map(lambda body: body + verhoeff_check_digit(body))


# Verhoeff


@pytest.mark.parametrize(("digits", "check"), [("236", "3"), ("12345", "1"), ("142857", "0")])
def test_verhoeff_check_digit_matches_published_examples(digits: str, check: str) -> None:
    assert verhoeff_check_digit(digits) == check
    assert verhoeff_is_valid(digits + check)


@given(tracking_codes, st.integers(min_value=0, max_value=TRACKING_CODE_LENGTH - 1), st.data())
def test_single_digit_substitution_is_always_caught(
    code: str, position: int, data: st.DataObject
) -> None:
    new_digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != code[position]))
    changed = code[:position] + new_digit + code[position + 1 :]
    assert not verhoeff_is_valid(changed)
    assert not is_well_formed_tracking_code(changed)


@given(tracking_codes, st.integers(min_value=0, max_value=TRACKING_CODE_LENGTH - 2))
def test_adjacent_transposition_is_always_caught(code: str, position: int) -> None:
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    assert verhoeff_is_valid(swapped) == (swapped == code)


def test_verhoeff_refuses_non_digits_and_empty_input() -> None:
    assert not verhoeff_is_valid("")
    assert not verhoeff_is_valid("23a3")
    with pytest.raises(ValueError, match="digits"):
        verhoeff_check_digit("")


# Generated codes


def test_generated_codes_are_well_formed_fixed_length_and_not_repeated() -> None:
    codes = [generate_tracking_code() for _ in range(2000)]
    assert all(len(code) == TRACKING_CODE_LENGTH for code in codes)
    assert all(code.isdigit() and code[0] != "0" for code in codes)
    assert all(is_well_formed_tracking_code(code) for code in codes)
    assert len(set(codes)) == len(codes)


@given(tracking_codes)
def test_codes_are_recognized_as_typed_by_people(code: str) -> None:
    assert is_well_formed_tracking_code(code)
    assert is_well_formed_tracking_code(to_persian_digits(format_tracking_code(code)))
    assert is_well_formed_tracking_code(" - ".join(tracking_code_read_back(code)))


@given(tracking_codes)
def test_display_form_normalizes_back_to_the_code(code: str) -> None:
    assert normalize_tracking_code(format_tracking_code(code)) == code


@pytest.mark.parametrize(
    "text",
    ["", "12345678901", "1234567890123", "abcdefghijkl", "0" + "12345678901"],
)
def test_wrong_length_letters_and_a_leading_zero_are_not_well_formed(text: str) -> None:
    assert not is_well_formed_tracking_code(text)


def test_codes_are_grouped_by_four_for_display_and_reading_back() -> None:
    assert format_tracking_code("123456789010") == "1234 5678 9010"
    assert tracking_code_read_back("۱۲۳۴-۵۶۷۸-۹۰۱۲") == ["1234", "5678", "9012"]


def test_normalize_accepts_persian_digits_spaces_and_dashes() -> None:
    assert normalize_tracking_code(" ۱۲۳۴ ۵۶۷۸-۹۰۱۲ ") == "123456789012"


# Issuing and lookup


@pytest.mark.django_db
def test_issued_codes_are_unique_well_formed_and_owned_by_the_namespace() -> None:
    codes = {tracking_code_issue(namespace="watchdog.message") for _ in range(50)}
    assert len(codes) == 50
    assert all(is_well_formed_tracking_code(code) for code in codes)
    stored = TrackingCode.objects.filter(namespace="watchdog.message").values_list(
        "code", flat=True
    )
    assert set(stored) == codes


def _codes(*codes: str) -> Iterator[str]:
    yield from codes


@pytest.mark.django_db(transaction=True)
def test_issue_keeps_going_when_the_generated_code_is_taken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    taken, free = "123456789010", "987654321012"
    TrackingCode.objects.create(code=taken, namespace="eservices.request")
    generated = _codes(taken, taken, free)
    monkeypatch.setattr(services, "generate_tracking_code", lambda: next(generated))
    # Inside a caller's transaction the collision must not poison the outer transaction.
    with transaction.atomic():
        assert tracking_code_issue(namespace="watchdog.message") == free
        assert TrackingCode.objects.count() == 2
    assert tracking_code_namespace(code=taken) == "eservices.request"


@pytest.mark.django_db
def test_issue_gives_up_after_repeated_collisions(monkeypatch: pytest.MonkeyPatch) -> None:
    taken = "123456789010"
    TrackingCode.objects.create(code=taken, namespace="eservices.request")
    monkeypatch.setattr(services, "generate_tracking_code", lambda: taken)
    with pytest.raises(RuntimeError, match="no free tracking code"):
        tracking_code_issue(namespace="watchdog.message")


@pytest.mark.django_db
@pytest.mark.parametrize("namespace", ["", "x" * 41])
def test_issue_refuses_an_empty_or_too_long_namespace(namespace: str) -> None:
    with pytest.raises(ValueError, match="namespace"):
        tracking_code_issue(namespace=namespace)


@pytest.mark.django_db
def test_namespace_is_found_from_a_typed_code() -> None:
    code = tracking_code_issue(namespace="watchdog.message")
    typed = to_persian_digits(format_tracking_code(code))
    assert tracking_code_namespace(code=typed) == "watchdog.message"


@pytest.mark.django_db
def test_unknown_well_formed_code_has_no_namespace() -> None:
    assert tracking_code_namespace(code=generate_tracking_code()) is None


def test_malformed_code_is_refused_without_touching_the_database() -> None:
    # No django_db mark: any query here would fail the test.
    code = generate_tracking_code()
    mistyped = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert tracking_code_namespace(code=mistyped) is None
    assert tracking_code_namespace(code="12") is None
