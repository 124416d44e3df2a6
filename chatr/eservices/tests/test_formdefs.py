from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from chatr.core.errors import ApplicationError, in_both_languages
from chatr.eservices.formdefs import answers_clean, definition_validate
from chatr.eservices.tests.factories import FIELDS, GOOD

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _errors(**answers):  # type: ignore[no-untyped-def]
    return answers_clean(FIELDS, {**GOOD, **answers})[1]


def test_good_answers_are_normalized_the_projects_one_way() -> None:
    clean, errors = answers_clean(FIELDS, GOOD)
    assert errors == {}
    assert clean == {
        "national_code": "0499370899",
        "mobile": "+989121234567",
        "visit_on": date(2026, 12, 11).isoformat(),
        "size": 3,
        "reason": "elderly",
        "has_card": False,
    }


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("national_code", "0499370898"),
        ("national_code", "12345"),
        ("mobile", "0212345678"),
        ("visit_on", "1405/13/01"),
        ("visit_on", "2026-12-01x"),
        ("size", "0"),
        ("size", "21"),
        ("size", "سه"),
        ("reason", "nonsense"),
        ("has_card", "maybe"),
    ],
)
def test_each_field_type_refuses_bad_input_with_a_message(key: str, value: str) -> None:
    errors = _errors(**{key: value})
    assert list(errors) == [key]
    fa, en = in_both_languages(errors[key])
    assert fa and en


def test_required_fields_are_named_each() -> None:
    _clean, errors = answers_clean(FIELDS, {})
    assert set(errors) == {"national_code", "size", "reason", "has_card"}
    with translation.override("en"):
        assert str(errors["national_code"]) == "Fill in this field."
        assert str(errors["has_card"]) == "Choose yes or no."


def test_text_length_is_checked_and_persian_normalized() -> None:
    clean, errors = answers_clean(FIELDS, {**GOOD, "reason": "other", "reason_other": "علي  كريمي"})
    assert errors == {} and clean["reason_other"] == "علی کریمی"
    assert "reason_other" in _errors(reason="other", reason_other="x" * 51)


def test_conditional_field_is_required_only_when_its_condition_holds() -> None:
    assert "reason_other" in _errors(reason="other")
    clean, errors = answers_clean(FIELDS, {**GOOD, "reason_other": "ignored"})
    assert errors == {} and "reason_other" not in clean  # condition false: dropped
    assert "card" in _errors(has_card="yes")


def test_file_is_checked_by_content() -> None:
    good = SimpleUploadedFile("card.png", PNG, content_type="image/png")
    clean, errors = answers_clean(FIELDS, {**GOOD, "has_card": "yes"}, {"card": good})
    assert errors == {} and clean["card"] is good
    bad = SimpleUploadedFile("card.png", b"MZ not an image", content_type="image/png")
    _clean, errors = answers_clean(FIELDS, {**GOOD, "has_card": "yes"}, {"card": bad})
    assert list(errors) == ["card"]


def test_api_values_of_other_json_types_are_accepted() -> None:
    clean, errors = answers_clean(FIELDS, {**GOOD, "size": 4, "has_card": False})
    assert errors == {} and clean["size"] == 4 and clean["has_card"] is False


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ([], "non-empty list"),
        ("not a list", "non-empty list"),
        ([{"key": "Bad Key", "label_fa": "x", "type": "text"}], "needs a key"),
        ([{"key": "a", "label_fa": "x", "type": "text"}] * 2, "used twice"),
        ([{"key": "a", "type": "text"}], "Persian label"),
        ([{"key": "a", "label_fa": "x", "type": "colour"}], "unknown type"),
        ([{"key": "a", "label_fa": "x", "type": "choice"}], "list of choices"),
        ([{"key": "a", "label_fa": "x", "type": "number", "min": 5, "max": 1}], "min is larger"),
        ([{"key": "a", "label_fa": "x", "type": "text", "max_length": 0}], "max_length"),
        ([{"key": "a", "label_fa": "x", "type": "text", "colour": 1}], "unknown settings"),
        (
            [{"key": "a", "label_fa": "x", "type": "text", "required_if": {"field": "b"}}],
            "required_if",
        ),
        ([{"key": "a", "label_fa": "x", "type": "text", "required": "yes"}], "true or false"),
    ],
)
def test_bad_definitions_are_refused_with_a_clear_message(fields, fragment: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as raised:
        definition_validate(fields)
    assert raised.value.code == "definition_invalid"
    assert fragment in raised.value.message_en
    assert raised.value.message_fa


def test_a_sound_definition_passes() -> None:
    assert definition_validate(FIELDS) == FIELDS
