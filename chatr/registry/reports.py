"""Coverage figures: households, people and covered clients per province or county, on a day
and month by month. Selectors only (reads), scoped by the reader's Scope.

Designed for national scale (millions of rows): each figure is ONE grouped aggregate over the
copied-down, indexed scope keys (`scope_province` / `scope_county`) of the rows counted, never
a query per unit and never a join (memberships carry their household's keys). A report is four
queries (units, households, people, covered clients) plus one per measure registered in
`chatr.registry.coverage`; the monthly series is two (units, one query with a conditional
count per month).

Figures are cached (Django's cache, shared by every reader with the same grants): a day in the
past for CACHE_SECONDS_PAST, today for CACHE_SECONDS_TODAY. Even without a join, counting
millions of rows for the whole country takes longer than a page may wait; a cached national
report answers in milliseconds. `fresh=True` recomputes; `coverage_cache_warm()` fills the
national reports ahead of the first reader: `tasks.coverage_cache_warm_task` runs it every
CACHE_WARM_INTERVAL (shorter than CACHE_SECONDS_TODAY, so HQ never finds today's figures
cold), and a bulk import runs it once after it commits.

"Covered" on a day means an active coverage file that day: activated on or before it and not
closed by its end. "People" are the active members of the households (joined on or before the
day and not left by then).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

import jdatetime
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chatr.core.errors import ApplicationError, NotFoundError
from chatr.core.jalali import jalali_days_in_month
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.permissions import require
from chatr.org.roles import Perm, Role
from chatr.org.scope import Grant, Scope
from chatr.registry.choices import SubGroup, TargetGroup
from chatr.registry.coverage import coverage_measures, measure_counts
from chatr.registry.models import ClientFile, Household, HouseholdMember

LEVEL_PROVINCE = "province"
LEVEL_COUNTY = "county"
LEVELS = (LEVEL_PROVINCE, LEVEL_COUNTY)
SERIES_MONTHS = 12
CACHE_SECONDS_TODAY = 15 * 60
CACHE_SECONDS_PAST = 6 * 60 * 60
# How often the worker recomputes the national figures: well inside CACHE_SECONDS_TODAY, so
# an entry is replaced before it expires even when a run is late or slow.
CACHE_WARM_INTERVAL = timedelta(minutes=5)
_CACHE_VERSION = 1

# The copied-down key a row is grouped by, per level.
_KEY = {LEVEL_PROVINCE: "scope_province_id", LEVEL_COUNTY: "scope_county_id"}


@dataclass(frozen=True)
class CoverageUnit:
    """A province or county a report row is about."""

    id: int
    code: str
    name_fa: str
    name_en: str

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "fa").startswith("en") else self.name_fa

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class CoverageRow:
    """The figures of one unit (or, with `unit` None, of all the rows together)."""

    unit: CoverageUnit | None
    households: int = 0
    people: int = 0
    covered: int = 0
    by_target_group: dict[str, int] = field(default_factory=dict)
    by_sub_group: dict[str, int] = field(default_factory=dict)
    measures: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CoverageReport:
    """Coverage on one day, one row per unit of the level, and the totals of the rows."""

    on: date
    level: str
    province: CoverageUnit | None  # set when the rows are one province's counties
    rows: list[CoverageRow]
    total: CoverageRow
    target_groups: list[tuple[str, Any]]  # (code, lazy label), in display order
    sub_groups: list[tuple[str, Any]]
    measures: list[tuple[str, Any]]  # extra measures registered by modules above the registry


@dataclass(frozen=True)
class SeriesRow:
    unit: CoverageUnit | None
    covered: list[int]  # one count per month, oldest first


@dataclass(frozen=True)
class CoverageSeries:
    """Covered clients at the end of each of the last Jalali months (the current month: on
    the day asked), per unit and in total."""

    on: date
    level: str
    province: CoverageUnit | None
    months: list[tuple[int, int]]  # (Jalali year, month), oldest first
    month_ends: list[date]  # the day each count is taken on
    rows: list[SeriesRow]
    total: SeriesRow


# ---------------------------------------------------------------- units


def _end_of(day: date) -> datetime:
    """The first instant after `day` in the site's time zone (timestamps are compared to it)."""
    return timezone.make_aware(
        datetime.combine(day + timedelta(days=1), time.min), timezone.get_default_timezone()
    )


