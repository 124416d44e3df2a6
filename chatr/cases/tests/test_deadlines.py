"""Working-day arithmetic, Tehran end-of-day deadlines and the green/amber/red bands."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from chatr.cases.choices import DeadlineBand
from chatr.cases.deadlines import (
    add_working_days,
    band_for,
    due_at_after,
    is_working_day,
    remaining_working_days,
    weekend_days,
    working_days_between,
)
from chatr.cases.models import Holiday

TEHRAN = ZoneInfo("Asia/Tehran")
FRIDAY = 4
THURSDAY = 3

# 2025-06-02 is a Monday; the 6th is a Friday.
MONDAY = date(2025, 6, 2)
WEDNESDAY = date(2025, 6, 4)
THURSDAY_5TH = date(2025, 6, 5)
FRIDAY_6TH = date(2025, 6, 6)
SATURDAY_7TH = date(2025, 6, 7)

days_strategy = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@st.composite
def start_and_holidays(draw: st.DrawFn) -> tuple[date, frozenset[date]]:
    """A start date and a few holidays around it (some on Fridays, some in long runs)."""
    start = draw(days_strategy)
    offsets = draw(st.sets(st.integers(min_value=-10, max_value=80), max_size=25))
    return start, frozenset(start + timedelta(days=offset) for offset in offsets)


def tehran(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=TEHRAN)


# --- pure working-day arithmetic -------------------------------------------------------------


def test_friday_is_the_only_weekend_day_when_the_setting_is_absent(settings) -> None:
    if hasattr(settings, "CHATR_WEEKEND_DAYS"):
        del settings.CHATR_WEEKEND_DAYS
    assert weekend_days() == frozenset({FRIDAY})
    assert not is_working_day(FRIDAY_6TH, [])
    assert is_working_day(THURSDAY_5TH, [])


def test_adding_working_days_skips_the_friday() -> None:
    assert add_working_days(WEDNESDAY, 1, []) == THURSDAY_5TH
    assert add_working_days(WEDNESDAY, 2, []) == SATURDAY_7TH


def test_adding_working_days_skips_holidays_after_the_friday() -> None:
    assert add_working_days(WEDNESDAY, 2, [SATURDAY_7TH]) == date(2025, 6, 8)


def test_the_start_day_itself_is_not_counted() -> None:
    assert add_working_days(MONDAY, 0, []) == MONDAY
    assert add_working_days(MONDAY, 1, []) == MONDAY + timedelta(days=1)


def test_a_week_of_working_days_is_seven_calendar_days_with_one_weekend_day() -> None:
    # Six working days a week: Saturday to Thursday.
    assert add_working_days(MONDAY, 6, []) == MONDAY + timedelta(days=7)


def test_working_days_between_counts_the_end_but_not_the_start() -> None:
    assert working_days_between(WEDNESDAY, SATURDAY_7TH, []) == 2  # Thursday and Saturday
    assert working_days_between(WEDNESDAY, WEDNESDAY, []) == 0
    assert working_days_between(WEDNESDAY, FRIDAY_6TH, []) == 1


def test_working_days_between_is_negative_when_the_end_is_earlier() -> None:
    assert working_days_between(SATURDAY_7TH, WEDNESDAY, []) == -2


def test_a_two_day_weekend_from_settings_is_skipped_too() -> None:
    with override_settings(CHATR_WEEKEND_DAYS=(THURSDAY, FRIDAY)):
        assert add_working_days(WEDNESDAY, 1, []) == SATURDAY_7TH
        assert working_days_between(WEDNESDAY, SATURDAY_7TH, []) == 1


@given(start_and_holidays(), st.integers(min_value=0, max_value=60))
def test_working_days_between_inverts_add_working_days(
    data: tuple[date, frozenset[date]], days: int
) -> None:
    start, holidays = data
    end = add_working_days(start, days, holidays)
    assert working_days_between(start, end, holidays) == days


@given(start_and_holidays(), st.integers(min_value=1, max_value=60))
def test_a_deadline_never_lands_on_a_weekend_or_a_holiday(
    data: tuple[date, frozenset[date]], days: int
) -> None:
    start, holidays = data
    end = add_working_days(start, days, holidays)
    assert end > start
    assert end.weekday() != FRIDAY
    assert end not in holidays
    assert is_working_day(end, holidays)


@given(start_and_holidays(), st.integers(min_value=1, max_value=60))
def test_the_deadline_is_the_earliest_day_with_enough_working_days(
    data: tuple[date, frozenset[date]], days: int
) -> None:
    start, holidays = data
    end = add_working_days(start, days, holidays)
    assert working_days_between(start, end - timedelta(days=1), holidays) == days - 1


@given(
    start_and_holidays(),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=60),
)
def test_adding_working_days_in_two_steps_is_the_same_as_in_one(
    data: tuple[date, frozenset[date]], first: int, second: int
) -> None:
    start, holidays = data
    in_two = add_working_days(add_working_days(start, first, holidays), second, holidays)
    assert in_two == add_working_days(start, first + second, holidays)


@given(days_strategy, days_strategy, days_strategy)
def test_working_days_between_adds_up_and_is_antisymmetric(a: date, b: date, c: date) -> None:
    holidays = {a + timedelta(days=3), b - timedelta(days=2)}
    assert working_days_between(a, b, holidays) == -working_days_between(b, a, holidays)
    assert working_days_between(a, c, holidays) == (
        working_days_between(a, b, holidays) + working_days_between(b, c, holidays)
    )


@given(start_and_holidays(), st.integers(min_value=0, max_value=60))
def test_with_a_two_day_weekend_a_deadline_avoids_both_days(
    data: tuple[date, frozenset[date]], days: int
) -> None:
    start, holidays = data
    with override_settings(CHATR_WEEKEND_DAYS=(THURSDAY, FRIDAY)):
        end = add_working_days(start, days, holidays)
        assert working_days_between(start, end, holidays) == days
        if days:
            assert end.weekday() not in (THURSDAY, FRIDAY)


# --- due dates (Tehran end of day; holidays from the table) -------------------------------


@pytest.mark.django_db
def test_due_at_is_the_end_of_the_working_day_in_tehran() -> None:
    due = due_at_after(tehran(2025, 6, 4, 10), 2)
    assert due.astimezone(TEHRAN) == tehran(2025, 6, 7, 23, 59, 59)


@pytest.mark.django_db
def test_due_at_counts_from_the_tehran_date_of_a_late_evening_utc_filing() -> None:
    # 22:00 UTC on Monday is 01:30 on Tuesday in Tehran: day one is Wednesday, not Tuesday.
    filed = datetime(2025, 6, 2, 22, 0, tzinfo=UTC)
    due = due_at_after(filed, 1)
    assert due.astimezone(TEHRAN) == tehran(2025, 6, 4, 23, 59, 59)
    assert due == datetime(2025, 6, 4, 20, 29, 59, tzinfo=UTC)


@pytest.mark.django_db
def test_due_at_skips_holidays_stored_in_the_holiday_table() -> None:
    Holiday.objects.create(date=SATURDAY_7TH, name_fa="تعطیل رسمی")
    due = due_at_after(tehran(2025, 6, 4, 10), 2)
    assert due.astimezone(TEHRAN) == tehran(2025, 6, 8, 23, 59, 59)


@pytest.mark.django_db
def test_due_at_skips_a_long_run_of_holidays() -> None:
    # Nowruz-like: two weeks off, the deadline moves past all of them.
    for offset in range(1, 15):
        Holiday.objects.create(date=MONDAY + timedelta(days=offset), name_fa=f"تعطیل {offset}")
    due = due_at_after(tehran(2025, 6, 2, 9), 1)
    assert due.astimezone(TEHRAN).date() == MONDAY + timedelta(days=15)


@pytest.mark.django_db
def test_remaining_working_days_is_negative_once_overdue() -> None:
    due = tehran(2025, 6, 4, 23, 59, 59)
    assert remaining_working_days(tehran(2025, 6, 2, 12), due) == 2
    assert remaining_working_days(tehran(2025, 6, 4, 12), due) == 0
    assert remaining_working_days(tehran(2025, 6, 7, 12), due) == -2


# --- bands ---------------------------------------------------------------------------------


@pytest.fixture
def ten_day_clock(db: None) -> tuple[datetime, datetime]:
    started = tehran(2025, 6, 2, 9)  # Monday
    return started, due_at_after(started, 10)


def _band(now: datetime, clock: tuple[datetime, datetime], *, paused: bool = False) -> str:
    started, due = clock
    return band_for(now=now, started_at=started, due_at=due, paused=paused, total_days=10)


def test_band_is_green_while_more_than_half_the_working_days_are_left(ten_day_clock) -> None:
    started, due = ten_day_clock
    assert due.astimezone(TEHRAN).date() == date(2025, 6, 14)  # 10 working days, 2 Fridays
    assert _band(started, ten_day_clock) == DeadlineBand.GREEN
    # Saturday 7th: 4 working days used (Tue, Wed, Thu, Sat; Friday skipped), 6 left.
    assert _band(tehran(2025, 6, 7, 23, 0), ten_day_clock) == DeadlineBand.GREEN


def test_band_turns_amber_when_half_the_working_days_are_used(ten_day_clock) -> None:
    # Sunday 8th: 5 working days used, 5 left.
    assert _band(tehran(2025, 6, 8, 0, 30), ten_day_clock) == DeadlineBand.AMBER
    # The last second of the due day is still amber, not red.
    assert _band(tehran(2025, 6, 14, 23, 59, 59), ten_day_clock) == DeadlineBand.AMBER


def test_band_turns_red_once_the_due_moment_has_passed(ten_day_clock) -> None:
    assert _band(tehran(2025, 6, 15, 0, 0, 0), ten_day_clock) == DeadlineBand.RED
    assert _band(tehran(2025, 7, 1), ten_day_clock) == DeadlineBand.RED


def test_a_paused_clock_shows_paused_even_when_overdue(ten_day_clock) -> None:
    assert _band(tehran(2025, 7, 1), ten_day_clock, paused=True) == DeadlineBand.PAUSED


def test_a_case_without_a_deadline_has_no_band() -> None:
    now = tehran(2025, 6, 2)
    assert (
        band_for(now=now, started_at=now, due_at=None, paused=False, total_days=0)
        == DeadlineBand.NONE
    )


@pytest.mark.django_db
def test_due_at_is_tehran_end_of_day_whatever_timezone_is_active() -> None:
    # A page or task that activates another zone (a user's preference, UTC in a worker) must
    # not move deadlines: they are the organization's working days in Tehran.
    filed = datetime(2025, 6, 2, 22, 0, tzinfo=UTC)
    with timezone.override("UTC"):
        due = due_at_after(filed, 1)
        left = remaining_working_days(datetime(2025, 6, 3, 21, 0, tzinfo=UTC), due)
    assert due.astimezone(TEHRAN) == tehran(2025, 6, 4, 23, 59, 59)
    assert left == 0  # 21:00 UTC on the 3rd is already the 4th (the due day) in Tehran


@pytest.mark.django_db
def test_a_holiday_added_in_the_admin_moves_deadlines_at_once(client) -> None:
    from chatr.accounts.models import User

    before = due_at_after(tehran(2025, 6, 4, 10), 2)
    admin_user = User.objects.create_superuser("root-holidays", "pw-for-tests-only")
    client.force_login(admin_user)
    response = client.post(
        "/admin/cases/holiday/add/",
        {"date": SATURDAY_7TH.isoformat(), "name_fa": "تعطیل رسمی", "name_en": "Holiday"},
    )
    assert response.status_code == 302, response.content[:500]
    after = due_at_after(tehran(2025, 6, 4, 10), 2)
    assert after - before == timedelta(days=1)
