"""Request forms defined as data: checking a definition, and cleaning a person's answers.

A definition is a list of field specs:

    {"key": "visit_address", "label_fa": "…", "label_en": "…", "type": "text",
     "required": true, "max_length": 500, "help_fa": "…", "help_en": "…",
     "choices": [{"value": "a", "label_fa": "…", "label_en": "…"}],   # type "choice"
     "min": 0, "max": 10,                                             # type "number"
     "required_if": {"field": "other_key", "equals": "yes"}}          # conditional

Every answer goes through the project's one way of doing it (national code, mobile, Sheba,
postal code, Jalali date, Persian text), so a form defined by HQ validates exactly like a
hand-written one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from chatr.cases.files import check_upload
from chatr.core.errors import ApplicationError, lazy_message
from chatr.core.jalali import format_date, parse_jalali_date
from chatr.core.national_code import validate_national_code
from chatr.core.phone import format_mobile, normalize_mobile
from chatr.core.postal_code import validate_postal_code
from chatr.core.sheba import validate_sheba
from chatr.core.text import (
    format_number,
    language_is_persian,
    normalize_persian,
    to_ascii_digits,
)
from chatr.eservices.choices import FieldType

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
TEXT_MAX_LENGTH = 2000  # a text answer's length when the definition sets none
ALLOWED_KEYS = frozenset(
    {
        "key",
        "label_fa",
        "label_en",
        "help_fa",
        "help_en",
        "type",
        "required",
        "choices",
        "min",
        "max",
        "max_length",
        "required_if",
    }
)
_YES = frozenset({"yes", "true", "1", "on", "بله"})
_NO = frozenset({"no", "false", "0", "off", "خیر"})


def _join(*messages: Any) -> str:
    return " ".join(str(message) for message in messages)


_lazy_join = lazy(_join, str)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_field(index: int, spec: Any, keys: set[str]) -> list[Any]:
    """The problems of one field spec (empty when it is fine)."""
    position = index + 1
    if not isinstance(spec, dict):
        return [lazy_message(_("Field %(n)d is not an object."), n=position)]
    problems: list[Any] = []
    unknown = sorted(set(spec) - ALLOWED_KEYS)
    if unknown:
        problems.append(
            lazy_message(
                _("Field %(n)d has unknown settings: %(names)s."),
                n=position,
                names=", ".join(unknown),
            )
        )
    key = spec.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        problems.append(
            lazy_message(
                _(
                    "Field %(n)d needs a key of lower-case English letters, digits and "
                    "underscores, starting with a letter."
                ),
                n=position,
            )
        )
    elif key in keys:
        problems.append(lazy_message(_("The key “%(key)s” is used twice."), key=key))
    name = key if isinstance(key, str) and key else str(position)
    label = spec.get("label_fa")
    if not isinstance(label, str) or not label.strip():
        problems.append(lazy_message(_("Field “%(key)s” needs a Persian label."), key=name))
    kind = spec.get("type")
    if kind not in FieldType.values:
        problems.append(
            lazy_message(
                _("Field “%(key)s” has an unknown type; use one of: %(types)s."),
                key=name,
                types=", ".join(FieldType.values),
            )
        )
    if "required" in spec and not isinstance(spec["required"], bool):
        problems.append(
            lazy_message(_("In field “%(key)s”, “required” must be true or false."), key=name)
        )
    if kind == FieldType.CHOICE:
        problems.extend(_check_choices(name, spec.get("choices")))
    elif "choices" in spec:
        problems.append(
            lazy_message(_("Field “%(key)s” is not a choice: it cannot have choices."), key=name)
        )
    if kind == FieldType.NUMBER:
        low, high = spec.get("min"), spec.get("max")
        for bound in (low, high):
            if bound is not None and not _is_number(bound):
                problems.append(
                    lazy_message(_("In field “%(key)s”, min and max must be numbers."), key=name)
                )
                break
        else:
            if low is not None and high is not None and low > high:
                problems.append(
                    lazy_message(
                        _("In field “%(key)s”, min is larger than max."),
                        key=name,
                    )
                )
    elif "min" in spec or "max" in spec:
        problems.append(
            lazy_message(_("Only a number field can have min and max (“%(key)s”)."), key=name)
        )
    if "max_length" in spec:
        length = spec["max_length"]
        if kind != FieldType.TEXT:
            problems.append(
                lazy_message(_("Only a text field can have max_length (“%(key)s”)."), key=name)
            )
        elif not isinstance(length, int) or isinstance(length, bool) or not 1 <= length <= 5000:
            problems.append(
                lazy_message(
                    _("In field “%(key)s”, max_length must be a whole number from 1 to 5000."),
                    key=name,
                )
            )
    condition = spec.get("required_if")
    if condition is not None and (
        not isinstance(condition, dict)
        or set(condition) != {"field", "equals"}
        or condition["field"] not in keys
    ):
        problems.append(
            lazy_message(
                _(
                    'In field “%(key)s”, required_if must be {"field": …, "equals": …} '
                    "naming a field defined before it."
                ),
                key=name,
            )
        )
    return problems


def _check_choices(name: str, choices: Any) -> list[Any]:
    if not isinstance(choices, list) or not choices:
        return [lazy_message(_("Choice field “%(key)s” needs a list of choices."), key=name)]
    values: set[str] = set()
    for choice in choices:
        value = choice.get("value") if isinstance(choice, dict) else None
        label = choice.get("label_fa") if isinstance(choice, dict) else None
        if not isinstance(value, str) or not value or not isinstance(label, str) or not label:
            return [
                lazy_message(
                    _("Each choice of “%(key)s” needs a value and a Persian label."), key=name
                )
            ]
        if value in values:
            return [
                lazy_message(
                    _("Choice field “%(key)s” has the value “%(value)s” twice."),
                    key=name,
                    value=value,
                )
            ]
        values.add(value)
    return []


def definition_validate(fields: Any) -> list[dict[str, Any]]:
    """Return the definition when every field spec is sound, or refuse it, naming each
    problem (conditions may only refer to a field defined earlier, so they cannot loop)."""
    if not isinstance(fields, list) or not fields:
        message = _("A form definition is a non-empty list of fields.")
        raise ApplicationError("definition_invalid", message, fields={"fields": message})
    problems: list[Any] = []
    keys: set[str] = set()
    for index, spec in enumerate(fields):
        problems.extend(_check_field(index, spec, keys))
        if isinstance(spec, dict) and isinstance(spec.get("key"), str):
            keys.add(spec["key"])
    if problems:
        text = _lazy_join(*problems)
        raise ApplicationError(
            "definition_invalid",
            lazy_message(_("The form definition was not saved: %(problems)s"), problems=text),
            fields={"fields": text},
        )
    return fields


# ---------------------------------------------------------------- answers


def _message(error: ValidationError) -> Any:
    """A core validator's message, still lazy, with its parameters."""
    message: str | Promise = getattr(error, "message", "") or " ".join(error.messages)
    params = getattr(error, "params", None)
    return lazy_message(message, **params) if params else message


