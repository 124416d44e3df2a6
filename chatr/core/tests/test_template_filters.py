"""The chatr_format template filters, rendered in Persian and in English."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

LTR, POP = "\u2066", "\u2069"


def render(source: str, language: str, **context: Any) -> str:
    with translation.override(language):
        return Template("{% load chatr_format %}" + source).render(Context(context))


DAY = date(2026, 11, 24)
MOMENT = datetime(2026, 11, 24, 10, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("source", "language", "expected"),
    [
        ("{{ day|jdate }}", "fa", "۱۴۰۵/۰۹/۰۳"),
        ("{{ day|jdate }}", "en", "2026-11-24"),
        ("{{ day|jdate_long }}", "fa", "۳ آذر ۱۴۰۵"),
        ("{{ day|jdate_long }}", "en", "24 November 2026"),
        ("{{ moment|jdatetime }}", "fa", "۱۴۰۵/۰۹/۰۳ ۱۳:۳۵"),
        ("{{ moment|jdatetime }}", "en", "2026-11-24 13:35"),
        ("{{ moment|jdate }}", "fa", "۱۴۰۵/۰۹/۰۳"),
    ],
)
def test_dates_follow_the_active_language(source: str, language: str, expected: str) -> None:
    assert render(source, language, day=DAY, moment=MOMENT) == expected


@pytest.mark.parametrize("source", ["{{ x|jdate }}", "{{ x|jdate_long }}", "{{ x|jdatetime }}"])
def test_missing_dates_render_as_nothing(source: str) -> None:
    assert render(source, "fa", x=None) == ""
    assert render(source, "fa") == ""


def test_digits_are_persian_in_persian_and_unchanged_in_english() -> None:
    assert render("{{ n|digits }} {{ s|digits }}", "fa", n=12345, s="ساعت 9") == "۱۲۳۴۵ ساعت ۹"
    assert render("{{ n|digits }} {{ s|digits }}", "en", n=12345, s="at 9") == "12345 at 9"


def test_digits_filter_still_escapes_html() -> None:
    assert render("{{ s|digits }}", "fa", s="<b>1</b>") == "&lt;b&gt;۱&lt;/b&gt;"


@pytest.mark.parametrize(
    ("value", "fa", "en"),
    [
        (1234567, "۱٬۲۳۴٬۵۶۷", "1,234,567"),
        (999, "۹۹۹", "999"),
        (-25000, "-۲۵٬۰۰۰", "-25,000"),
        (Decimal("1234.50"), "۱٬۲۳۴٫۵۰", "1,234.50"),
        ("۱۲۰۰۰", "۱۲٬۰۰۰", "12,000"),
        ("n/a", "n/a", "n/a"),
    ],
)
def test_numbers_group_thousands_per_language(value: object, fa: str, en: str) -> None:
    assert render("{{ v|number }}", "fa", v=value) == fa
    assert render("{{ v|number }}", "en", v=value) == en


def test_tracking_codes_are_grouped_and_kept_left_to_right() -> None:
    code = "123456789010"
    assert render("{{ c|tracking_code }}", "fa", c=code) == f"{LTR}۱۲۳۴ ۵۶۷۸ ۹۰۱۰{POP}"
    assert render("{{ c|tracking_code }}", "en", c=code) == f"{LTR}1234 5678 9010{POP}"


def test_mobiles_are_shown_in_the_national_format_and_kept_left_to_right() -> None:
    e164 = "+989123456789"
    assert render("{{ m|mobile }}", "fa", m=e164) == f"{LTR}۰۹۱۲ ۳۴۵ ۶۷۸۹{POP}"
    assert render("{{ m|mobile }}", "en", m=e164) == f"{LTR}0912 345 6789{POP}"


@pytest.mark.parametrize("source", ["{{ x|tracking_code }}", "{{ x|mobile }}", "{{ x|digits }}"])
def test_missing_codes_render_as_nothing(source: str) -> None:
    assert render(source, "fa", x=None) == ""