def _unit(row: OrgUnit) -> CoverageUnit:
    return CoverageUnit(id=row.pk, code=row.code, name_fa=row.name_fa, name_en=row.name_en)


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ApplicationError(
            "coverage_level_invalid",
            _("Choose the province or the county level."),
            fields={"level": _("Choose the province or the county level.")},
        )


def _sees_everything(scope: Scope) -> bool:
    return any(g.unit_kind == OrgUnitKind.HQ for g in scope.grants_for(Perm.REGISTRY_VIEW))


def coverage_default_level(*, scope: Scope) -> str:
    """HQ starts from the provinces; everyone else from the counties of their province."""
    return LEVEL_PROVINCE if _sees_everything(scope) else LEVEL_COUNTY


def _units_query(scope: Scope, level: str) -> Any:
    """Active units of the level the reader has figures for: those inside a granted unit, and
    the province or county that contains a narrower grant (its row then shows only the part
    the reader may see, since every count is filtered by the scope too)."""
    grants = scope.grants_for(Perm.REGISTRY_VIEW)
    kind = OrgUnitKind.PROVINCE if level == LEVEL_PROVINCE else OrgUnitKind.COUNTY
    units = OrgUnit.objects.filter(kind=kind, is_active=True)
    if _sees_everything(scope):
        return units
    ancestor = "province_id" if level == LEVEL_PROVINCE else "county_id"
    containing = OrgUnit.objects.filter(pk__in=[g.unit_id for g in grants]).values(ancestor)
    return units.filter(scope.unit_path_q("path", Perm.REGISTRY_VIEW) | Q(pk__in=containing))


def coverage_provinces(*, scope: Scope) -> list[CoverageUnit]:
    """Provinces the reader may break down by county (one query)."""
    return [_unit(u) for u in _units_query(scope, LEVEL_PROVINCE).order_by("code")]


def _province_get(scope: Scope, province_id: int | None) -> CoverageUnit | None:
    if province_id is None:
        return None
    for unit in coverage_provinces(scope=scope):
        if unit.id == province_id:
            return unit
    raise NotFoundError()


def _units(scope: Scope, level: str, province: CoverageUnit | None) -> list[CoverageUnit]:
    units = _units_query(scope, level)
    if province is not None:
        units = units.filter(province_id=province.id)
    return [_unit(u) for u in units.order_by("code")]


# ---------------------------------------------------------------- cache

T = TypeVar("T")


def _cache_key(kind: str, scope: Scope, **arguments: Any) -> str:
    """Readers with the same registry grants see the same figures: key on the grants (HQ is
    one key for everyone), the arguments and the registered measures."""
    grants = scope.grants_for(Perm.REGISTRY_VIEW)
    if any(g.unit_kind == OrgUnitKind.HQ for g in grants):
        where = "hq"
    else:
        where = ",".join(sorted(f"{g.unit_kind}:{g.unit_id}" for g in grants))
    measures = ",".join(m.code for m in coverage_measures())
    raw = f"{where}|{sorted(arguments.items())}|{measures}|{_CACHE_VERSION}"
    return f"registry:coverage:{kind}:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def _cached(key: str, on: date, fresh: bool, compute: Callable[[], T]) -> T:
    if not fresh:
        hit = cache.get(key)
        if hit is not None:
            return hit  # type: ignore[no-any-return]
    value = compute()
    seconds = CACHE_SECONDS_TODAY if on >= timezone.localdate() else CACHE_SECONDS_PAST
    cache.set(key, value, seconds)
    return value


