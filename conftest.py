"""Shared fixtures: the one world every test (and the demo) uses."""

from __future__ import annotations

import pytest
from django.test import Client

from chatr.demo.world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world(password="pw-for-tests-only")


@pytest.fixture
def client_for(world: World):  # type: ignore[no-untyped-def]
    """A logged-in test client for one of the world's staff users (or the citizen)."""

    def make(username: str) -> Client:
        client = Client()
        user = world.citizen if username == "citizen" else world.users[username]
        client.force_login(user, backend="chatr.accounts.backends.StaffPasswordBackend")
        return client

    return make


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    """Rate limits and lockouts live in the cache: no test inherits another's counts."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
