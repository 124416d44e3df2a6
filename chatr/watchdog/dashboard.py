"""Reads behind the watchdog dashboard and the monthly report, plus `stats_rebuild`.

Every figure takes a fixed number of queries, and the work is bounded whatever the volume:

- Counts (by type, area, category, province, channel, state) of whole Jalali months before
  the current one come from MonthlyCount (tens of rows per month and province), which
  monthly_counts_rebuild() recomputes from DailyStat every MONTHLY_COUNTS_INTERVAL (the
  worker's task) and after stats_rebuild(): a past month's counts by status may be that old.
  The current month, partial months at the edges of the period and months not yet in
  MonthlyCount come from DailyStat, which the services keep in step with every change (at
  high volume it has nearly a row per message: its key includes category, channel and state).
  On PostgreSQL the six breakdowns are one scan of each table (GROUPING SETS).
- Timing, deadlines and satisfaction need Case rows. They are exact up to SAMPLE_LIMIT messages
  in the selection; above that they are computed on a sample of about SAMPLE_LIMIT messages
  (PostgreSQL: those filed inside SAMPLE_WINDOWS short time windows spread over the period,
  one index range scan each; elsewhere every n-th id), and the page says so.
- The overdue list reads OVERDUE_LIMIT rows from the due_at index and counts up to
  OVERDUE_COUNT_CAP.

Provinces: a message counts in the province it is about (the unit concerned), else in the
province handling it (services._province_of). DailyStat rows carry that province; Case rows
are filtered by the province that handles them (`scope_province`, the scoping key), so the
two can differ for a message about one province handled by another.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import jdatetime
from django.db import connection, transaction
from django.db.models import Avg, Count, F, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.cases.choices import CaseChannel
from chatr.cases.deadlines import holidays_between, local_date, working_days_between
from chatr.cases.models import Case
from chatr.core.db import jit_off
from chatr.core.errors import NotFoundError, PermissionDeniedError
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.watchdog.choices import MessageState, MessageType
from chatr.watchdog.models import (
    COUNT_DIMENSIONS,
    Category,
    DailyStat,
    Message,
    MonthlyCount,
    SubjectArea,
)
from chatr.watchdog.workflow import KIND, WORKFLOW

SAMPLE_LIMIT = 10_000
SAMPLE_WINDOWS = 400
OVERDUE_LIMIT = 20
OVERDUE_COUNT_CAP = 1000
TOP_CATEGORIES = 10
# States in which the deadline clock runs (not answered, not closed); waiting pauses it.
OPEN_STATES = tuple(s for s in MessageState.values if s not in WORKFLOW.closed | WORKFLOW.answered)
NO_PROVINCE = "none"  # key of the row for messages not yet referred to a province


# --- Scope --------------------------------------------------------------------------------


def dashboard_province_ids(*, scope: Scope) -> frozenset[int] | None:
    """The provinces whose figures the reader may see: None means all (an HQ grant).

    Only HQ and province grants carry the dashboard; a county or center grant gives nothing."""
    grants = scope.grants_for(Perm.WATCHDOG_DASHBOARD)
    if any(g.unit_kind == OrgUnitKind.HQ for g in grants):
        return None
    ids = frozenset(g.unit_id for g in grants if g.unit_kind == OrgUnitKind.PROVINCE)
    if not ids:
        raise PermissionDeniedError()
    return ids


def dashboard_provinces(*, scope: Scope) -> QuerySet[OrgUnit]:
    """Provinces the reader may pick in the filter (all for HQ, their own for a province)."""
    ids = dashboard_province_ids(scope=scope)
    provinces = OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE)
    if ids is not None:
        provinces = provinces.filter(pk__in=ids)
    return provinces.order_by("code")


@dataclass(frozen=True)
class Selection:
    """What a report covers: local days [first, last] and provinces (None: every province)."""

    first: date
    last: date
    provinces: frozenset[int] | None

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def end(self) -> datetime:  # exclusive
        return timezone.make_aware(datetime.combine(self.last + timedelta(days=1), time.min))


def selection_for(
    *, scope: Scope, first: date, last: date, province_id: int | None = None
) -> Selection:
    """Narrow to one province when asked; a province outside the scope looks missing."""
    allowed = dashboard_province_ids(scope=scope)
    if province_id is None:
        return Selection(first, last, allowed)
    if allowed is not None and province_id not in allowed:
        raise NotFoundError()
    return Selection(first, last, frozenset({province_id}))


# --- Periods (Jalali at the edges) ------------------------------------------------------------


def current_year_to_date(today: date | None = None) -> tuple[date, date]:
    """1 Farvardin of the current Jalali year up to today (local)."""
    today = today or timezone.localdate()
    year = jdatetime.date.fromgregorian(date=today).year
    return jdatetime.date(year, 1, 1).togregorian(), today


def jalali_month_range(year: int, month: int) -> tuple[date, date]:
    """First and last Gregorian day of a Jalali month."""
    first = jdatetime.date(year, month, 1)
    next_first = (
        jdatetime.date(year + 1, 1, 1) if month == 12 else jdatetime.date(year, month + 1, 1)
    )
    return first.togregorian(), next_first.togregorian() - timedelta(days=1)


def previous_jalali_month(today: date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    current = jdatetime.date.fromgregorian(date=today)
    return (current.year - 1, 12) if current.month == 1 else (current.year, current.month - 1)


# --- Results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str  # machine key (a code, an id, a state) for exports
    label: str  # in the active language
    count: int
    percent: Decimal  # of the breakdown's total; a column of them adds up to exactly 100


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: Any
    label_heading: Any
    rows: list[Row]
    total: int


@dataclass(frozen=True)
class Durations:
    count: int
    median_hours: float | None
    p90_hours: float | None


@dataclass(frozen=True)
class CaseFigures:
    """Figures computed on Case rows (all of them, or a sample: see `sampled`)."""

    cases: int  # rows looked at
    sampled: bool
    first_answer: Durations
    close: Durations
    on_time: int
    late: int
    open_overdue: int
    rated: int
    rating_average: float | None
    ratings: list[Row]  # 1..5

    @property
    def deadline_base(self) -> int:
        return self.on_time + self.late + self.open_overdue

    @property
    def share_on_time(self) -> Decimal | None:
        """Answered within the deadline, of those answered or already overdue (percent)."""
        base = self.deadline_base
        return _percent(self.on_time, base) if base else None


@dataclass(frozen=True)
class OverdueItem:
    tracking_code: str
    filed_at: datetime
    due_at: datetime
    working_days_late: int
    message_type: Any
    category: str
    unit: str
    state: Any


@dataclass(frozen=True)
class Dashboard:
    selection: Selection
    total: int
    breakdowns: dict[str, Breakdown]
    figures: CaseFigures
    overdue: list[OverdueItem]
    overdue_total: int  # at most OVERDUE_COUNT_CAP
    generated_at: datetime = field(default_factory=timezone.now)

    @property
    def overdue_capped(self) -> bool:
        return self.overdue_total >= OVERDUE_COUNT_CAP


# --- Arithmetic -------------------------------------------------------------------------------


_TENTH = Decimal("0.1")


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part * 100) / Decimal(whole)).quantize(_TENTH)


def shares(counts: Sequence[int]) -> list[Decimal]:
    """Percentages with one decimal that add up to exactly 100 (largest remainder)."""
    total = sum(counts)
    if not total:
        return [Decimal("0.0") for _count in counts]
    units = [c * 1000 // total for c in counts]
    remainders = sorted(range(len(counts)), key=lambda i: (-(counts[i] * 1000 % total), i))
    for i in remainders[: 1000 - sum(units)]:
        units[i] += 1
    return [(Decimal(u) / Decimal(10)).quantize(_TENTH) for u in units]


def percentile(sorted_values: Sequence[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks (PostgreSQL's percentile_cont)."""
    if not sorted_values:
        return None
    position = fraction * (len(sorted_values) - 1)
    low, high = math.floor(position), math.ceil(position)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def _rows(pairs: Iterable[tuple[str, str, int]]) -> list[Row]:
    items = [(k, label, n) for k, label, n in pairs if n > 0]
    percents = shares([n for _k, _label, n in items])
    return [Row(k, label, n, p) for (k, label, n), p in zip(items, percents, strict=True)]