def coverage_cache_warm(*, on: date | None = None) -> None:
    """Compute the national figures (both levels, and the series) into the cache, as HQ sees
    them, so no HQ reader waits for them. Run by `tasks.coverage_cache_warm_task` every
    CACHE_WARM_INTERVAL and by `tasks.coverage_cache_refresh_task` after a bulk import."""
    hq = OrgUnit.objects.filter(kind=OrgUnitKind.HQ).first()
    if hq is None:
        return
    scope = Scope(grants=(Grant(Role.HQ_MANAGER, hq.pk, hq.kind, hq.path),))
    for level in LEVELS:
        coverage_report(scope=scope, on=on, level=level, fresh=True)
        coverage_series(scope=scope, on=on, level=level, fresh=True)


# ---------------------------------------------------------------- the report


def _grouped(rows: Any, key: str) -> dict[int, int]:
    return {unit_id: n for unit_id, n in rows.values_list(key).annotate(n=Count("pk")).order_by()}


def _active_files_q(end: datetime) -> Q:
    return Q(activated_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))


def coverage_report(
    *,
    scope: Scope,
    on: date | None = None,
    level: str = LEVEL_PROVINCE,
    province_id: int | None = None,
    fresh: bool = False,
) -> CoverageReport:
    """Households, people and covered clients (by target group and sub-group, plus any
    registered measure) per province, or per county (of one province when `province_id` is
    given), as of the end of `on` (today by default).

    HQ sees every province; a province manager sees their province (and its counties). Every
    count is filtered by the reader's scope, so a narrower grant only ever counts its part.
    Cached (see the module's docstring) unless `fresh`.
    """
    require(scope, Perm.REGISTRY_VIEW)
    _check_level(level)
    day = on or timezone.localdate()
    key = _cache_key("report", scope, on=day, level=level, province_id=province_id)
    return _cached(key, day, fresh, lambda: _coverage_report(scope, day, level, province_id))


