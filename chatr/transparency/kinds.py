"""Record kinds: what the publishing machinery needs to know about one category's records.

A kind names its model, the columns of its import file (with their Persian headings and a
parser each), the natural key that matches a row to a record (a contract's number), and how to
write a row's values into a record. The import, the review, the corrections and the public
"changed on …" notes are the same for every category (`services_publishing`); a category adds
a kind here (`register_kind`) and gets all of them.

Values travel as JSON (text, integers, ISO dates): they are stored in pending corrections.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from chatr.core.errors import lazy_message
from chatr.core.jalali import format_date, parse_jalali_date
from chatr.core.spreadsheets import header_name
from chatr.core.text import format_number, normalize_persian, to_ascii_digits

# ---------------------------------------------------------------- cell parsers
# Each takes the cell's text (never empty: empty cells are handled before) and returns the
# value as JSON, or raises ValidationError with a message a person can act on.


def parse_text(max_length: int) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = normalize_persian(text)
        if len(value) > max_length:
            raise ValidationError(
                lazy_message(_("At most %(count)s characters."), count=max_length)
            )
        return value

    return parse


def parse_amount(text: str) -> int:
    """Rials: digits in any script, thousands separators allowed, never negative."""
    cleaned = to_ascii_digits(text).replace(",", "").replace("٬", "").replace(" ", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not cleaned.isdigit():
        raise ValidationError(_("Write a whole number of rials, in digits."))
    return int(cleaned)


def parse_date(text: str) -> str:
    """A Jalali date (1403/05/12) or a spreadsheet's date cell; stored as ISO."""
    return parse_jalali_date(text).isoformat()


def parse_choice(choices: type[models.TextChoices]) -> Callable[[str], str]:
    """A choice by its code, or its Persian or English label."""

    def parse(text: str) -> str:
        wanted = header_name(text)
        for value, label in choices.choices:
            names = {header_name(value)}
            for language in ("fa", "en"):
                with translation.override(language):
                    names.add(header_name(str(label)))
            if wanted in names:
                return str(value)
        allowed = lazy(lambda: "، ".join(str(label) for _v, label in choices.choices), str)()
        raise ValidationError(lazy_message(_("Choose one of: %(allowed)s."), allowed=allowed))

    return parse


def show_date(value: Any) -> str:
    return format_date(date.fromisoformat(value)) if value else ""


def show_amount(value: Any) -> str:
    return format_number(int(value)) if value not in (None, "") else ""


def show_choice(choices: type[models.TextChoices]) -> Callable[[Any], str]:
    def show(value: Any) -> str:
        labels = dict(choices.choices)
        return str(labels.get(value, value))

    return show


# ---------------------------------------------------------------- kinds


@dataclass(frozen=True)
class Column:
    """One column of a category's import file."""

    key: str
    label: Any  # lazy; also accepted as a heading in Persian and English
    parse: Callable[[str], Any]
    aliases: tuple[str, ...] = ()  # further Persian headings people write
    required: bool = True
    show: Callable[[Any], str] = str  # a value as the public "changed" note shows it
    example: str = ""  # the template file's example row


@dataclass(frozen=True)
class RecordKind:
    """How the publishing machinery handles one category's records."""

    category: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    # The columns whose values identify a record within its dataset (a contract's number;
    # an expenditure's unit, program, classification and month): stored as `record_key`.
    key_columns: tuple[str, ...]
    # Cross-column checks of one parsed row: [(column key, message)].
    check: Callable[[dict[str, Any]], list[tuple[str, Any]]]
    # The record's current values, in the columns' terms.
    current: Callable[[Any], dict[str, Any]]
    # write(dataset=, values=): create, or update, the record of `dataset` with the row's key
    # (the category's own service finds it); returns it. The machinery sets its state.
    write: Callable[..., Any]
    # The record's public page, for links from the editors' pages.
    url_name: str = ""
    _headings: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def key_of(self, values: dict[str, Any]) -> str:
        """A row's record key (what `PublishedRecord.record_key` holds)."""
        return "|".join(str(values[column]) for column in self.key_columns)

    def headings(self) -> dict[str, str]:
        """Every accepted heading (key, Persian and English label, aliases) → column key."""
        if not self._headings:
            for column in self.columns:
                names = [column.key, *column.aliases]
                for language in ("fa", "en"):
                    with translation.override(language):
                        names.append(str(column.label))
                for name in names:
                    self._headings[header_name(name)] = column.key
        return self._headings


_KINDS: dict[str, RecordKind] = {}


def register_kind(kind: RecordKind) -> None:
    _KINDS[kind.category] = kind


def kind_for(category: str) -> RecordKind | None:
    """The kind of a category, or None for categories that cannot be imported (those
    generated from other modules)."""
    _load()
    return _KINDS.get(category)


def _load() -> None:
    # Each category's kind registers itself when its module is imported.
    from chatr.transparency import (
        kinds_contracts,  # noqa: F401
        kinds_expenditures,  # noqa: F401
        kinds_registers,  # noqa: F401
    )