# --- Counts (MonthlyCount and DailyStat) ------------------------------------------------------

_DIMENSIONS = COUNT_DIMENSIONS
_ID_DIMENSIONS = frozenset({"area_id", "category_id", "province_id"})
# How often the worker recomputes MonthlyCount (tasks.monthly_counts_task): the bound on how old
# a past month's counts by status (and by province, after a referral) may be.
MONTHLY_COUNTS_INTERVAL = timedelta(hours=1)

Counts = dict[str, dict[Any, int]]
DayRange = tuple[date, date]


@dataclass(frozen=True)
class _Block:
    """A piece of a period inside one Jalali month."""

    first: date
    last: date
    jyear: int
    jmonth: int
    whole_past: bool  # the whole month, and before the current one


def _month_blocks(first: date, last: date, today: date) -> list[_Block]:
    """[first, last] cut at the Jalali month starts."""
    this_month = jdatetime.date.fromgregorian(date=today)
    this_month_first = jdatetime.date(this_month.year, this_month.month, 1).togregorian()
    blocks = []
    start = first
    while start <= last:
        j = jdatetime.date.fromgregorian(date=start)
        month_first, month_last = jalali_month_range(j.year, j.month)
        end = min(month_last, last)
        whole = start == month_first and end == month_last
        blocks.append(_Block(start, end, j.year, j.month, whole and month_last < this_month_first))
        start = end + timedelta(days=1)
    return blocks


