"""Counts that stop at a cap: "N found" when N may be hundreds of thousands.

An exact count of a search reads every match: a common word matches a fifth of a million
contracts, and PostgreSQL rereads each of those rows to check the `LIKE` (about 300 ms). A
reader needs "more than 10,000", not the exact figure, so the count reads at most `cap + 1`
matches (`SELECT count(*) FROM (SELECT … LIMIT cap + 1)`) and stops there.

- `capped_count(queryset)` → `(count, is_capped)`: `count` is at most `cap`; `is_capped` says
  there are more.
- `CappedPaginator`: Django's paginator with that count (`count_is_capped` for the template).
  Pages go up to the cap (500 pages of 20); a reader narrows the search, or downloads it, to
  see the rest.
- `CappedPagination`: the API's limit/offset pagination with `count` counted the same way and
  `count_is_capped`; `offset` may still go past the cap (items are read with LIMIT/OFFSET).

Nothing here is specific to the portal: `CappedPaginator` belongs in `chatr.ui` and
`CappedPagination` in `chatr.api.base`, where they should move once those apps take them.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

from chatr.api.base import Pagination

COUNT_CAP = 10_000


def capped_count(queryset: QuerySet[Any], cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows `queryset` has, counting at most `cap` (and whether there are more)."""
    counted = queryset.order_by()[: cap + 1].count()
    return min(counted, cap), counted > cap


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator whose `count` stops at `cap`; `count_is_capped` says there are more."""

    cap = COUNT_CAP

    @cached_property
    def _capped(self) -> tuple[int, bool]:
        return capped_count(self.object_list, self.cap)  # type: ignore[arg-type]

    @cached_property
    def count(self) -> int:
        return self._capped[0]

    @property
    def count_is_capped(self) -> bool:
        return self._capped[1]


class CappedPagination(Pagination):
    """limit/offset with `items`, `count` (at most `cap`) and `count_is_capped`."""

    cap = COUNT_CAP

    class Output(Schema):
        items: list[Any]
        count: int = Field(
            description=f"How many match, counted up to {COUNT_CAP:,}: with more, this is "
            f"{COUNT_CAP:,} and count_is_capped is true."
        )
        count_is_capped: bool = Field(
            description=f"True when more than {COUNT_CAP:,} match (count is then {COUNT_CAP:,});"
            " page on with offset until items is empty."
        )

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        offset = pagination.offset
        limit: int = min(pagination.limit, self.max_limit)
        count, capped = capped_count(queryset, self.cap)
        return {
            self.items_attribute: queryset[offset : offset + limit],
            "count": count,
            "count_is_capped": capped,
        }
