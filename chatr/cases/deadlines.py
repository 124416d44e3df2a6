"""Working-day arithmetic on the Iranian calendar: weekend days from settings, holidays from
the Holiday table. Deadlines end at the end of a local (Tehran) working day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from chatr.cases.choices import DeadlineBand
from chatr.core.refcache import ProcessCopy


def weekend_days() -> frozenset[int]:
    """Python weekday numbers that are never working days (Friday by default)."""
    return frozenset(getattr(settings, "CHATR_WEEKEND_DAYS", (4,)))


def is_working_day(day: date, holidays: Iterable[date]) -> bool:
    return day.weekday() not in weekend_days() and day not in set(holidays)


def add_working_days(start: date, days: int, holidays: Iterable[date]) -> date:
    """The `days`-th working day after `start` (start itself not counted)."""
    off = set(holidays)
    weekend = weekend_days()
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() not in weekend and current not in off:
            left -= 1
    return current


def working_days_between(start: date, end: date, holidays: Iterable[date]) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end < start:
        return -working_days_between(end, start, holidays)
    off = set(holidays)
    weekend = weekend_days()
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() not in weekend and current not in off:
            count += 1
    return count


# Deadlines follow the organization's working days in Tehran (settings.TIME_ZONE), never the
# zone a request or task may have activated.
def local_date(moment: datetime) -> date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def end_of_day(day: date) -> datetime:
    return timezone.make_aware(
        datetime.combine(day, time(23, 59, 59)), timezone.get_default_timezone()
    )


def _load_holidays() -> frozenset[date]:
    from chatr.cases.models import Holiday

    return frozenset(Holiday.objects.values_list("date", flat=True))


# A few dozen rows a year, read for every deadline: one copy per process (core.refcache); an
# edit in the admin applies within a minute (the admin calls `holidays.forget()`).
holidays = ProcessCopy("cases:holidays", _load_holidays)


def holidays_between(first: date, last: date) -> set[date]:
    """Holidays in [first, last]."""
    return {day for day in holidays.get() if first <= day <= last}


def due_at_after(moment: datetime, days: int) -> datetime:
    """The end of the `days`-th working day after `moment`."""
    start = local_date(moment)
    # Three calendar days per working day is far more than any run of weekends and holidays.
    holidays = holidays_between(start, start + timedelta(days=days * 3 + 30))
    return end_of_day(add_working_days(start, days, holidays))


def remaining_working_days(now: datetime, due_at: datetime) -> int:
    """Working days left from now's local date to the due date (negative when overdue)."""
    start, end = local_date(now), local_date(due_at)
    return working_days_between(start, end, holidays_between(min(start, end), max(start, end)))


def band_for(
    *,
    now: datetime,
    started_at: datetime | None,
    due_at: datetime | None,
    paused: bool,
    total_days: int,
    holidays: set[date] | None = None,
) -> str:
    """Green until half the working days are used, amber after, red once overdue.

    Pass `holidays` (covering now … due_at) when computing many bands at once."""
    if paused:
        return DeadlineBand.PAUSED
    if due_at is None or started_at is None or total_days <= 0:
        return DeadlineBand.NONE
    if now > due_at:
        return DeadlineBand.RED
    if holidays is None:
        left = remaining_working_days(now, due_at)
    else:
        left = working_days_between(local_date(now), local_date(due_at), holidays)
    if left * 2 <= total_days:
        return DeadlineBand.AMBER
    return DeadlineBand.GREEN
