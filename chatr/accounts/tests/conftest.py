"""Fixtures for the sign-in tests: a clean cache, a controllable clock, an English browser."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.utils import timezone


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    # Failure counters of unknown usernames live in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


class Clock:
    """Stands in for django.utils.timezone.now; `advance` moves time forward."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Freeze time (services, auto_now_add fields and sessions all read timezone.now)."""
    frozen = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


@pytest.fixture
def english() -> Client:
    """A browser that asked for English, so the assertions read the English messages whatever
    the Persian catalogue says."""
    browser = Client()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return browser


@pytest.fixture
def http_request(rf: RequestFactory) -> HttpRequest:
    """A bare POST request with a session, as services that log people in need."""
    request = rf.post("/")
    SessionMiddleware(lambda _request: None).process_request(request)  # type: ignore[arg-type,return-value]
    request.user = AnonymousUser()
    return request