def _counts_by_dimension(selection: Selection, *, today: date | None = None) -> Counts:
    """{dimension: {value: messages}} for the six dimensions.

    Whole Jalali months before the current one come from MonthlyCount (one query over all of
    them); the current month, the partial months at the edges of the period and any past month
    not yet in MonthlyCount come from DailyStat (one query over all of them)."""
    blocks = _month_blocks(selection.first, selection.last, today or timezone.localdate())
    result: dict[str, Counter[Any]] = {d: Counter() for d in _DIMENSIONS}
    past = {(b.jyear, b.jmonth) for b in blocks if b.whole_past}
    covered = _add_monthly_counts(result, past, selection.provinces) if past else set()
    fresh = [(b.first, b.last) for b in blocks if (b.jyear, b.jmonth) not in covered]
    if fresh:
        for dimension, values in _daily_counts(_merged(fresh), selection.provinces).items():
            result[dimension].update(values)
    return {d: dict(values) for d, values in result.items()}


def _add_monthly_counts(
    result: dict[str, Counter[Any]], months: set[tuple[int, int]], provinces: frozenset[int] | None
) -> set[tuple[int, int]]:
    """Add the MonthlyCount rows of `months` to `result`; return the months that had rows."""
    which = Q()
    for jyear, jmonth in sorted(months):
        which |= Q(jyear=jyear, jmonth=jmonth)
    rows = MonthlyCount.objects.filter(which)
    if provinces is not None:
        rows = rows.filter(province_id__in=sorted(provinces))
    covered = set()
    for jyear, jmonth, dimension, value, n in (
        rows.values_list("jyear", "jmonth", "dimension", "value")
        .annotate(n=Sum("filed"))
        .order_by()
    ):
        covered.add((jyear, jmonth))
        result[dimension][_decode(dimension, value)] += n
    return covered


def _decode(dimension: str, value: str) -> Any:
    """MonthlyCount.value back to DailyStat's type (ids are ints, no province is None)."""
    if dimension in _ID_DIMENSIONS:
        return int(value) if value else None
    return value


def _merged(ranges: list[DayRange]) -> list[DayRange]:
    """Sorted day ranges with the adjacent ones joined (fewer ORs in the query)."""
    merged: list[DayRange] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def _daily_counts(ranges: list[DayRange], provinces: frozenset[int] | None) -> Counts:
    if connection.vendor == "postgresql":
        return _daily_counts_grouping_sets(ranges, provinces)
    days = Q()
    for first, last in ranges:
        days |= Q(day__gte=first, day__lte=last)
    stats = DailyStat.objects.filter(days)
    if provinces is not None:
        stats = stats.filter(province_id__in=sorted(provinces))
    result: Counts = {}
    for dimension in _DIMENSIONS:
        rows = stats.values_list(dimension).annotate(n=Sum("filed")).order_by()
        result[dimension] = {value: n for value, n in rows if n}
    return result


def _daily_counts_grouping_sets(ranges: list[DayRange], provinces: frozenset[int] | None) -> Counts:
    """One scan of the days' DailyStat rows for all six breakdowns (PostgreSQL)."""
    table = connection.ops.quote_name(DailyStat._meta.db_table)
    columns = ", ".join(_DIMENSIONS)
    where = " OR ".join("(day >= %s AND day <= %s)" for _range in ranges)
    params: list[Any] = [day for day_range in ranges for day in day_range]
    if provinces is not None:
        where = f"({where}) AND province_id = ANY(%s)"
        params.append(sorted(provinces))
    sets = ", ".join(f"({d})" for d in _DIMENSIONS)
    sql = (
        f"SELECT GROUPING({columns}), {columns}, SUM(filed) FROM {table} "  # noqa: S608 - names only
        f"WHERE {where} GROUP BY GROUPING SETS ({sets})"
    )
    result: Counts = {d: {} for d in _DIMENSIONS}
    width = len(_DIMENSIONS)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for mask, *values, total in cursor.fetchall():
            # GROUPING() sets a bit (first argument = highest bit) for each column NOT grouped.
            index = next(i for i in range(width) if not mask & (1 << (width - 1 - i)))
            if total:
                result[_DIMENSIONS[index]][values[index]] = int(total)
    return result


