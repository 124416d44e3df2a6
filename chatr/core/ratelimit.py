"""The one fixed-window rate limiter (cache-backed: shared across workers with REDIS_URL)."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def rate_limit_hit(*, bucket: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit; return True when the caller is over `limit` hits in the window.

    Keys are hashed so no phone number or address is stored in the cache in clear."""
    window = int(time.time() // window_seconds)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{bucket}:{window}:{digest}"
    if cache.add(cache_key, 1, window_seconds + 5):
        return limit < 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window_seconds + 5)
        count = 1
    return count > limit
