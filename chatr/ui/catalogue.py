"""The public catalogue of online services: each module registers its entries in ready().

The registry lives in process memory and is filled at start-up, so reading it costs no query.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from django.urls import reverse
from django.utils.functional import Promise

LazyText: TypeAlias = str | Promise

CITIZEN = "citizen"
STAFF = "staff"


@dataclass(frozen=True)
class CatalogueEntry:
    """One online service as the catalogue shows it; texts are gettext_lazy strings."""

    key: str
    title: LazyText
    description: LazyText
    url_name: str
    group: LazyText
    audience: str = CITIZEN

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_registry: dict[str, CatalogueEntry] = {}


def register_service(entry: CatalogueEntry) -> CatalogueEntry:
    """Add an entry to the catalogue. Registering the same entry again changes nothing (ready()
    can run more than once); a different entry under a key already taken is a programming error
    (two modules claiming one key), so it raises instead of silently replacing the first."""
    existing = _registry.get(entry.key)
    if existing is not None and existing != entry:
        raise ValueError(f"catalogue key {entry.key!r} is already registered: {existing!r}")
    _registry[entry.key] = entry
    return entry


def catalogue_entries(*, audience: str | None = None) -> list[CatalogueEntry]:
    """Entries sorted by group, then title, in the active language (hence sorted per call)."""
    entries = [e for e in _registry.values() if audience is None or e.audience == audience]
    return sorted(entries, key=lambda e: (str(e.group).casefold(), str(e.title).casefold()))
