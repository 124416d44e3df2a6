"""Figures of care centers: services by ownership, children in care per province (with each
province's share of the national total), and centers per licence type per province. Selectors
only (reads), scoped by the reader's Scope; counts only, nothing personal.

Each figure is ONE grouped aggregate over the copied-down, indexed scope keys of the rows
counted (`Center.scope_province`, `Admission.scope_province`), never a query per unit: the
ownership figure is two (centers, residents), the children figure one plus one national count,
the types figure one, and the figures that have a row per province list the provinces once.

What is counted:
- **Centers and licensed capacity**: centers whose status is active (operating, with an
  activity licence; `licence_expire_due` makes a center without one inactive). The directory
  keeps no history of a center's status, so these are today's whatever the day asked.
- **Residents in care on a day**: stays with `admitted_on <= day < discharged_on` (the
  residents slice's half-open range, `Admission.in_care_on`), in any center of the area.
- **Children in care**: those stays that are children's records (`Admission.is_child_record`,
  fixed at admission by `services_residents.is_child_record`: under 18 on the admission day,
  or any resident of a children's home) — the residents slice's definition, not a new one.

Permission: `Perm.CENTERS_FIGURES` (province and HQ managers), and every count is filtered by
the scope of that permission. Children's figures are counts per province, never a record, so
they open nothing the children's permission guards (no read is audited, nothing is listed);
the roles holding the figures permission hold `centers.residents_children` too (a test keeps
it so). The one number counted outside the reader's area is the national total of children
in care, which a province's share of the national total needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chatr.centers.choices import CenterStatus, LicenceType, Ownership
from chatr.centers.models import Admission, Center
from chatr.core.errors import ApplicationError, NotFoundError
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope

_PERM = Perm.CENTERS_FIGURES
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class FigureUnit:
    """A province a figure's row is about."""

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
class OwnershipRow:
    """Centers, capacity and residents of one ownership (`ownership` "" for the total), each
    with its share (%) of the area's total; a column of shares adds up to exactly 100."""

    ownership: str
    label: Any  # lazy label; "" for the total
    centers: int
    capacity: int
    residents: int
    centers_share: Decimal
    capacity_share: Decimal
    residents_share: Decimal


@dataclass(frozen=True)
class OwnershipFigure:
    on: date
    province: FigureUnit | None
    rows: list[OwnershipRow]  # state, NGO or charity, private: always all three
    total: OwnershipRow


@dataclass(frozen=True)
class ChildrenRow:
    province: FigureUnit | None  # None for the area's total
    children: int
    national_share: Decimal  # % of the national total


@dataclass(frozen=True)
class ChildrenFigure:
    on: date
    province: FigureUnit | None
    rows: list[ChildrenRow]  # one per province of the area, zero rows included
    total: ChildrenRow
    national_total: int


@dataclass(frozen=True)
class TypesRow:
    province: FigureUnit | None  # None for the area's total
    counts: dict[str, int] = field(default_factory=dict)  # licence type -> centers
    total: int = 0


@dataclass(frozen=True)
class TypesFigure:
    province: FigureUnit | None
    types: list[tuple[str, Any]]  # (code, lazy label), in the choices' order
    rows: list[TypesRow]
    total: TypesRow


@dataclass(frozen=True)
class CenterFigures:
    """The three figures of one page (or API answer), for one day and area."""

    on: date
    province: FigureUnit | None
    ownership: OwnershipFigure
    children: ChildrenFigure
    types: TypesFigure


# ---------------------------------------------------------------- arithmetic


