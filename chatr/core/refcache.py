"""Per-process copies of rarely changed reference data (holidays, taxonomies, policies).

Hot paths such as intake read the same small tables on every request. A `ProcessCopy` keeps
one copy per process while a generation mark in the shared cache lives: a change made
elsewhere applies within `seconds` (at once after `forget()` or a cleared cache, since every
process then finds a new mark). The copy is shared by the requests of the process: read it,
never change it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Generic, TypeVar

from django.core.cache import cache

T = TypeVar("T")

DEFAULT_SECONDS = 60


class ProcessCopy(Generic[T]):
    def __init__(self, key: str, load: Callable[[], T], seconds: int = DEFAULT_SECONDS) -> None:
        self.key = f"refcache:{key}"
        self.load = load
        self.seconds = seconds
        self._copy: tuple[str, T] | None = None

    def get(self) -> T:
        generation = cache.get(self.key)
        if generation is None:
            cache.add(self.key, uuid.uuid4().hex, self.seconds)
            generation = cache.get(self.key)  # another process's mark may have won
        copy = self._copy
        if generation is not None and copy is not None and copy[0] == generation:
            return copy[1]
        value = self.load()
        if generation is not None:
            self._copy = (generation, value)
        return value

    def forget(self) -> None:
        """Make every process reload on its next read (call after editing the data)."""
        cache.delete(self.key)
        self._copy = None
