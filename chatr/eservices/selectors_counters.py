"""Readers for Positive Life counters: the counters an operator works at, the services filed
there, and the counters' performance (requests per counter and province, share filed at
counters vs online, processing times)."""

from __future__ import annotations

import statistics
from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Min, Q, QuerySet

from chatr.core.errors import NotFoundError
from chatr.eservices.choices import RequestChannel, RequestState
from chatr.eservices.models import Service, ServiceRequest
from chatr.eservices.selectors import definition_exists
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope

# A request is decided when it is first approved or rejected (completion comes after approval).
DECIDED_STATES = (RequestState.APPROVED, RequestState.REJECTED)


# ---------------------------------------------------------------- the operator


def operator_counters(*, scope: Scope) -> QuerySet[OrgUnit]:
    """The counters where the user may file for citizens, by name."""
    return (
        OrgUnit.objects.filter(kind=OrgUnitKind.COUNTER, is_active=True)
        .filter(scope.unit_path_q("path", Perm.ESERVICES_COUNTER))
        .order_by("path")
    )


def operator_counter_get(*, scope: Scope, code: str) -> OrgUnit:
    """One of the operator's counters. No counter permission anywhere: forbidden; a counter
    elsewhere (or a code that is not a counter): not found, like a missing one."""
    require(scope, Perm.ESERVICES_COUNTER)
    counter = operator_counters(scope=scope).filter(code=code).first()
    if counter is None:
        raise NotFoundError()
    return counter


def counter_services() -> list[Service]:
    """Services a counter can file on the desk's own form (not those another module owns)."""
    rows = Service.objects.filter(is_active=True, owner_url_name="").select_related(
        "responsible_unit"
    )
    return [service for service in rows if definition_exists(service=service)]


def counter_service_get(*, code: str) -> Service:
    for service in counter_services():
        if service.code == code:
            return service
    raise NotFoundError()


def counter_request_get(*, scope: Scope, counter: OrgUnit, code: str) -> ServiceRequest:
    """A request filed at this counter (the operator's confirmation page)."""
    require(scope, Perm.ESERVICES_COUNTER, counter)
    request: ServiceRequest | None = (
        ServiceRequest.objects.select_related("case", "service", "applicant", "counter")
        .filter(counter=counter, case__tracking_code=code)
        .first()
    )
    if request is None:
        raise NotFoundError()
    return request


# ---------------------------------------------------------------- performance


@dataclass
class Timing:
    """Requests counted, how many were decided, and the days from filing to the decision."""

    requests: int = 0
    days: list[float] = field(default_factory=list)

    @property
    def decided(self) -> int:
        return len(self.days)

    @property
    def average_days(self) -> float | None:
        return round(statistics.fmean(self.days), 1) if self.days else None

    @property
    def median_days(self) -> float | None:
        return round(statistics.median(self.days), 1) if self.days else None

    def add(self, days: float | None) -> None:
        self.requests += 1
        if days is not None:
            self.days.append(days)


@dataclass
class CounterRow:
    counter: OrgUnit
    province: OrgUnit | None
    timing: Timing


@dataclass
class ProvinceRow:
    province: OrgUnit | None  # None: requests to HQ's services filed online
    at_counters: int
    online: int

    @property
    def total(self) -> int:
        return self.at_counters + self.online

    @property
    def counter_share(self) -> float:
        return round(100 * self.at_counters / self.total, 1) if self.total else 0.0


@dataclass
class CounterPerformance:
    counters: list[CounterRow]
    provinces: list[ProvinceRow]
    channels: list[tuple[str, Timing]]  # (channel value, timing), counter first
    total: int

    @property
    def at_counters(self) -> int:
        return sum(t.requests for c, t in self.channels if c == RequestChannel.COUNTER)

    @property
    def counter_share(self) -> float:
        return round(100 * self.at_counters / self.total, 1) if self.total else 0.0


def _days(filed: datetime, decided: datetime | None) -> float | None:
    return None if decided is None else (decided - filed).total_seconds() / 86400


