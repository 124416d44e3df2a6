"""Reads of pensions. Cycles and programs are national (any pensions reader sees them);
entitlements are scoped by the client file's unit, so totals and lists are the reader's area's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import jdatetime
from django.db.models import Count, Max, QuerySet, Sum

from chatr.core.errors import NotFoundError
from chatr.core.jalali import jalali_month_name
from chatr.org.models import OrgUnit
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.pensions.models import (
    APPROVED_STATES,
    BenefitRule,
    CycleState,
    Entitlement,
    EntitlementStatus,
    PaymentCycle,
    PensionerCount,
    Program,
    period_of,
)

# Cycles whose rows a citizen sees: approved or later (a computed cycle may still change).
CITIZEN_VISIBLE_STATES = APPROVED_STATES


def programs_list(*, scope: Scope) -> QuerySet[Program]:
    require(scope, Perm.PENSIONS_VIEW)
    return Program.objects.order_by("code")


def program_get(*, scope: Scope, program_id: int) -> Program:
    require(scope, Perm.PENSIONS_VIEW)
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        raise NotFoundError()
    return program


def program_rules(*, program: Program) -> QuerySet[BenefitRule]:
    return program.rules.order_by("-year")


def cycles_list(*, scope: Scope, program_id: int | None = None) -> QuerySet[PaymentCycle]:
    require(scope, Perm.PENSIONS_VIEW)
    cycles = PaymentCycle.objects.select_related("program", "prepared_by", "approved_by")
    if program_id:
        cycles = cycles.filter(program_id=program_id)
    return cycles.order_by("-year", "-month", "program__code")


@dataclass(frozen=True)
class OpenMonth:
    """A Jalali month with cycles still open (to compute together with `month_compute`)."""

    year: int
    month: int
    open_cycles: int

    @property
    def month_name(self) -> str:
        return jalali_month_name(self.month)


def months_with_open_cycles(*, scope: Scope) -> list[OpenMonth]:
    """The months that have open cycles, newest first, with how many (one query)."""
    require(scope, Perm.PENSIONS_VIEW)
    rows = (
        PaymentCycle.objects.filter(state=CycleState.OPEN)
        .values("year", "month")
        .annotate(open_cycles=Count("id"))
        .order_by("-year", "-month")
    )
    return [OpenMonth(r["year"], r["month"], r["open_cycles"]) for r in rows]


def cycle_get(*, scope: Scope, cycle_id: int) -> PaymentCycle:
    require(scope, Perm.PENSIONS_VIEW)
    cycle = (
        PaymentCycle.objects.select_related(
            "program", "opened_by", "prepared_by", "approved_by", "exported_by", "reconciled_by"
        )
        .filter(pk=cycle_id)
        .first()
    )
    if cycle is None:
        raise NotFoundError()
    return cycle


def entitlements_visible(*, scope: Scope) -> QuerySet[Entitlement]:
    return Entitlement.objects.visible_to(scope, Perm.PENSIONS_VIEW)


def entitlement_list(
    *, scope: Scope, cycle: PaymentCycle | None = None, status: str | None = None
) -> QuerySet[Entitlement]:
    require(scope, Perm.PENSIONS_VIEW)
    rows = entitlements_visible(scope=scope).select_related("cycle__program", "org_unit")
    if cycle is not None:
        rows = rows.filter(cycle=cycle)
    if status in EntitlementStatus.values:
        rows = rows.filter(status=status)
    return rows.order_by("-cycle__year", "-cycle__month", "pk")


def entitlement_get(*, scope: Scope, entitlement_id: int) -> Entitlement:
    found = (
        entitlements_visible(scope=scope)
        .select_related("cycle__program", "org_unit", "reissue_of", "file")
        .filter(pk=entitlement_id)
        .first()
    )
    if found is None:
        raise NotFoundError()
    return found


@dataclass
class StatusTotals:
    count: int = 0
    amount: int = 0


@dataclass
class UnitTotals:
    unit: OrgUnit | None
    by_status: dict[str, StatusTotals] = field(default_factory=dict)

    def get(self, status: str) -> StatusTotals:
        return self.by_status.get(status, StatusTotals())

    @property
    def count(self) -> int:
        return sum(t.count for t in self.by_status.values())

    @property
    def payable(self) -> StatusTotals:
        return self.get(EntitlementStatus.PAYABLE)

    @property
    def exception(self) -> StatusTotals:
        return self.get(EntitlementStatus.EXCEPTION)

    @property
    def paid(self) -> StatusTotals:
        return self.get(EntitlementStatus.PAID)

    @property
    def failed(self) -> StatusTotals:
        failed, reissued = self.get(EntitlementStatus.FAILED), self.get(EntitlementStatus.REISSUED)
        return StatusTotals(failed.count + reissued.count, failed.amount + reissued.amount)


@dataclass
class CycleTotals:
    provinces: list[UnitTotals]
    total: UnitTotals


def cycle_totals(*, scope: Scope, cycle: PaymentCycle) -> CycleTotals:
    """Rows and rials per province and status, of the rows the reader may see (one query)."""
    rows = (
        entitlements_visible(scope=scope)
        .filter(cycle=cycle)
        .values("scope_province_id", "status")
        .annotate(n=Count("pk"), amount=Sum("amount"))
        .order_by()
    )
    by_unit: dict[int | None, UnitTotals] = {}
    total = UnitTotals(unit=None)
    for row in rows:
        unit_totals = by_unit.setdefault(row["scope_province_id"], UnitTotals(unit=None))
        line = StatusTotals(row["n"], int(row["amount"] or 0))
        unit_totals.by_status[row["status"]] = line
        overall = total.by_status.setdefault(row["status"], StatusTotals())
        overall.count += line.count
        overall.amount += line.amount
    units = OrgUnit.objects.in_bulk([k for k in by_unit if k is not None])
    for key, unit_totals in by_unit.items():
        unit_totals.unit = units.get(key) if key is not None else None
    provinces = sorted(by_unit.values(), key=lambda t: t.unit.code if t.unit else "")
    return CycleTotals(provinces=provinces, total=total)


def cycle_exceptions(*, scope: Scope, cycle: PaymentCycle) -> QuerySet[Entitlement]:
    return (
        entitlements_visible(scope=scope)
        .filter(cycle=cycle, status=EntitlementStatus.EXCEPTION)
        .select_related("org_unit")
        .order_by("reason", "pk")
    )


def cycle_failures(*, scope: Scope, cycle: PaymentCycle) -> QuerySet[Entitlement]:
    return (
        entitlements_visible(scope=scope)
        .filter(cycle=cycle, status__in=[EntitlementStatus.FAILED, EntitlementStatus.REISSUED])
        .select_related("org_unit")
        .order_by("pk")
    )


# ---------------------------------------------------------------- citizens

# The session key holding the national code a citizen chose (several people, one mobile).
SESSION_NATIONAL_CODE = "pensions.national_code"


def mask_sheba(sheba: str) -> str:
    """ "IR06…1234": enough to recognise an account, not to use it."""
    if not sheba:
        return "—"
    return f"{sheba[:4]}…{sheba[-4:]}" if len(sheba) > 8 else "****"


def citizen_payments(*, person: Any) -> QuerySet[Entitlement]:
    """Every payment to the person, newest month first: paid, failed, to be paid and not paid
    (with the reason), from cycles approved or later."""
    return (
        Entitlement.objects.filter(person=person, cycle__state__in=CITIZEN_VISIBLE_STATES)
        .select_related("cycle__program")
        .order_by("-period", "-pk")
    )


# ---------------------------------------------------------------- coverage measure


def pensioners_count_by_unit(*, scope: Scope, on: date, level: str) -> dict[int, int]:
    """Distinct people paid (or approved for payment) in the latest cycle month up to `on`,
    per province or county, within the reader's scope. Registered as a coverage measure.

    Reads the per-month, per-unit counts that approving a cycle (or importing its bank
    results) writes (`services.pensioner_counts_refresh`), a few hundred rows a month, instead
    of counting the month's entitlements (1.6M rows at national scale) on every read. A
    person is counted once in each unit whose rows pay them that month: across programs in
    one county once; in two counties (moved between two programs' computations) in each.
    """
    jalali = jdatetime.date.fromgregorian(date=on)
    upto = period_of(jalali.year, jalali.month)
    rows = PensionerCount.objects.filter(scope.stamp_q())
    latest = rows.filter(period__lte=upto).aggregate(latest=Max("period"))["latest"]
    if latest is None:
        return {}
    key = "scope_province_id" if level == "province" else "scope_county_id"
    counted = rows.filter(period=latest).values(key).annotate(n=Sum("pensioners")).order_by()
    return {row[key]: int(row["n"]) for row in counted if row[key] is not None}