def _canonical(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value).strip()


def _raw(data: Mapping[str, Any], key: str) -> Any:
    value = data.get(key)
    if isinstance(value, str):
        value = value.strip()
    return value


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _clean_one(spec: Mapping[str, Any], value: Any) -> Any:
    """The clean form of one non-empty answer; ValueError/ValidationError carry the message."""
    kind = spec["type"]
    if kind == FieldType.TEXT:
        text = normalize_persian(str(value))
        limit = spec.get("max_length") or TEXT_MAX_LENGTH
        if len(text) > limit:
            raise ValidationError(
                lazy_message(
                    _("Write at most %(limit)d characters; you wrote %(count)d."),
                    limit=limit,
                    count=len(text),
                )
            )
        return text
    if kind == FieldType.NUMBER:
        text = to_ascii_digits(str(value)).replace(",", "").replace("٬", "").strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValidationError(_("Enter a number."))
        low, high = spec.get("min"), spec.get("max")
        if low is not None and number < Decimal(str(low)):
            raise ValidationError(lazy_message(_("Enter %(min)s or more."), min=low))
        if high is not None and number > Decimal(str(high)):
            raise ValidationError(lazy_message(_("Enter %(max)s or less."), max=high))
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == FieldType.JALALI_DATE:
        if isinstance(value, date):
            return value.isoformat()
        return parse_jalali_date(str(value)).isoformat()
    if kind == FieldType.CHOICE:
        values = [choice["value"] for choice in spec["choices"]]
        if str(value) not in values:
            raise ValidationError(_("Choose one of the options."))
        return str(value)
    if kind == FieldType.NATIONAL_CODE:
        return validate_national_code(str(value))
    if kind == FieldType.MOBILE:
        return normalize_mobile(str(value))
    if kind == FieldType.SHEBA:
        return validate_sheba(str(value))
    if kind == FieldType.POSTAL_CODE:
        return validate_postal_code(str(value))
    if kind == FieldType.YES_NO:
        text = _canonical(value).casefold()
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise ValidationError(_("Answer yes or no."))
    raise ValidationError(_("This field cannot be answered."))  # pragma: no cover - checked