def counter_performance(
    *, scope: Scope, since: date | None = None, until: date | None = None
) -> CounterPerformance:
    """The figures for the reader's area: requests filed at counters inside it, and requests
    its units handle (a province manager: their province; HQ: everything). A request filed at
    a counter counts for the counter's province, an online one for its responsible unit's.
    `since`/`until` narrow to requests filed on those days (both included, local time)."""
    require(scope, Perm.ESERVICES_COUNTER_FIGURES)
    perm = Perm.ESERVICES_COUNTER_FIGURES
    counters = {
        unit.pk: unit
        for unit in OrgUnit.objects.filter(kind=OrgUnitKind.COUNTER)
        .filter(scope.unit_path_q("path", perm))
        .select_related("province")
    }
    area = ServiceRequest.objects.filter(scope.stamp_q(perm) | Q(counter_id__in=list(counters)))
    if since:
        area = area.filter(case__filed_at__date__gte=since)
    if until:
        area = area.filter(case__filed_at__date__lte=until)
    rows = area.annotate(
        decided_at=Min("case__events__at", filter=Q(case__events__to_state__in=DECIDED_STATES))
    ).values("channel", "counter_id", "scope_province_id", "case__filed_at", "decided_at")
    by_counter: dict[int, Timing] = {pk: Timing() for pk in counters}
    by_channel: dict[str, Timing] = {value: Timing() for value in RequestChannel.values}
    at_counter: Tally[int | None] = Tally()
    online: Tally[int | None] = Tally()
    total = 0
    for row in rows:
        total += 1
        days = _days(row["case__filed_at"], row["decided_at"])
        by_channel[row["channel"]].add(days)
        counter = counters.get(row["counter_id"])
        if counter is not None:
            by_counter[counter.pk].add(days)
            at_counter[counter.province_id] += 1
        elif row["counter_id"] is None:
            online[row["scope_province_id"]] += 1
        # A request filed at a counter outside the area but handled inside it counts for its
        # channel only: its counter's province is not the reader's.
    province_ids = {pk for pk in (*at_counter, *online) if pk is not None}
    provinces = {p.pk: p for p in OrgUnit.objects.filter(pk__in=province_ids)}

    province_rows = [
        ProvinceRow(provinces.get(pk) if pk else None, at_counter[pk], online[pk])
        for pk in sorted(
            set(at_counter) | set(online),
            key=lambda pk: provinces[pk].code if pk in provinces else "",
        )
    ]
    return CounterPerformance(
        counters=[
            CounterRow(counter, counter.province, by_counter[pk])
            for pk, counter in sorted(counters.items(), key=lambda item: item[1].path)
        ],
        provinces=province_rows,
        channels=[
            (value, by_channel[value])
            for value in (RequestChannel.COUNTER, RequestChannel.WEB, RequestChannel.API)
        ],
        total=total,
    )


def performance_rows_for_api(performance: CounterPerformance) -> dict[str, Any]:
    """The same figures as plain values (the API's response)."""

    def timing(t: Timing) -> dict[str, Any]:
        return {
            "requests": t.requests,
            "decided": t.decided,
            "average_days": t.average_days,
            "median_days": t.median_days,
        }

    return {
        "total": performance.total,
        "at_counters": performance.at_counters,
        "counter_share_percent": performance.counter_share,
        "counters": [
            {
                "code": row.counter.code,
                "name": row.counter.name,
                "province": row.province.code if row.province else None,
                **timing(row.timing),
            }
            for row in performance.counters
        ],
        "provinces": [
            {
                "code": row.province.code if row.province else None,
                "name": row.province.name if row.province else None,
                "at_counters": row.at_counters,
                "online": row.online,
                "total": row.total,
                "counter_share_percent": row.counter_share,
            }
            for row in performance.provinces
        ],
        "channels": [{"channel": channel, **timing(t)} for channel, t in performance.channels],
    }
