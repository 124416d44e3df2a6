"""Fixtures for the API tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    # The public rate limit counts requests per client address in the cache, which outlives a
    # test: without this, one test's requests would count against the next one's.
    cache.clear()
    yield
    cache.clear()