def field_required(spec: Mapping[str, Any], clean: Mapping[str, Any], data: Mapping[str, Any]):  # type: ignore[no-untyped-def]
    """(asked, required): whether the field applies (its condition, if any, holds) and
    whether it must be answered."""
    condition = spec.get("required_if")
    if condition is None:
        return True, bool(spec.get("required"))
    other = condition["field"]
    current = clean[other] if other in clean else _raw(data, other)
    holds = not _is_empty(current) and _canonical(current) == _canonical(condition["equals"])
    return holds, holds


def answers_clean(
    fields: Sequence[Mapping[str, Any]],
    data: Mapping[str, Any],
    files: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Clean the answers to a definition: (clean answers, errors by field key).

    Files come back as the upload objects (checked by content); the caller stores them. A
    conditional field whose condition does not hold is dropped, whatever was sent for it."""
    files = files or {}
    clean: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for spec in fields:
        key = spec["key"]
        asked, required = field_required(spec, clean, data)
        if not asked:
            continue
        if spec["type"] == FieldType.FILE:
            upload = files.get(key)
            if upload is None:
                if required:
                    errors[key] = _("Attach the file.")
                continue
            try:
                check_upload(upload)
            except ApplicationError as error:
                errors[key] = error.message
                continue
            clean[key] = upload
            continue
        value = _raw(data, key)
        if _is_empty(value):
            if required:
                errors[key] = (
                    _("Choose yes or no.")
                    if spec["type"] == FieldType.YES_NO
                    else _("Fill in this field.")
                )
            continue
        try:
            clean[key] = _clean_one(spec, value)
        except ValidationError as error:
            errors[key] = _message(error)
    return clean, errors


# ---------------------------------------------------------------- display


def spec_text(spec: Mapping[str, Any], name: str) -> str:
    """A spec's label or help in the active language (Persian when English is missing)."""
    persian = spec.get(f"{name}_fa") or ""
    english = spec.get(f"{name}_en") or ""
    return str(persian if language_is_persian() or not english else english)


def choice_label(spec: Mapping[str, Any], value: Any) -> str:
    for choice in spec.get("choices") or []:
        if choice["value"] == value:
            return spec_text(choice, "label")
    return str(value)


def answer_text(spec: Mapping[str, Any], value: Any) -> str:
    """An answer as the person and the officer read it."""
    kind = spec["type"]
    if value is None or value == "":
        return "—"
    if kind == FieldType.YES_NO:
        return str(_("Yes") if value else _("No"))
    if kind == FieldType.CHOICE:
        return choice_label(spec, value)
    if kind == FieldType.JALALI_DATE:
        return format_date(date.fromisoformat(str(value)))
    if kind == FieldType.NUMBER:
        return format_number(Decimal(str(value)))
    if kind == FieldType.MOBILE:
        return format_mobile(str(value))
    if kind == FieldType.FILE:
        return str(value.get("name", "")) if isinstance(value, dict) else str(value)
    return str(value)


def answer_rows(
    fields: Sequence[Mapping[str, Any]], answers: Mapping[str, Any]
) -> list[dict[str, Any]]:
    return [
        {
            "key": spec["key"],
            "label": spec_text(spec, "label"),
            "value": answer_text(spec, answers[spec["key"]]),
            "type": spec["type"],
        }
        for spec in fields
        if spec["key"] in answers
    ]
