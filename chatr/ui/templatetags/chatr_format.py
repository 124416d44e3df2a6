"""Display filters (`{% load chatr_format %}`): dates, digits, numbers, codes, mobiles.

Each filter is a thin adapter over chatr.core and follows the active language: Persian digits
and the Jalali calendar in Persian, ASCII digits and the Gregorian calendar in English.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final

from django import template

from chatr.core.jalali import format_date, format_datetime
from chatr.core.phone import format_mobile
from chatr.core.text import format_number, localize_digits, to_ascii_digits
from chatr.core.tracking import format_tracking_code

register = template.Library()

# Groups of digits separated by spaces are laid out right to left inside Persian text
# ("0912 345 6789" would show as "6789 345 0912"); a left-to-right isolate keeps their order
# in HTML, plain text and SMS alike, and chatr.core.text.normalize_identifier strips it on input.
_LTR_ISOLATE: Final = "\u2066"
_POP_ISOLATE: Final = "\u2069"


def _ltr(text: str) -> str:
    return f"{_LTR_ISOLATE}{text}{_POP_ISOLATE}"


@register.filter(name="jdate")
def jdate_filter(value: Any) -> str:
    """Short date: "۱۴۰۵/۰۹/۰۳" in Persian, "2026-11-24" in English."""
    return format_date(value, style="short") if isinstance(value, date) else ""


@register.filter(name="jdate_long")
def jdate_long_filter(value: Any) -> str:
    """Long date: "۳ آذر ۱۴۰۵" in Persian, "24 November 2026" in English."""
    return format_date(value, style="long") if isinstance(value, date) else ""


@register.filter(name="jdatetime")
def jdatetime_filter(value: Any) -> str:
    """Short date and local time: "۱۴۰۵/۰۹/۰۳ ۱۴:۳۰" in Persian, "2026-11-24 14:30" in English."""
    return format_datetime(value) if isinstance(value, datetime) else ""


@register.filter(name="digits", is_safe=True)
def digits_filter(value: Any) -> str:
    """The value's digits in the active language's digits, nothing else changed."""
    return "" if value is None else localize_digits(str(value))


@register.filter(name="number", is_safe=True)
def number_filter(value: Any) -> str:
    """An integer or decimal with grouped thousands: "۱۲٬۳۴۵" in Persian, "12,345" in English."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        return format_number(value)
    text = str(value)
    try:
        return format_number(int(to_ascii_digits(text.strip())))
    except ValueError:
        return localize_digits(text)


@register.filter(name="tracking_code")
def tracking_code_filter(value: Any) -> str:
    """A tracking code in groups of four ("1234 5678 9012"), in the active language's digits."""
    if not value:
        return ""
    return _ltr(localize_digits(format_tracking_code(str(value))))


@register.filter(name="mobile")
def mobile_filter(value: Any) -> str:
    """A stored mobile number for display ("0912 345 6789"), in the active language's digits."""
    if not value:
        return ""
    return _ltr(localize_digits(format_mobile(str(value))))
