"""Registry fixtures: the default score factors, and households in Zanjan and Kerman."""

from __future__ import annotations

from typing import Any

import pytest

from chatr.registry.demo import seed_score_factors
from chatr.registry.tests.factories import register_household


@pytest.fixture
def score_factors(world: Any) -> None:
    seed_score_factors()


@pytest.fixture
def zanjan_household(world: Any, score_factors: None) -> Any:
    return register_household(world.zanjan_manager, world.unit("C1901"))


@pytest.fixture
def kerman_household(world: Any, score_factors: None) -> Any:
    return register_household(world.kerman_manager, world.unit("C0801"))


@pytest.fixture
def counter(world: Any) -> Any:
    return world.unit("Z1901")