def shares(counts: Sequence[int], whole: int | None = None) -> list[Decimal]:
    """Percentages of `whole` (the counts' sum by default) with one decimal. When the counts
    make up the whole they are rounded by the largest remainder, so they add up to exactly
    100; a part of a larger whole is rounded half up on its own."""
    total = sum(counts) if whole is None else whole
    if total <= 0:
        return [Decimal("0.0") for _count in counts]
    if sum(counts) != total:
        return [
            (Decimal(c * 100) / Decimal(total)).quantize(_TENTH, rounding=ROUND_HALF_UP)
            for c in counts
        ]
    units = [c * 1000 // total for c in counts]
    remainders = sorted(range(len(counts)), key=lambda i: (-(counts[i] * 1000 % total), i))
    for i in remainders[: 1000 - sum(units)]:
        units[i] += 1
    return [(Decimal(u) / Decimal(10)).quantize(_TENTH) for u in units]


# ---------------------------------------------------------------- provinces


def _day(on: date | None) -> date:
    """The day asked, today by default; nobody is in care on a day still to come."""
    today = timezone.localdate()
    if on is not None and on > today:
        raise ApplicationError(
            "figures_day_future",
            _("Choose today or a day in the past."),
            fields={"on": _("Choose today or a day in the past.")},
        )
    return on or today


def _unit(row: OrgUnit) -> FigureUnit:
    return FigureUnit(id=row.pk, code=row.code, name_fa=row.name_fa, name_en=row.name_en)


def _sees_everything(scope: Scope) -> bool:
    return any(g.unit_kind == OrgUnitKind.HQ for g in scope.grants_for(_PERM))


def figures_provinces(*, scope: Scope) -> list[FigureUnit]:
    """Active provinces the reader has figures for (one query): those inside a granted unit,
    and the province containing a narrower grant (whose row then counts only its part, since
    every count is filtered by the scope too)."""
    require(scope, _PERM)
    provinces = OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE, is_active=True)
    if not _sees_everything(scope):
        grants = scope.grants_for(_PERM)
        containing = OrgUnit.objects.filter(pk__in=[g.unit_id for g in grants]).values(
            "province_id"
        )
        provinces = provinces.filter(scope.unit_path_q("path", _PERM) | Q(pk__in=containing))
    return [_unit(u) for u in provinces.order_by("code")]


def _area(scope: Scope, province_code: str | None) -> tuple[list[FigureUnit], FigureUnit | None]:
    """The provinces of the rows and the one asked for; a province out of the reader's area
    is "not found", exactly like one that does not exist."""
    provinces = figures_provinces(scope=scope)
    if not province_code:
        return provinces, None
    for unit in provinces:
        if unit.code == province_code.strip().upper():
            return [unit], unit
    raise NotFoundError()


def _centers(scope: Scope, province: FigureUnit | None) -> QuerySet[Center]:
    centers = Center.objects.visible_to(scope, _PERM).filter(status=CenterStatus.ACTIVE)
    return centers.filter(scope_province_id=province.id) if province else centers


def _in_care_on_q(day: date) -> Q:
    """`Admission.in_care_on(day)` as a filter: [admitted_on, discharged_on) holds the day."""
    return Q(admitted_on__lte=day) & (Q(discharged_on__isnull=True) | Q(discharged_on__gt=day))


def _in_care(day: date) -> QuerySet[Admission]:
    return Admission.objects.filter(_in_care_on_q(day))


# ---------------------------------------------------------------- the figures


def services_by_ownership(
    *, scope: Scope, on: date | None = None, province: str | None = None
) -> OwnershipFigure:
    """Active centers, their licensed capacity, and residents in care on `on` (today by
    default) per ownership (state, NGO or charity, private) in the reader's area, or in one
    province of it (`province` code), with shares in %. Two grouped queries (+ provinces)."""
    day = _day(on)
    _provinces, unit = _area(scope, province)
    return _ownership(scope, day, unit)


