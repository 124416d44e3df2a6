"""Reads of center subsidies: the rate table with its history, claims (a center operator sees
its own center's, province finance its province's, HQ all), the month's totals and the
payment batches. Out of scope is "not found"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from chatr.centers.models import (
    Center,
    CenterPaymentAccount,
    ClaimState,
    SubsidyBatch,
    SubsidyClaim,
    SubsidyRate,
)
from chatr.core.errors import NotFoundError
from chatr.org.roles import Perm
from chatr.org.scope import Scope


def mask_sheba(sheba: str) -> str:
    """IR + the last four digits, for lists ("IR********************1234")."""
    if not sheba:
        return ""
    return sheba[:2] + "*" * (len(sheba) - 6) + sheba[-4:]


def rates_list(*, year: int | None = None) -> QuerySet[SubsidyRate]:
    """Every rate row, history included (the rate table is public within the organization)."""
    rates = SubsidyRate.objects.select_related("set_by")
    if year is not None:
        rates = rates.filter(year=year)
    return rates.order_by("-year", "licence_type", "care_mode", "grade", "-effective_month", "-pk")


def rate_for(
    *, licence_type: str, care_mode: str, grade: int, year: int, month: int
) -> SubsidyRate | None:
    """The rate that applies to a month (the newest row of the latest month not after it)."""
    return (
        SubsidyRate.objects.filter(
            licence_type=licence_type,
            care_mode=care_mode,
            grade=grade,
            year=year,
            effective_month__lte=month,
        )
        .order_by("-effective_month", "-pk")
        .first()
    )


def claims_visible(*, scope: Scope) -> QuerySet[SubsidyClaim]:
    return SubsidyClaim.objects.filter(scope.stamp_q(Perm.CENTERS_SUBSIDY_VIEW))


@dataclass(frozen=True)
class ClaimFilters:
    year: int | None = None
    month: int | None = None
    state: str = ""
    center: int | None = None


def claim_list(*, scope: Scope, filters: ClaimFilters | None = None) -> QuerySet[SubsidyClaim]:
    filters = filters or ClaimFilters()
    claims = claims_visible(scope=scope)
    if filters.year:
        claims = claims.filter(year=filters.year)
    if filters.month:
        claims = claims.filter(month=filters.month)
    if filters.state:
        claims = claims.filter(state=filters.state)
    if filters.center:
        claims = claims.filter(center_id=filters.center)
    return claims.select_related("center__org_unit", "scope_province").order_by(
        "-year", "-month", "center__search_name", "pk"
    )


def claim_get(*, scope: Scope, claim_id: int) -> SubsidyClaim:
    claim = (
        claims_visible(scope=scope)
        .select_related(
            "center__org_unit",
            "scope_province",
            "scope_county",
            "prepared_by",
            "approved_by",
            "rate",
            "batch",
        )
        .filter(pk=claim_id)
        .first()
    )
    if claim is None:
        raise NotFoundError()
    return claim


@dataclass(frozen=True)
class MonthTotals:
    computed: int
    computed_amount: int
    approved: int
    approved_amount: int
    exported: int
    exported_amount: int

    @property
    def count(self) -> int:
        return self.computed + self.approved + self.exported

    @property
    def amount(self) -> int:
        return self.computed_amount + self.approved_amount + self.exported_amount


def claim_month_totals(*, scope: Scope, year: int, month: int) -> MonthTotals:
    """Claims and rials of a month in the reader's area, by state (one query)."""
    values: dict[str, int] = {}
    for state in ClaimState.values:
        values[state] = 0
        values[f"{state}_amount"] = 0
    rows = (
        claims_visible(scope=scope)
        .filter(year=year, month=month)
        .values("state")
        .annotate(n=Count("pk"), total=Sum("amount"))
    )
    for row in rows:
        values[row["state"]] = row["n"]
        values[f"{row['state']}_amount"] = row["total"] or 0
    return MonthTotals(**values)


def claim_months(*, scope: Scope) -> QuerySet[SubsidyClaim, dict[str, Any]]:
    """The months with claims in the reader's area, newest first, each with its claims, rials
    and how many wait for approval (one query; rows are dicts)."""
    return (
        claims_visible(scope=scope)
        .values("year", "month")
        .annotate(
            n=Count("pk"),
            total=Sum("amount"),
            waiting=Count("pk", filter=Q(state=ClaimState.COMPUTED)),
            approved=Count("pk", filter=Q(state=ClaimState.APPROVED)),
            exported=Count("pk", filter=Q(state=ClaimState.EXPORTED)),
        )
        .order_by("-year", "-month")
    )


def claim_provinces(*, scope: Scope, year: int, month: int) -> list[dict[str, object]]:
    """Claims and rials per province for a month (the table behind the chart)."""
    return list(
        claims_visible(scope=scope)
        .filter(year=year, month=month)
        .values("scope_province__name_fa", "scope_province__name_en", "scope_province__code")
        .annotate(
            n=Count("pk"),
            total=Sum("amount"),
            waiting=Count("pk", filter=Q(state=ClaimState.COMPUTED)),
        )
        .order_by("scope_province__code")
    )


def batches_list(*, scope: Scope) -> QuerySet[SubsidyBatch]:
    return (
        SubsidyBatch.objects.filter(scope.stamp_q(Perm.CENTERS_SUBSIDY_PREPARE))
        .select_related("created_by", "org_unit")
        .order_by("-created_at", "-pk")
    )


def batch_get(*, scope: Scope, batch_id: int) -> SubsidyBatch:
    batch = batches_list(scope=scope).filter(pk=batch_id).first()
    if batch is None:
        raise NotFoundError()
    return batch


def payment_account_current(*, center: Center) -> CenterPaymentAccount | None:
    return CenterPaymentAccount.objects.filter(center=center, ended_at__isnull=True).first()


def payment_account_center_get(*, scope: Scope, center_id: int) -> Center:
    """A center whose payment account the reader may see: finance and managers of its area,
    and its own operators (who may not change it). Out of scope is "not found"."""
    center = (
        Center.objects.visible_to(scope, Perm.CENTERS_SUBSIDY_VIEW)
        .select_related("org_unit")
        .filter(pk=center_id)
        .first()
    )
    if center is None:
        raise NotFoundError()
    return center


def payment_account_history(*, center: Center) -> list[CenterPaymentAccount]:
    """Every account the center has had, the current one first (one query)."""
    return list(
        CenterPaymentAccount.objects.filter(center=center)
        .select_related("set_by")
        .order_by(F("ended_at").desc(nulls_first=True), "-set_at", "-pk")
    )


def subsidy_centers(*, scope: Scope) -> QuerySet[Center]:
    """Centers whose payment account the reader may record."""
    return (
        Center.objects.visible_to(scope, Perm.CENTERS_SUBSIDY_PREPARE)
        .select_related("org_unit")
        .order_by("search_name", "pk")
    )
