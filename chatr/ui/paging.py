"""`CappedPaginator`: Django's paginator with a count that stops at a cap (see
`chatr.core.paging`), for search pages whose matches may number hundreds of thousands.

Pages go up to the cap (500 pages of 20); a reader narrows the search, or downloads it, to see
the rest. Templates say "more than N" when `paginator.count_is_capped`.
"""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Paginator

from chatr.core.paging import COUNT_CAP, capped_count


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