def _names(model: Any, ids: Iterable[Any]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    return {obj.pk: obj.name for obj in model.objects.filter(pk__in=wanted)} if wanted else {}


def _breakdowns(counts: dict[str, dict[Any, int]]) -> dict[str, Breakdown]:
    type_labels = dict(MessageType.choices)
    channel_labels = dict(CaseChannel.choices)
    areas = _names(SubjectArea, counts["area_id"])
    categories = _names(Category, counts["category_id"])
    provinces = _names(OrgUnit, counts["province_id"])

    def by_count(items: dict[Any, int]) -> list[tuple[Any, int]]:
        return sorted(items.items(), key=lambda kv: (-kv[1], str(kv[0])))

    def choice_rows(items: dict[Any, int], labels: dict[str, Any]) -> list[tuple[str, str, int]]:
        ordered = [(v, items[v]) for v in labels if v in items]
        ordered += [(v, n) for v, n in by_count(items) if v not in labels]
        return [(str(v), str(labels.get(v, v)), n) for v, n in ordered]

    total = sum(counts["message_type"].values())
    top = by_count(counts["category_id"])[:TOP_CATEGORIES]
    top_rows = _rows((str(k), categories.get(k, str(k)), n) for k, n in top)
    # A top-10 row's share is of all messages, not of the ten shown.
    top_rows = [Row(r.key, r.label, r.count, _percent(r.count, total)) for r in top_rows]
    made = {
        "message_type": Breakdown(
            "message_type",
            _("Messages by type"),
            _("Type"),
            _rows(choice_rows(counts["message_type"], type_labels)),
            total,
        ),
        "area": Breakdown(
            "area",
            _("Messages by subject area"),
            _("Subject area"),
            _rows((str(k), areas.get(k, str(k)), n) for k, n in by_count(counts["area_id"])),
            total,
        ),
        "category": Breakdown(
            "category",
            _("Top problems of the period (ten most frequent categories)"),
            _("Category"),
            top_rows,
            total,
        ),
        "province": Breakdown(
            "province",
            _("Messages by province"),
            _("Province"),
            _rows(
                (
                    NO_PROVINCE if k is None else str(k),
                    str(_("Not yet referred (national)")) if k is None else provinces.get(k, ""),
                    n,
                )
                for k, n in by_count(counts["province_id"])
            ),
            total,
        ),
        "channel": Breakdown(
            "channel",
            _("Messages by channel"),
            _("Channel"),
            _rows(choice_rows(counts["channel"], channel_labels)),
            total,
        ),
        "state": Breakdown(
            "state",
            _("Messages by current status"),
            _("Status"),
            _rows(choice_rows(counts["state"], dict(WORKFLOW.labels))),
            total,
        ),
    }
    return made


# --- Case figures (timing, deadlines, satisfaction) --------------------------------------------


def _case_filter(selection: Selection) -> Q:
    q = Q(kind=KIND, filed_at__gte=selection.start, filed_at__lt=selection.end)
    if selection.provinces is not None:
        q &= Q(scope_province_id__in=sorted(selection.provinces))
    return q


def _figures(
    selection: Selection, *, population: int, now: datetime, sample_limit: int
) -> CaseFigures:
    if connection.vendor == "postgresql":
        return _figures_postgresql(
            selection, population=population, now=now, sample_limit=sample_limit
        )
    return _figures_portable(selection, population=population, now=now, sample_limit=sample_limit)


def _make_figures(
    *,
    cases: int,
    sampled: bool,
    answered: tuple[int, float | None, float | None],
    closed: tuple[int, float | None, float | None],
    on_time: int,
    late: int,
    open_overdue: int,
    rating_counts: Sequence[int],
    rating_average: float | None,
) -> CaseFigures:
    rated = sum(rating_counts)
    return CaseFigures(
        cases=cases,
        sampled=sampled,
        first_answer=Durations(*answered),
        close=Durations(*closed),
        on_time=on_time,
        late=late,
        open_overdue=open_overdue,
        rated=rated,
        rating_average=round(float(rating_average), 2) if rating_average is not None else None,
        ratings=[
            Row(str(score), str(score), n, p)
            for score, n, p in zip(
                range(1, 6), rating_counts, shares(list(rating_counts)), strict=True
            )
        ],
    )


def _figures_portable(
    selection: Selection, *, population: int, now: datetime, sample_limit: int
) -> CaseFigures:
    cases = Case.objects.filter(_case_filter(selection))
    sampled = population > sample_limit
    if sampled:
        step = math.ceil(population / sample_limit)
        cases = cases.annotate(bucket=F("pk") % step).filter(bucket=0)
    answered = Q(first_answered_at__isnull=False)
    agg = cases.aggregate(
        n=Count("pk"),
        on_time=Count(
            "pk", filter=answered & (Q(due_at__isnull=True) | Q(first_answered_at__lte=F("due_at")))
        ),
        late=Count("pk", filter=answered & Q(first_answered_at__gt=F("due_at"))),
        open_overdue=Count(
            "pk",
            filter=Q(state__in=OPEN_STATES, paused_at__isnull=True, due_at__lt=now),
        ),
        average=Avg("rating"),
        **{f"r{score}": Count("pk", filter=Q(rating=score)) for score in range(1, 6)},
    )
    first = sorted(
        (a - f).total_seconds() / 3600
        for f, a in cases.filter(answered).values_list("filed_at", "first_answered_at")
    )
    closed = sorted(
        (c - f).total_seconds() / 3600
        for f, c in cases.filter(state__in=WORKFLOW.closed, closed_at__isnull=False).values_list(
            "filed_at", "closed_at"
        )
    )
    return _make_figures(
        cases=agg["n"],
        sampled=sampled,
        answered=(len(first), percentile(first, 0.5), percentile(first, 0.9)),
        closed=(len(closed), percentile(closed, 0.5), percentile(closed, 0.9)),
        on_time=agg["on_time"],
        late=agg["late"],
        open_overdue=agg["open_overdue"],
        rating_counts=[agg[f"r{score}"] for score in range(1, 6)],
        rating_average=agg["average"],
    )


def _figures_postgresql(
    selection: Selection, *, population: int, now: datetime, sample_limit: int
) -> CaseFigures:
    """Everything in one statement; the two percentile pairs are one sort each.

    Above `sample_limit` messages, only those filed inside SAMPLE_WINDOWS short time windows
    are read, one window at a pseudo-random place in each equal slice of the period, together
    covering the fraction of the period that holds about `sample_limit` messages. Each window
    is an index range scan (filed_at, or scope_province + filed_at), so the cost follows the
    sample, not the period or the table; the same windows are used every time."""
    table = connection.ops.quote_name(Case._meta.db_table)
    sampled = population > sample_limit
    columns = "filed_at, first_answered_at, due_at, closed_at, paused_at, state, rating"
    where = "kind = %s AND filed_at >= %s AND filed_at < %s"
    source_params: list[Any] = [KIND, selection.start, selection.end]
    if selection.provinces is not None:
        where += " AND scope_province_id = ANY(%s)"
        source_params.append(sorted(selection.provinces))
    if sampled:
        # LATERAL: one index range scan per window, whatever the planner guesses about ranges.
        starts, length = _sample_windows(selection, fraction=sample_limit / population)
        inner = f"SELECT {columns} FROM {table} WHERE {where}"  # noqa: S608 - fixed fragments
        window = "filed_at >= w.start AND filed_at < w.start + %s"
        source = f"UNNEST(%s::timestamptz[]) w(start) CROSS JOIN LATERAL ({inner} AND {window}) c"
        source_params = [starts, *source_params, length]
    else:
        source = f"(SELECT {columns} FROM {table} WHERE {where}) AS c"  # noqa: S608
    open_states = list(OPEN_STATES)
    closed_states = sorted(WORKFLOW.closed)
    first = "EXTRACT(EPOCH FROM first_answered_at - filed_at) / 3600.0"
    close = "EXTRACT(EPOCH FROM closed_at - filed_at) / 3600.0"
    ratings = ", ".join(f"COUNT(*) FILTER (WHERE rating = {score})" for score in range(1, 6))
    sql = f"""
        SELECT
          COUNT(*),
          COUNT(*) FILTER (WHERE first_answered_at IS NOT NULL
                             AND (due_at IS NULL OR first_answered_at <= due_at)),
          COUNT(*) FILTER (WHERE first_answered_at > due_at),
          COUNT(*) FILTER (WHERE state = ANY(%s) AND paused_at IS NULL AND due_at < %s),
          COUNT(*) FILTER (WHERE first_answered_at IS NOT NULL),
          PERCENTILE_CONT(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY {first})
            FILTER (WHERE first_answered_at IS NOT NULL),
          COUNT(*) FILTER (WHERE state = ANY(%s) AND closed_at IS NOT NULL),
          PERCENTILE_CONT(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY {close})
            FILTER (WHERE state = ANY(%s) AND closed_at IS NOT NULL),
          AVG(rating),
          {ratings}
        FROM {source}
    """  # noqa: S608 - only identifiers and fixed fragments are interpolated
    params = [open_states, now, closed_states, closed_states, *source_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    n, on_time, late, open_overdue, n_first, p_first, n_close, p_close, average, *stars = row
    p_first = p_first or [None, None]
    p_close = p_close or [None, None]
    return _make_figures(
        cases=n,
        sampled=sampled,
        answered=(n_first, p_first[0], p_first[1]),
        closed=(n_close, p_close[0], p_close[1]),
        on_time=on_time,
        late=late,
        open_overdue=open_overdue,
        rating_counts=stars,
        rating_average=average,
    )


def _sample_windows(selection: Selection, *, fraction: float) -> tuple[list[datetime], timedelta]:
    """SAMPLE_WINDOWS window starts (one per equal slice of the period) and their length."""
    period = selection.end - selection.start
    slice_ = period / SAMPLE_WINDOWS
    length = slice_ * min(fraction, 1.0)
    rng = random.Random(1482)  # noqa: S311 - a fixed, reproducible sample, not a secret
    starts = [
        selection.start + slice_ * i + (slice_ - length) * rng.random()
        for i in range(SAMPLE_WINDOWS)
    ]
    return starts, length


# --- Overdue ---------------------------------------------------------------------------------


def _overdue_cases(*, scope: Scope, selection: Selection, now: datetime) -> QuerySet[Case]:
    """Open messages past their deadline, whatever their filing date, most late first."""
    cases = Case.objects.filter(
        kind=KIND, state__in=OPEN_STATES, paused_at__isnull=True, due_at__lt=now
    ).filter(Q(is_sensitive=False) | scope.stamp_q(Perm.CASE_VIEW_SENSITIVE))
    if selection.provinces is not None:
        cases = cases.filter(scope_province_id__in=sorted(selection.provinces))
    return cases


def overdue_list(
    *, scope: Scope, selection: Selection, now: datetime, limit: int = OVERDUE_LIMIT
) -> tuple[list[OverdueItem], int]:
    cases = _overdue_cases(scope=scope, selection=selection, now=now)
    top = list(
        cases.select_related("org_unit", "watchdog_message__category").order_by("due_at", "pk")[
            :limit
        ]
    )
    # Counting every overdue message could read a large part of the table; past the cap the
    # page says "at least" (the due_at index finds the first ones quickly).
    capped = cases.order_by()[:OVERDUE_COUNT_CAP]
    total = len(top) if len(top) < limit else capped.count()
    if not top:
        return [], total
    today = local_date(now)
    holidays = holidays_between(local_date(top[0].due_at), today)
    type_labels = dict(MessageType.choices)
    items = [
        OverdueItem(
            tracking_code=case.tracking_code,
            filed_at=case.filed_at,
            due_at=case.due_at,  # type: ignore[arg-type]
            working_days_late=working_days_between(local_date(case.due_at), today, holidays),  # type: ignore[arg-type]
            message_type=type_labels.get(
                case.watchdog_message.message_type, case.watchdog_message.message_type
            ),
            category=case.watchdog_message.category.name,
            unit=case.org_unit.name,
            state=WORKFLOW.label(case.state),
        )
        for case in top
    ]
    return items, total


# --- The dashboard ---------------------------------------------------------------------------


@contextmanager
def _reading() -> Iterator[None]:
    """One read transaction; on PostgreSQL without JIT compilation, which costs these
    aggregate queries 50–150 ms (the planner over-estimates the rows and compiles them) and
    never pays back at this size."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        jit_off(cursor)
        yield


def dashboard_get(
    *,
    scope: Scope,
    selection: Selection,
    now: datetime | None = None,
    sample_limit: int = SAMPLE_LIMIT,
) -> Dashboard:
    """Every figure of the dashboard for one selection (a fixed number of queries)."""
    now = now or timezone.now()
    with _reading():
        counts = _counts_by_dimension(selection)
        breakdowns = _breakdowns(counts)
        total = breakdowns["message_type"].total
        figures = _figures(selection, population=total, now=now, sample_limit=sample_limit)
        overdue, overdue_total = overdue_list(scope=scope, selection=selection, now=now)
    return Dashboard(
        selection=selection,
        total=total,
        breakdowns=breakdowns,
        figures=figures,
        overdue=overdue,
        overdue_total=overdue_total,
    )


# --- The monthly report ----------------------------------------------------------------------


@dataclass(frozen=True)
class MonthlyReport:
    year: int
    month: int
    selection: Selection
    total: int
    by_channel: Breakdown
    by_area: Breakdown
    by_type: Breakdown

    @property
    def month_name(self) -> str:
        from chatr.core.jalali import jalali_month_name

        return jalali_month_name(self.month)

    @property
    def sections(self) -> list[Breakdown]:
        return [self.by_channel, self.by_area, self.by_type]


def monthly_report_get(
    *, scope: Scope, year: int, month: int, province_id: int | None = None
) -> MonthlyReport:
    """Messages of one Jalali month by channel, subject area and type, with percentages."""
    first, last = jalali_month_range(year, month)
    selection = selection_for(scope=scope, first=first, last=last, province_id=province_id)
    with _reading():
        counts = _counts_by_dimension(selection)
    areas = _names(SubjectArea, counts["area_id"])
    total = sum(counts["channel"].values())

    def breakdown(
        key: str, title: Any, heading: Any, labels: dict[Any, Any], items: dict[Any, int]
    ) -> Breakdown:
        ordered = sorted(items.items(), key=lambda kv: (-kv[1], str(kv[0])))
        return Breakdown(
            key,
            title,
            heading,
            _rows((str(k), str(labels.get(k, k)), n) for k, n in ordered),
            total,
        )

    return MonthlyReport(
        year=year,
        month=month,
        selection=selection,
        total=total,
        by_channel=breakdown(
            "channel",
            _("Messages by channel"),
            _("Channel"),
            dict(CaseChannel.choices),
            counts["channel"],
        ),
        by_area=breakdown(
            "area", _("Messages by subject area"), _("Subject area"), areas, counts["area_id"]
        ),
        by_type=breakdown(
            "message_type",
            _("Messages by type"),
            _("Type"),
            dict(MessageType.choices),
            counts["message_type"],
        ),
    )


# --- Rebuilding the counters -----------------------------------------------------------------


def _stat_source() -> QuerySet[Any]:
    """DailyStat's rows computed from the messages, in the column order of _STAT_COLUMNS."""
    return (
        Message.objects.filter(case__kind=KIND)
        .annotate(
            s_day=TruncDate("case__filed_at", tzinfo=timezone.get_default_timezone()),
            s_province=Coalesce("concerned_unit__province_id", "case__scope_province_id"),
            s_type=F("message_type"),
            s_area=F("area_id"),
            s_category=F("category_id"),
            s_channel=F("case__channel"),
            s_state=F("case__state"),
        )
        .values("s_day", "s_province", "s_type", "s_area", "s_category", "s_channel", "s_state")
        .annotate(s_filed=Count("pk"))
        .order_by()
    )


_STAT_COLUMNS = (
    "day",
    "province_id",
    "message_type",
    "area_id",
    "category_id",
    "channel",
    "state",
    "filed",
)


@transaction.atomic
def stats_rebuild() -> int:
    """Recompute DailyStat from the messages (after bulk loads or backdating); return rows.

    One INSERT … SELECT: the database does the grouping, nothing is loaded into Python. On
    PostgreSQL the table is locked first, so a message filed meanwhile waits and then bumps
    the rebuilt counters (never counted twice, never lost)."""
    table = connection.ops.quote_name(DailyStat._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - a table name
        select_sql, params = _stat_source().query.sql_with_params()
        columns = ", ".join(connection.ops.quote_name(c) for c in _STAT_COLUMNS)
        cursor.execute(f"INSERT INTO {table} ({columns}) {select_sql}", params)
        rows = cursor.rowcount
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {table}")  # the planner must know the table changed size
    monthly_counts_rebuild()
    return rows


def _past_months_with_stats(today: date) -> list[tuple[int, int]]:
    """Every Jalali month from the first DailyStat day up to the month before `today`'s."""
    bounds = DailyStat.objects.aggregate(first=Min("day"), last=Max("day"))
    if bounds["first"] is None:
        return []
    this_month = jdatetime.date.fromgregorian(date=today)
    this_month_first = jdatetime.date(this_month.year, this_month.month, 1).togregorian()
    last = min(bounds["last"], this_month_first - timedelta(days=1))
    month = jdatetime.date.fromgregorian(date=bounds["first"])
    jyear, jmonth = month.year, month.month
    months = []
    while jalali_month_range(jyear, jmonth)[0] <= last:
        months.append((jyear, jmonth))
        jyear, jmonth = (jyear + 1, 1) if jmonth == 12 else (jyear, jmonth + 1)
    return months


@transaction.atomic
def monthly_counts_rebuild(
    *, months: Iterable[tuple[int, int]] | None = None, today: date | None = None
) -> int:
    """Recompute MonthlyCount from DailyStat for whole Jalali months; return the rows written.

    `months` defaults to every past month with counters (and then drops rows of any other
    month). The current month and later ones are never stored: the dashboard reads them from
    DailyStat, and a month stored half-way would look complete once it is over. On PostgreSQL
    one GROUPING SETS query per month; the table is locked against a second rebuild (readers
    go on reading the rows committed before)."""
    today = today or timezone.localdate()
    this_month = jdatetime.date.fromgregorian(date=today)
    current = (this_month.year, this_month.month)
    everything = months is None
    wanted = sorted(
        {m for m in (_past_months_with_stats(today) if months is None else months) if m < current}
    )
    table = connection.ops.quote_name(MonthlyCount._meta.db_table)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
    if everything:
        MonthlyCount.objects.all().delete()
    else:
        for jyear, jmonth in wanted:
            MonthlyCount.objects.filter(jyear=jyear, jmonth=jmonth).delete()
    written = 0
    for jyear, jmonth in wanted:
        first, last = jalali_month_range(jyear, jmonth)
        if connection.vendor == "postgresql":
            written += _monthly_counts_insert(jyear, jmonth, first, last)
        else:
            written += _monthly_counts_create(jyear, jmonth, first, last)
    return written


def _monthly_counts_insert(jyear: int, jmonth: int, first: date, last: date) -> int:
    """One month's MonthlyCount rows by one INSERT … SELECT with GROUPING SETS (PostgreSQL)."""
    target = connection.ops.quote_name(MonthlyCount._meta.db_table)
    source = connection.ops.quote_name(DailyStat._meta.db_table)
    others = [d for d in _DIMENSIONS if d != "province_id"]
    # Every set groups by province; GROUPING() over the other columns names the dimension
    # (a bit, first column highest, for each column NOT grouped; all set: the province set).
    width = len(others)
    full = (1 << width) - 1
    cases = " ".join(
        f"WHEN {full & ~(1 << (width - 1 - i))} THEN '{d}'" for i, d in enumerate(others)
    )
    values = " ".join(
        f"WHEN {full & ~(1 << (width - 1 - i))} THEN {d}::text" for i, d in enumerate(others)
    )
    grouping = f"GROUPING({', '.join(others)})"
    sets = ", ".join([*(f"(province_id, {d})" for d in others), "(province_id)"])
    sql = f"""
        INSERT INTO {target} (jyear, jmonth, province_id, dimension, value, filed)
        SELECT %s, %s, province_id,
               CASE {grouping} {cases} ELSE 'province_id' END,
               CASE {grouping} {values} ELSE COALESCE(province_id::text, '') END,
               SUM(filed)
        FROM {source}
        WHERE day >= %s AND day <= %s
        GROUP BY GROUPING SETS ({sets})
        HAVING SUM(filed) > 0
    """  # noqa: S608 - only identifiers and fixed fragments are interpolated
    with connection.cursor() as cursor:
        cursor.execute(sql, [jyear, jmonth, first, last])
        return int(cursor.rowcount)


def _monthly_counts_create(jyear: int, jmonth: int, first: date, last: date) -> int:
    """One month's MonthlyCount rows by one GROUP BY per dimension (other databases)."""
    stats = DailyStat.objects.filter(day__gte=first, day__lte=last)
    rows = []
    for dimension in _DIMENSIONS:
        columns = ["province_id"] if dimension == "province_id" else ["province_id", dimension]
        for province_id, *value, n in (
            stats.values_list(*columns).annotate(n=Sum("filed")).filter(n__gt=0).order_by()
        ):
            key = value[0] if value else province_id
            rows.append(
                MonthlyCount(
                    jyear=jyear,
                    jmonth=jmonth,
                    province_id=province_id,
                    dimension=dimension,
                    value="" if key is None else str(key),
                    filed=n,
                )
            )
    MonthlyCount.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
