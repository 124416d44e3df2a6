"""Pensions fixtures: the standard programs for 1405 and the registry's score factors."""

from __future__ import annotations

from typing import Any

import pytest

from chatr.pensions.demo import programs_ensure
from chatr.pensions.models import Program
from chatr.pensions.tests.factories import YEAR
from chatr.registry.demo import seed_score_factors


@pytest.fixture
def programs(world: Any) -> dict[str, Program]:
    seed_score_factors()
    return {p.code: p for p in programs_ensure(year=YEAR)}


@pytest.fixture
def female_headed(programs: dict[str, Program]) -> Program:
    return programs["female_headed_pension"]


@pytest.fixture
def disability(programs: dict[str, Program]) -> Program:
    return programs["disability_care_allowance"]
