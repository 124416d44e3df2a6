"""Counts that stop at a cap: "N found" when N may be hundreds of thousands.

An exact count of a search reads every match: a common word matches a fifth of a million
contracts, and PostgreSQL rereads each of those rows to check the `LIKE` (about 300 ms). A
reader needs "more than 10,000", not the exact figure, so the count reads at most `cap + 1`
matches (`SELECT count(*) FROM (SELECT … LIMIT cap + 1)`) and stops there.

`capped_count(queryset)` → `(count, is_capped)`: `count` is at most `cap`; `is_capped` says
there are more. Pages use it through `chatr.ui.paging.CappedPaginator`, the API through
`chatr.api.base.CappedPagination` (the two apps are one layer and may not import each other,
so the count lives here).
"""

from __future__ import annotations

from typing import Any, Final

from django.db.models import QuerySet

COUNT_CAP: Final = 10_000


def capped_count(queryset: QuerySet[Any], cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows `queryset` has, counting at most `cap` (and whether there are more)."""
    counted = queryset.order_by()[: cap + 1].count()
    return min(counted, cap), counted > cap