def _ownership(scope: Scope, day: date, unit: FigureUnit | None) -> OwnershipFigure:
    centers: dict[str, tuple[int, int]] = {
        ownership: (n, capacity or 0)
        for ownership, n, capacity in _centers(scope, unit)
        .values_list("ownership")
        .annotate(n=Count("pk"), capacity=Sum("capacity"))
        .order_by()
    }
    stays = _in_care(day).filter(scope.stamp_q(_PERM))
    if unit:
        stays = stays.filter(scope_province_id=unit.id)
    residents = dict(
        stays.values_list("center__ownership")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("center__ownership", "n")
    )
    codes = list(Ownership.values)
    counted = [centers.get(c, (0, 0))[0] for c in codes]
    capacity = [centers.get(c, (0, 0))[1] for c in codes]
    people = [residents.get(c, 0) for c in codes]
    rows = [
        OwnershipRow(code, label, n, cap, res, s1, s2, s3)
        for (code, label), n, cap, res, s1, s2, s3 in zip(
            Ownership.choices,
            counted,
            capacity,
            people,
            shares(counted),
            shares(capacity),
            shares(people),
            strict=True,
        )
    ]
    total = OwnershipRow(
        "",
        "",
        sum(counted),
        sum(capacity),
        sum(people),
        sum((r.centers_share for r in rows), Decimal("0.0")),
        sum((r.capacity_share for r in rows), Decimal("0.0")),
        sum((r.residents_share for r in rows), Decimal("0.0")),
    )
    return OwnershipFigure(on=day, province=unit, rows=rows, total=total)


def children_in_care_by_province(
    *, scope: Scope, on: date | None = None, province: str | None = None
) -> ChildrenFigure:
    """Children in care on `on` (today by default) per province of the reader's area (zero
    rows included), each with its share (%) of the national total. One grouped query, plus
    the national count unless the rows already are the whole nation (+ provinces)."""
    day = _day(on)
    provinces, unit = _area(scope, province)
    return _children(scope, day, provinces, unit)


def _children(
    scope: Scope, day: date, provinces: list[FigureUnit], unit: FigureUnit | None
) -> ChildrenFigure:
    children = _in_care(day).filter(is_child_record=True)
    stays = children.filter(scope.stamp_q(_PERM))
    if unit:
        stays = stays.filter(scope_province_id=unit.id)
    counts = dict(
        stays.values_list("scope_province_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("scope_province_id", "n")
    )
    per_province = [counts.get(p.id, 0) for p in provinces]
    if _sees_everything(scope) and unit is None:
        # Every child in care is in some province, so the rows are the nation.
        national = sum(counts.values())
    else:
        national = children.count()
    percents = shares(per_province, national)
    rows = [
        ChildrenRow(province=p, children=n, national_share=s)
        for p, n, s in zip(provinces, per_province, percents, strict=True)
    ]
    total = ChildrenRow(
        province=None,
        children=sum(per_province),
        national_share=sum(percents, Decimal("0.0")),
    )
    return ChildrenFigure(on=day, province=unit, rows=rows, total=total, national_total=national)


def centers_by_type_and_province(*, scope: Scope, province: str | None = None) -> TypesFigure:
    """Active centers per licence type per province of the reader's area (a provinces ×
    types table, zero cells included), with the totals per province and per type. One
    grouped query on the (type, province) index (+ provinces)."""
    provinces, unit = _area(scope, province)
    return _types(scope, provinces, unit)


def _types(scope: Scope, provinces: list[FigureUnit], unit: FigureUnit | None) -> TypesFigure:
    cells: dict[tuple[int, str], int] = {
        (province_id, licence_type): n
        for province_id, licence_type, n in _centers(scope, unit)
        .values_list("scope_province_id", "licence_type")
        .annotate(n=Count("pk"))
        .order_by()
    }
    codes = list(LicenceType.values)
    rows = []
    for p in provinces:
        counts = {c: cells.get((p.id, c), 0) for c in codes}
        rows.append(TypesRow(province=p, counts=counts, total=sum(counts.values())))
    totals = {c: sum(r.counts[c] for r in rows) for c in codes}
    return TypesFigure(
        province=unit,
        types=list(LicenceType.choices),
        rows=rows,
        total=TypesRow(province=None, counts=totals, total=sum(totals.values())),
    )


def center_figures(
    *, scope: Scope, on: date | None = None, province: str | None = None
) -> CenterFigures:
    """The three figures for a page or an API answer, with the provinces listed once: at
    most six queries whatever the number of provinces, centers and residents."""
    day = _day(on)
    provinces, unit = _area(scope, province)
    return CenterFigures(
        on=day,
        province=unit,
        ownership=_ownership(scope, day, unit),
        children=_children(scope, day, provinces, unit),
        types=_types(scope, provinces, unit),
    )