def _coverage_report(scope: Scope, on: date, level: str, province_id: int | None) -> CoverageReport:
    end = _end_of(on)
    province = _province_get(scope, province_id)
    units = _units(scope, level, province)
    key = _KEY[level]
    visible = scope.stamp_q(Perm.REGISTRY_VIEW)
    # The scope already limits the rows; a province asked for narrows them on its own key.
    within = {"scope_province_id": province.id} if province else {}

    households = Household.objects.filter(visible, **within)
    if on < timezone.localdate():
        # Records cannot be created in the future: for today the filter only costs time.
        households = households.filter(created_at__lt=end)
    household_counts = _grouped(households, key)

    # On the memberships' own keys (copied from their household when they were created), so
    # millions of members are counted without looking up their households.
    members = HouseholdMember.objects.filter(
        visible,
        Q(left_on__isnull=True) | Q(left_on__gt=on),
        joined_on__lte=on,
        **within,
    )
    people_counts = _grouped(members, key)

    covered: dict[int, int] = {}
    by_target: dict[int, dict[str, int]] = {}
    by_sub: dict[int, dict[str, int]] = {}
    files = (
        ClientFile.objects.filter(visible, _active_files_q(end), **within)
        .values_list(key, "target_group", "sub_group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for unit_id, target_group, sub_group, n in files:
        covered[unit_id] = covered.get(unit_id, 0) + n
        targets = by_target.setdefault(unit_id, {})
        targets[target_group] = targets.get(target_group, 0) + n
        subs = by_sub.setdefault(unit_id, {})
        subs[sub_group] = subs.get(sub_group, 0) + n

    measures = coverage_measures()
    extra = measure_counts(scope=scope, on=on, level=level) if measures else {}

    target_codes = list(TargetGroup.values)
    sub_codes = list(SubGroup.values)
    rows = [
        CoverageRow(
            unit=unit,
            households=household_counts.get(unit.id, 0),
            people=people_counts.get(unit.id, 0),
            covered=covered.get(unit.id, 0),
            by_target_group={c: by_target.get(unit.id, {}).get(c, 0) for c in target_codes},
            by_sub_group={c: by_sub.get(unit.id, {}).get(c, 0) for c in sub_codes},
            measures={m.code: extra.get(m.code, {}).get(unit.id, 0) for m in measures},
        )
        for unit in units
    ]
    total = CoverageRow(
        unit=None,
        households=sum(r.households for r in rows),
        people=sum(r.people for r in rows),
        covered=sum(r.covered for r in rows),
        by_target_group={c: sum(r.by_target_group[c] for r in rows) for c in target_codes},
        by_sub_group={c: sum(r.by_sub_group[c] for r in rows) for c in sub_codes},
        measures={m.code: sum(r.measures[m.code] for r in rows) for m in measures},
    )
    return CoverageReport(
        on=on,
        level=level,
        province=province,
        rows=rows,
        total=total,
        target_groups=list(TargetGroup.choices),
        sub_groups=list(SubGroup.choices),
        measures=[(m.code, m.label) for m in measures],
    )


# ---------------------------------------------------------------- over time


def jalali_month_ends(*, on: date, months: int = SERIES_MONTHS) -> list[tuple[int, int, date]]:
    """The last `months` Jalali months up to the one containing `on`, oldest first, each with
    the day its count is taken on: the month's last day, or `on` for the current month."""
    current = jdatetime.date.fromgregorian(date=on)
    year, month = current.year, current.month
    out: list[tuple[int, int, date]] = []
    for _i in range(months):
        last = jdatetime.date(year, month, jalali_days_in_month(year=year, month=month))
        out.append((year, month, min(last.togregorian(), on)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def coverage_series(
    *,
    scope: Scope,
    on: date | None = None,
    level: str = LEVEL_PROVINCE,
    province_id: int | None = None,
    months: int = SERIES_MONTHS,
    fresh: bool = False,
) -> CoverageSeries:
    """Covered clients at the end of each of the last `months` Jalali months, per province or
    county and in total. One aggregate query: a conditional count per month. Cached."""
    require(scope, Perm.REGISTRY_VIEW)
    _check_level(level)
    if not 1 <= months <= 60:
        raise ApplicationError("coverage_months_invalid", _("Choose between 1 and 60 months."))
    day = on or timezone.localdate()
    key = _cache_key("series", scope, on=day, level=level, province_id=province_id, months=months)
    return _cached(
        key, day, fresh, lambda: _coverage_series(scope, day, level, province_id, months)
    )


def _coverage_series(
    scope: Scope, on: date, level: str, province_id: int | None, months: int
) -> CoverageSeries:
    province = _province_get(scope, province_id)
    units = _units(scope, level, province)
    key = _KEY[level]
    ends = jalali_month_ends(on=on, months=months)
    instants = [_end_of(day) for _y, _m, day in ends]
    first, last = instants[0], instants[-1]
    # A file active at any of the month ends was activated before the last one and not
    # closed before the first one: the index narrows to those, the counts do the rest.
    annotations = {
        f"m{i}": Count("pk", filter=_active_files_q(instant)) for i, instant in enumerate(instants)
    }
    counts = {
        row[key]: [row[f"m{i}"] for i in range(len(instants))]
        for row in ClientFile.objects.filter(
            scope.stamp_q(Perm.REGISTRY_VIEW),
            Q(closed_at__isnull=True) | Q(closed_at__gte=first),
            activated_at__lt=last,
            **({"scope_province_id": province.id} if province else {}),
        )
        .values(key)
        .annotate(**annotations)
        .order_by()
    }
    zeros = [0] * len(instants)
    rows = [SeriesRow(unit=u, covered=counts.get(u.id, zeros)) for u in units]
    total = SeriesRow(
        unit=None, covered=[sum(r.covered[i] for r in rows) for i in range(len(instants))]
    )
    return CoverageSeries(
        on=on,
        level=level,
        province=province,
        months=[(y, m) for y, m, _d in ends],
        month_ends=[d for _y, _m, d in ends],
        rows=rows,
        total=total,
    )
