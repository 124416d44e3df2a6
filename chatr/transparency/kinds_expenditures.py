"""The expenditures category as a record kind: its import columns (Persian headings: واحد،
برنامه، طبقه‌بندی اقتصادی، سال، ماه، مبلغ) and how a row becomes an expenditure (through
`services_expenditures.expenditure_record`, the one writer of expenditures).

A row is identified by its unit, program, economic class, year and month: importing a file
again with another amount for the same five is a correction of the published record."""

from __future__ import annotations

from typing import Any, Final

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chatr.core.errors import lazy_message
from chatr.core.jalali import jalali_month_name
from chatr.core.spreadsheets import header_name
from chatr.core.text import localize_digits, to_ascii_digits
from chatr.transparency.choices import DatasetCategory, EconomicClass
from chatr.transparency.kinds import (
    Column,
    RecordKind,
    parse_amount,
    parse_choice,
    parse_text,
    register_kind,
    show_amount,
    show_choice,
)
from chatr.transparency.models import Dataset, Expenditure
from chatr.transparency.models.expenditures import JALALI_YEAR_MAX, JALALI_YEAR_MIN
from chatr.transparency.services_expenditures import ExpenditureData, expenditure_record


def parse_year(text: str) -> int:
    """A Jalali year in digits of any script ("۱۴۰۳", "1403")."""
    cleaned = to_ascii_digits(text).strip()
    if cleaned.endswith(".0"):  # a spreadsheet's number cell
        cleaned = cleaned[:-2]
    if not cleaned.isdigit() or not JALALI_YEAR_MIN <= int(cleaned) <= JALALI_YEAR_MAX:
        raise ValidationError(
            lazy_message(
                _("Write a Jalali year between %(first)s and %(last)s, such as 1403."),
                first=JALALI_YEAR_MIN,
                last=JALALI_YEAR_MAX,
            )
        )
    return int(cleaned)


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for month in range(1, 13):
        for language in ("fa", "en"):
            names[header_name(jalali_month_name(month, language=language))] = month
    return names


def parse_month(text: str) -> int:
    """A Jalali month: its number (1–12, in any digits) or its name ("مرداد", "Mordad")."""
    cleaned = to_ascii_digits(text).strip()
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if cleaned.isdigit() and 1 <= int(cleaned) <= 12:
        return int(cleaned)
    month = _month_names().get(header_name(text))
    if month is None:
        raise ValidationError(
            _("Write the Jalali month as a number from 1 to 12 or by its name, such as مرداد.")
        )
    return month


# The chapters' names as Iran's budget law writes them: what editors type, whatever the
# catalogue's translations say (the parser also accepts the codes and the labels).
CLASS_NAMES_FA: Final = {
    "جبران خدمت کارکنان": EconomicClass.COMPENSATION,
    "استفاده از کالاها و خدمات": EconomicClass.GOODS_SERVICES,
    "یارانه": EconomicClass.SUBSIDIES,
    "یارانه‌ها": EconomicClass.SUBSIDIES,
    "کمک‌های بلاعوض": EconomicClass.GRANTS,
    "کمک بلاعوض": EconomicClass.GRANTS,
    "رفاه اجتماعی": EconomicClass.SOCIAL_BENEFITS,
    "سایر هزینه‌ها": EconomicClass.OTHER,
    "تملک دارایی‌های سرمایه‌ای": EconomicClass.NON_FINANCIAL_ASSETS,
    "تملک دارایی‌های غیرمالی": EconomicClass.NON_FINANCIAL_ASSETS,
}
_parse_class_label = parse_choice(EconomicClass)


def parse_economic_class(text: str) -> str:
    """An economic class by its code, its label (Persian or English) or its budget name."""
    names = {header_name(name): str(code) for name, code in CLASS_NAMES_FA.items()}
    return names.get(header_name(text)) or _parse_class_label(text)


def show_month(value: Any) -> str:
    return jalali_month_name(int(value)) if value not in (None, "") else ""


def show_year(value: Any) -> str:
    return localize_digits(str(value)) if value not in (None, "") else ""


COLUMNS = (
    Column(
        "unit_name",
        _("spending unit"),
        parse_text(200),
        ("واحد", "واحد هزینه‌کننده", "unit"),
        example="معاونت امور توانبخشی",
    ),
    Column("program", _("program"), parse_text(200), ("برنامه",), example="توانبخشی معلولان"),
    Column(
        "economic_class",
        _("economic classification"),
        parse_economic_class,
        ("طبقه‌بندی اقتصادی", "طبقه بندی اقتصادی", "economic class"),
        show=show_choice(EconomicClass),
        example="social_benefits",
    ),
    Column("year", _("year (Jalali)"), parse_year, ("سال", "year"), show=show_year, example="1403"),
    Column(
        "month",
        _("month (Jalali)"),
        parse_month,
        ("ماه", "month"),
        show=show_month,
        example="مرداد",
    ),
    Column(
        "amount",
        _("amount (rials)"),
        parse_amount,
        ("مبلغ", "مبلغ (ریال)", "amount"),
        show=show_amount,
        example="1250000000",
    ),
)
KEY_COLUMNS = ("unit_name", "program", "economic_class", "year", "month")


def _check(values: dict[str, Any]) -> list[tuple[str, Any]]:
    return []  # every check is a single cell's


def _current(expenditure: Expenditure) -> dict[str, Any]:
    return {
        "unit_name": expenditure.unit_name,
        "program": expenditure.program,
        "economic_class": expenditure.economic_class,
        "year": expenditure.year,
        "month": expenditure.month,
        "amount": expenditure.amount,
    }


def _write(*, dataset: Dataset, values: dict[str, Any]) -> Expenditure:
    return expenditure_record(
        dataset=dataset,
        data=ExpenditureData(
            unit_name=values["unit_name"],
            program=values["program"],
            economic_class=values["economic_class"],
            year=int(values["year"]),
            month=int(values["month"]),
            amount=int(values["amount"]),
        ),
    )


register_kind(
    RecordKind(
        category=DatasetCategory.EXPENDITURES,
        model=Expenditure,
        columns=COLUMNS,
        key_columns=KEY_COLUMNS,
        check=_check,
        current=_current,
        write=_write,
        url_name="transparency:expenditure_detail",
    )
)
