"""Related records: other modules' records linked to a case, shown on the case's staff page.

A module that links records to cases (e.g. centers: an inspection opened on a watchdog
complaint) registers a provider for a case kind; the module owning the case page renders
`{% related_records case %}` without importing the other module (imports point one way).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string

from chatr.org.scope import Scope


@dataclass(frozen=True)
class RelatedRecord:
    """One linked record as a case page lists it."""

    kind_label: str  # e.g. "Inspection"
    title: str
    url: str
    detail: str = ""


# A provider takes (case=, scope=) and returns the records the reader may see.
Provider = Callable[..., list[RelatedRecord]]
_PROVIDERS: dict[str, list[str | Provider]] = {}


def register_related_provider(case_kind: str, provider: str | Provider) -> None:
    """Register a provider (a callable, or its dotted path to import on first use) for cases
    of one kind. Idempotent."""
    providers = _PROVIDERS.setdefault(case_kind, [])
    if provider not in providers:
        providers.append(provider)


def related_records(*, case: Any, scope: Scope) -> list[RelatedRecord]:
    """Every provider's records for this case, in registration order."""
    records: list[RelatedRecord] = []
    for provider in _PROVIDERS.get(case.kind, []):
        function: Provider = import_string(provider) if isinstance(provider, str) else provider
        records.extend(function(case=case, scope=scope))
    return records
