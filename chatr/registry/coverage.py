"""Extra coverage measures contributed by modules built on the registry.

The registry counts households, people and covered clients itself; a module above it (e.g.
pensions) registers a measure here in its AppConfig.ready(), and the coverage report adds it
as a column without the registry importing that module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from chatr.org.scope import Scope

# (scope, on) → {org unit id of the province or county: count}; `level` is "province" or "county".
CountByUnit = Callable[..., dict[int, int]]


@dataclass(frozen=True)
class CoverageMeasure:
    code: str
    label: Any  # lazy translated
    count_by_unit: CountByUnit  # called as count_by_unit(scope=, on=, level=)


_MEASURES: dict[str, CoverageMeasure] = {}


def register_coverage_measure(measure: CoverageMeasure) -> None:
    _MEASURES[measure.code] = measure


def coverage_measures() -> list[CoverageMeasure]:
    """Registered measures, in registration order."""
    return list(_MEASURES.values())


def measure_counts(*, scope: Scope, on: date, level: str) -> dict[str, dict[int, int]]:
    return {m.code: m.count_by_unit(scope=scope, on=on, level=level) for m in _MEASURES.values()}
