"""Jalali dates: formatting per language, parsing, the form field."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from chatr.core.jalali import (
    JalaliDateField,
    export_day,
    format_date,
    format_datetime,
    jalali_day,
    jalali_month_names,
    parse_jalali_date,
    to_jalali,
    to_local,
)
from chatr.core.text import to_ascii_digits, to_persian_digits

TEHRAN = ZoneInfo("Asia/Tehran")
AZAR_3_1405 = date(2026, 11, 24)

wide_dates = st.dates(min_value=date(1800, 1, 1), max_value=date(2300, 12, 31))


def _messages(text: str) -> tuple[str | None, list[str]]:
    with pytest.raises(ValidationError) as raised, translation.override("en"):
        parse_jalali_date(text)
    with translation.override("en"):
        return raised.value.code, raised.value.messages


# Formatting


def test_persian_dates_are_jalali_with_persian_digits() -> None:
    assert format_date(AZAR_3_1405, language="fa") == "۱۴۰۵/۰۹/۰۳"
    assert format_date(AZAR_3_1405, language="fa", style="long") == "۳ آذر ۱۴۰۵"


def test_english_dates_are_gregorian() -> None:
    assert format_date(AZAR_3_1405, language="en") == "2026-11-24"
    assert format_date(AZAR_3_1405, language="en", style="long") == "24 November 2026"


def test_the_active_language_is_the_default() -> None:
    with translation.override("fa"):
        assert format_date(AZAR_3_1405) == "۱۴۰۵/۰۹/۰۳"
    with translation.override("en"):
        assert format_date(AZAR_3_1405) == "2026-11-24"


def test_datetimes_show_tehran_local_time() -> None:
    moment = datetime(2026, 11, 24, 10, 5, tzinfo=UTC)  # 13:35 in Tehran
    assert format_datetime(moment, language="fa") == "۱۴۰۵/۰۹/۰۳ ۱۳:۳۵"
    assert format_datetime(moment, language="en") == "2026-11-24 13:35"


def test_none_formats_as_empty_text() -> None:
    assert format_date(None) == ""
    assert format_datetime(None) == ""


def test_unknown_style_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="style"):
        format_date(AZAR_3_1405, style="medium")  # type: ignore[arg-type]


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_local(datetime(2026, 11, 24, 10, 5))  # noqa: DTZ001 - the point of the test


def test_files_get_jalali_days_with_ascii_digits_in_persian_and_iso_in_english() -> None:
    day = date(2024, 8, 2)
    assert jalali_day(day) == "1403/05/12"
    assert export_day(day, language="fa") == "1403/05/12"
    assert export_day(day, language="en") == "2024-08-02"
    assert export_day(None, language="fa") == ""
    with translation.override("fa"):
        assert export_day(day) == "1403/05/12"
    # What people read is the same day in Persian digits.
    assert format_date(day, language="fa") == to_persian_digits(jalali_day(day))


def test_month_names_run_from_farvardin_to_esfand() -> None:
    assert len(jalali_month_names) == 12
    assert (jalali_month_names[0], jalali_month_names[8], jalali_month_names[11]) == (
        "فروردین",
        "آذر",
        "اسفند",
    )


@given(wide_dates)
def test_short_persian_format_parses_back_to_the_same_date(value: date) -> None:
    shown = format_date(value, language="fa")
    assert parse_jalali_date(shown) == value
    assert parse_jalali_date(to_ascii_digits(shown)) == value


@given(wide_dates)
def test_jalali_date_converts_back_to_the_gregorian_date(value: date) -> None:
    assert to_jalali(value).togregorian() == value


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.times(),
)
def test_aware_datetimes_fall_on_the_tehran_local_date(day: date, clock: time) -> None:
    moment = datetime.combine(day, clock, tzinfo=UTC)
    local_day = moment.astimezone(TEHRAN).date()
    assert to_jalali(moment) == to_jalali(local_day)
    assert format_date(moment, language="en") == local_day.isoformat()


def test_late_evening_utc_is_already_the_next_day_in_tehran() -> None:
    # Tehran is UTC+3:30 (no daylight saving since 2022): 20:30 UTC is midnight there.
    before = datetime(2026, 11, 23, 20, 29, tzinfo=UTC)
    after = before + timedelta(minutes=1)
    assert format_date(before, language="fa") == "۱۴۰۵/۰۹/۰۲"
    assert format_date(after, language="fa") == "۱۴۰۵/۰۹/۰۳"
    assert format_datetime(after, language="en") == "2026-11-24 00:00"


# Parsing


@pytest.mark.parametrize(
    "text", ["1405/09/03", "1405-9-3", "۱۴۰۵/۰۹/۰۳", "١٤٠٥/٩/٣", " 1405 / 09 / 03 ", "1405.09.03"]
)
def test_common_ways_of_typing_a_jalali_date_are_accepted(text: str) -> None:
    assert parse_jalali_date(text) == AZAR_3_1405


def test_esfand_30_exists_only_in_leap_years() -> None:
    assert parse_jalali_date("1403/12/30") == date(2025, 3, 20)
    code, messages = _messages("1405/12/30")
    assert code == "jalali_date_invalid"
    assert messages == ["Month 12 of 1405 has 29 days, so day 30 does not exist."]


@pytest.mark.parametrize("text", ["", "1405", "14050903", "05/09/03", "1405/09", "tomorrow"])
def test_unreadable_text_gets_the_expected_format(text: str) -> None:
    assert _messages(text) == (
        "jalali_date_invalid",
        ["Enter a date like 1405/09/03 (year/month/day)."],
    )


def test_impossible_month_is_named() -> None:
    assert _messages("1405/13/01") == (
        "jalali_date_invalid",
        ["There is no month 13: months go from 1 to 12."],
    )


def test_impossible_day_is_named() -> None:
    assert _messages("1405/07/31")[1] == ["Month 7 of 1405 has 30 days, so day 31 does not exist."]
    assert _messages("1405/01/00")[1] == ["Month 1 of 1405 has 31 days, so day 0 does not exist."]


def test_gregorian_year_gets_a_hint_to_use_the_jalali_calendar() -> None:
    assert _messages("2026-11-24")[1] == [
        "2026 looks like a Gregorian year. Enter the date in the Persian (Jalali) calendar, "
        "like 1405/09/03."
    ]


# Form field


class BirthForm(forms.Form):
    born_on = JalaliDateField()
    married_on = JalaliDateField(required=False)


def test_field_cleans_a_jalali_date_typed_in_persian_digits() -> None:
    with translation.override("fa"):
        form = BirthForm(data={"born_on": "۱۴۰۵/۰۹/۰۳", "married_on": ""})
        assert form.is_valid(), form.errors
    assert form.cleaned_data == {"born_on": AZAR_3_1405, "married_on": None}


def test_field_accepts_gregorian_iso_only_in_the_english_ui() -> None:
    with translation.override("en"):
        form = BirthForm(data={"born_on": "2026-11-24"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["born_on"] == AZAR_3_1405
        assert BirthForm(data={"born_on": "1405/09/03"}).is_valid()
        assert not BirthForm(data={"born_on": "2026-02-30"}).is_valid()
    with translation.override("fa"):
        form = BirthForm(data={"born_on": "2026-11-24"})
        assert not form.is_valid()
        assert form.errors.as_data()["born_on"][0].code == "jalali_date_invalid"


def test_field_shows_an_initial_date_in_jalali_ascii_digits() -> None:
    html = str(BirthForm(initial={"born_on": AZAR_3_1405})["born_on"])
    assert 'value="1405/09/03"' in html


def test_field_shows_an_aware_initial_datetime_on_its_tehran_date() -> None:
    field = JalaliDateField()
    assert field.prepare_value(datetime(2026, 11, 23, 21, 0, tzinfo=UTC)) == "1405/09/03"


def test_field_keeps_invalid_typed_text_for_correction() -> None:
    form = BirthForm(data={"born_on": "1405/13/01"})
    assert not form.is_valid()
    assert 'value="1405/13/01"' in str(form["born_on"])


def test_field_renders_a_left_to_right_numeric_input_with_an_example() -> None:
    html = str(BirthForm()["born_on"])
    assert 'placeholder="1405/09/03"' in html
    assert 'dir="ltr"' in html
    assert 'inputmode="numeric"' in html


@given(wide_dates)
def test_field_round_trips_its_own_display_value(value: date) -> None:
    field = JalaliDateField()
    with translation.override("fa"):
        assert field.clean(field.prepare_value(value)) == value
        assert field.clean(to_persian_digits(field.prepare_value(value))) == value


def test_month_names_follow_the_language() -> None:
    from chatr.core.jalali import jalali_month_choices, jalali_month_name

    assert jalali_month_name(9, language="fa") == "آذر"
    assert jalali_month_name(9, language="en") == "Azar"
    with translation.override("en"):
        assert jalali_month_choices()[0] == (1, "Farvardin")
    with translation.override("fa"):
        assert jalali_month_choices()[11] == (12, "اسفند")
