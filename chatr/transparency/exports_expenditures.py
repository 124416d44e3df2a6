"""Downloads of the expenditures list (streamed by `exports.export_csv/xlsx/json`).

Two shapes of the same rows (`selectors_expenditures.EXPORT_FIELDS` tuples):
- `EXPENDITURES_EXPORT`: for people, with headings and labels in the page's language;
- `EXPENDITURES_CODES_EXPORT` (`?headers=codes`): for machines, English code headings and
  language-independent values (classification codes, Jalali year and month as integers, the
  Gregorian first day of the month in ISO form, integer rials). The Fiscal Data Package
  descriptor (`fdp.py`) describes exactly these columns, in this order (`CODE_FIELDS`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any, Final

import jdatetime
from django.db.models import F, Value
from django.utils import translation
from django.utils.translation import gettext as _

from chatr.core.jalali import jalali_month_name
from chatr.transparency.choices import EconomicClass
from chatr.transparency.exports import ExportSpec, sql_label, sql_localized_name, sql_text

# Lazy labels: each row reads them in the download's language.
_CLASS_LABELS: Final = dict(EconomicClass.choices)


@lru_cache(maxsize=1024)
def month_start(year: int, month: int) -> date:
    """The Gregorian date of the first day of a Jalali month."""
    return jdatetime.date(year, month, 1).togregorian()  # type: ignore[no-any-return]


@lru_cache(maxsize=64)
def class_label(code: str, language: str) -> str:
    """A class's label in `language` (the machine CSV carries both, whatever the page's)."""
    with translation.override(language):
        return str(_CLASS_LABELS.get(code, code))


# The machine CSV's headings, in order; fdp.FIELDS describes each one.
CODE_FIELDS: Final = (
    "id",
    "publisher_code",
    "publisher_name_fa",
    "publisher_name_en",
    "unit",
    "program",
    "economic_class",
    "economic_class_title_fa",
    "economic_class_title_en",
    "year",
    "month",
    "period_start",
    "amount",
)


def _headers() -> list[str]:
    return [
        _("Publisher"),
        _("Spending unit"),
        _("Program"),
        _("Economic classification"),
        _("Year"),
        _("Month"),
        _("Month name"),
        _("Amount (rials)"),
    ]


def _human_in_language() -> Callable[[tuple[Any, ...]], list[Any]]:
    """`_human` with the active language's labels and month names looked up once."""
    persian = translation.get_language_bidi()
    classes = {code: str(label) for code, label in _CLASS_LABELS.items()}
    months = [""] + [jalali_month_name(month) for month in range(1, 13)]

    def human(row: tuple[Any, ...]) -> list[Any]:
        (_pk, _code, publisher_fa, publisher_en, unit, program, economic_class, year, month,
         amount) = row  # fmt: skip
        return [
            publisher_fa if persian or not publisher_en else publisher_en,
            unit,
            program,
            classes.get(economic_class, economic_class),
            year,
            month,
            months[month],
            amount,
        ]

    return human


def _sql_for_people() -> list[Any]:
    """The columns of `_human_in_language`, in SQL over `expenditure_export_rows` (the COPY
    path of `exports.export_csv` on PostgreSQL)."""
    months = [(month, jalali_month_name(month)) for month in range(1, 13)]
    return [
        sql_localized_name("org_unit__name_fa", "org_unit__name_en"),
        sql_text("unit_name"),
        sql_text("program"),
        sql_label("economic_class", EconomicClass.choices),
        F("year"),
        F("month"),
        sql_label("month", months, default=Value(None)),
        F("amount"),
    ]


def _human(row: tuple[Any, ...]) -> list[Any]:
    return _human_in_language()(row)


def _codes(row: tuple[Any, ...]) -> list[Any]:
    pk, code, publisher_fa, publisher_en, unit, program, economic_class = row[:7]
    year, month, amount = row[7:10]
    return [
        pk,
        code,
        publisher_fa,
        publisher_en,
        unit,
        program,
        economic_class,
        class_label(economic_class, "fa"),
        class_label(economic_class, "en"),
        year,
        month,
        month_start(year, month).isoformat(),
        amount,
    ]


def _machine(row: tuple[Any, ...]) -> dict[str, Any]:
    pk, code, publisher_fa, publisher_en, unit, program, economic_class = row[:7]
    year, month, amount = row[7:10]
    return {
        "id": pk,
        "publisher": {"code": code, "name_fa": publisher_fa, "name_en": publisher_en},
        "unit": unit,
        "program": program,
        "economic_class": economic_class,
        "economic_class_label": str(_CLASS_LABELS.get(economic_class, economic_class)),
        "year": year,
        "month": month,
        "period_start": month_start(year, month).isoformat(),
        "amount": amount,
    }


EXPENDITURES_EXPORT: Final = ExportSpec(
    sheet=lambda: _("Expenditures"),
    headers=_headers,
    human=_human,
    machine=_machine,
    human_in_language=_human_in_language,
    sql_for_people=_sql_for_people,
)

EXPENDITURES_CODES_EXPORT: Final = ExportSpec(
    sheet=lambda: "expenditures",
    headers=lambda: list(CODE_FIELDS),
    human=_codes,
    machine=_machine,
)
