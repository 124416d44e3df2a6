"""/api/v1/eservices/counters: the counters' performance, scoped like the page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from chatr.api.base import ErrorOut, staff_auth
from chatr.eservices.selectors_counters import counter_performance, performance_rows_for_api
from chatr.org.scope import request_scope

counters_router = Router(tags=["eservices"])


class TimingOut(Schema):
    requests: int
    decided: int
    average_days: float | None
    median_days: float | None


class CounterOut(TimingOut):
    code: str
    name: str
    province: str | None


class ProvinceOut(Schema):
    code: str | None
    name: str | None
    at_counters: int
    online: int
    total: int
    counter_share_percent: float


class ChannelOut(TimingOut):
    channel: str


class PerformanceOut(Schema):
    total: int
    at_counters: int
    counter_share_percent: float
    counters: list[CounterOut]
    provinces: list[ProvinceOut]
    channels: list[ChannelOut]


@counters_router.get(
    "/counters/performance",
    response={200: PerformanceOut, 401: ErrorOut, 403: ErrorOut},
    auth=staff_auth,
    summary="Requests per counter and province, share at counters vs online, days to decision "
    "(since/until: ISO dates of filing, both included)",
)
def performance(request: HttpRequest, since: date | None = None, until: date | None = None) -> Any:
    return performance_rows_for_api(
        counter_performance(scope=request_scope(request), since=since, until=until)
    )
