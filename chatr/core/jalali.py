"""Jalali (Solar Hijri) dates at the edges: display, parsing and a form field; storage stays UTC."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Final, Literal

import jdatetime
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.core.text import language_is_persian, normalize_identifier, to_persian_digits

DateStyle = Literal["short", "long"]

jalali_month_names: Final[tuple[str, ...]] = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
# The Jalali months in English transliteration, for English pages and exports.
_JALALI_MONTH_NAMES_EN: Final[tuple[str, ...]] = (
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
)


def jalali_month_name(month: int, *, language: str | None = None) -> str:
    """The name of Jalali month 1–12 in the page's language (Persian unless English)."""
    names = jalali_month_names if language_is_persian(language) else _JALALI_MONTH_NAMES_EN
    return names[month - 1]


def jalali_month_choices() -> list[tuple[int, str]]:
    """(1, "فروردین") … (12, "اسفند") in the current language: a form field's choices."""
    return [(month, jalali_month_name(month)) for month in range(1, 13)]


# Fixed English names: strftime("%B") would follow the server's C locale.
_GREGORIAN_MONTH_NAMES: Final[tuple[str, ...]] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

JALALI_DATE_EXAMPLE: Final = "1405/09/03"
# Jalali 1700 is Gregorian 2321: a larger four-digit year is someone typing a Gregorian date.
JALALI_YEAR_MAX: Final = 1700
_DATE_PARTS: Final = re.compile(r"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})")


def to_local(value: datetime) -> datetime:
    """Convert an aware datetime to the site's time zone (settings.TIME_ZONE, Asia/Tehran)."""
    # timezone.localtime refuses naive datetimes, which are bugs here (storage is UTC).
    return timezone.localtime(value, timezone.get_default_timezone())


def to_jalali(value: date | datetime) -> jdatetime.date:
    """Return the Jalali date of a date, or of an aware datetime's local date."""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return jdatetime.date.fromgregorian(date=value)


@lru_cache(maxsize=65_536)
def jalali_day(value: date) -> str:
    """A day in Jalali with ASCII digits ("1403/05/12"): what forms show for editing, links
    carry and files (CSV, spreadsheets) hold; `format_date` is the displayed form. Cached
    (about 180 years of days): a download repeats the same few thousand days over millions of
    rows. `chatr.core.jalali_sql.JalaliDay` writes the same in SQL."""
    jalali = to_jalali(value)
    return f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}"


def export_day(value: date | None, *, language: str | None = None) -> str:
    """A day as files write it: Jalali with ASCII digits in Persian, ISO in English; None gives
    "" (spreadsheet-friendly either way)."""
    if value is None:
        return ""
    return jalali_day(value) if language_is_persian(language) else value.isoformat()


def jalali_days_in_month(*, year: int, month: int) -> int:
    """Return the number of days in a Jalali month (Esfand has 30 in leap years)."""
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def format_date(
    value: date | datetime | None, *, language: str | None = None, style: DateStyle = "short"
) -> str:
    """Format a date: Jalali with Persian digits in Persian, Gregorian in English; None gives ""."""
    if value is None:
        return ""
    if style not in ("short", "long"):
        raise ValueError(f"unknown date style {style!r}")
    if language_is_persian(language):
        if style == "short":
            day = to_local(value).date() if isinstance(value, datetime) else value
            return to_persian_digits(jalali_day(day))
        jalali = to_jalali(value)
        return to_persian_digits(
            f"{jalali.day} {jalali_month_names[jalali.month - 1]} {jalali.year}"
        )
    gregorian = to_local(value).date() if isinstance(value, datetime) else value
    if style == "short":
        return gregorian.isoformat()
    month_name = _GREGORIAN_MONTH_NAMES[gregorian.month - 1]
    return f"{gregorian.day} {month_name} {gregorian.year}"


def format_datetime(value: datetime | None, *, language: str | None = None) -> str:
    """Format an aware datetime as the short date plus local HH:MM; None gives ""."""
    if value is None:
        return ""
    local = to_local(value)
    text = f"{format_date(local, language=language)} {local:%H:%M}"
    return to_persian_digits(text) if language_is_persian(language) else text


def _invalid_format() -> ValidationError:
    return ValidationError(
        _("Enter a date like 1405/09/03 (year/month/day)."), code="jalali_date_invalid"
    )


def _date_parts(text: str) -> tuple[int, int, int] | None:
    # Unify the separators first: normalize_identifier drops dashes and dots (but not "/").
    text = normalize_identifier(re.sub(r"[-.\u066b\u2010-\u2015\u2212]", "/", text))
    match = _DATE_PARTS.fullmatch(text)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    return year, month, day


def parse_jalali_date(text: str) -> date:
    """Parse a Jalali date such as "1405/09/03" or "۱۴۰۵-۹-۳" into a Gregorian date."""
    parts = _date_parts(text)
    if parts is None:
        raise _invalid_format()
    year, month, day = parts
    if year > JALALI_YEAR_MAX:
        raise ValidationError(
            _(
                "%(year)s looks like a Gregorian year. Enter the date in the Persian (Jalali) "
                "calendar, like 1405/09/03."
            ),
            code="jalali_date_invalid",
            params={"year": year},
        )
    if year < 1:
        raise _invalid_format()
    if not 1 <= month <= 12:
        raise ValidationError(
            _("There is no month %(month)s: months go from 1 to 12."),
            code="jalali_date_invalid",
            params={"month": month},
        )
    days = jalali_days_in_month(year=year, month=month)
    if not 1 <= day <= days:
        raise ValidationError(
            _("Month %(month)s of %(year)s has %(days)s days, so day %(day)s does not exist."),
            code="jalali_date_invalid",
            params={"year": year, "month": month, "day": day, "days": days},
        )
    gregorian: date = jdatetime.date(year, month, day).togregorian()
    return gregorian


def _parse_gregorian_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("This date does not exist. Enter a date like 2026-11-24 (year-month-day)."),
            code="jalali_date_invalid",
        ) from None


def _as_date(value: date) -> date:
    # Initial values may be naive datetimes (e.g. from fixtures); their date is what was meant.
    if isinstance(value, datetime):
        return to_local(value).date() if timezone.is_aware(value) else value.date()
    return value


class JalaliDateField(forms.Field):
    """A date typed in Jalali (or Gregorian ISO in the English UI); cleans to a date."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> date | None:
        """Parse the typed text; dates pass through."""
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return _as_date(value)
        text = str(value)
        parts = _date_parts(text)
        # Gregorian years are far above any Jalali year in use, so the year tells them apart.
        if parts is not None and parts[0] > JALALI_YEAR_MAX and not language_is_persian():
            return _parse_gregorian_date(*parts)
        return parse_jalali_date(text)

    def prepare_value(self, value: Any) -> Any:
        """Show a date as Jalali with ASCII digits ("1405/09/03"); typed text is kept."""
        if isinstance(value, date):
            return jalali_day(_as_date(value))
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        """Show the expected format and keep the digits left-to-right."""
        attrs: dict[str, Any] = super().widget_attrs(widget)
        attrs.update(
            {
                "placeholder": JALALI_DATE_EXAMPLE,
                "dir": "ltr",
                "inputmode": "numeric",
                "autocomplete": "off",
            }
        )
        return attrs
