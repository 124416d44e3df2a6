"""The centers and licences categories: generated from the centers module, never typed twice.

The portal publishes the addresses of care centers and the licences issued to them by reading
the centers module through its public selectors (`chatr.centers.selectors`): the same centers
(active org units only) and the same facts the public directory shows, nothing personal (no
manager, no staff). Nothing is copied into the portal's own tables, so there is no import kind
for these categories, and the data is as fresh as the directory: "last updated" is the day a
center or a licence last changed (`centers_last_updated`).

The exports read `values_list` tuples of the selectors' querysets, never model instances.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from django.db.models import QuerySet

from chatr.centers.models import Center, Licence
from chatr.centers.selectors import (
    CenterFilters,
    PublicLicenceFilters,
    center_list,
    directory_counties,
    directory_last_changed,
    directory_provinces,
    licences_issued_public,
)
from chatr.org.models import OrgUnit

__all__ = [
    "CENTER_EXPORT_FIELDS",
    "LICENCE_EXPORT_FIELDS",
    "CenterFilters",
    "PublicLicenceFilters",
    "center_address_rows",
    "center_addresses",
    "centers_last_updated",
    "counties",
    "licence_rows",
    "licences_issued",
    "provinces",
]


def center_addresses(*, filters: CenterFilters) -> QuerySet[Center]:
    """The directory's centers with their addresses and phones, in name order."""
    return center_list(filters=filters)


CENTER_EXPORT_FIELDS: Final = (
    "org_unit__code",
    "org_unit__name_fa",
    "org_unit__name_en",
    "licence_type",
    "ownership",
    "care_mode",
    "scope_province__code",
    "scope_province__name_fa",
    "scope_province__name_en",
    "scope_county__code",
    "scope_county__name_fa",
    "scope_county__name_en",
    "address",
    "postal_code",
    "phone",
    "latitude",
    "longitude",
    "status",
    "is_licensed",
)


def center_address_rows(*, filters: CenterFilters) -> QuerySet[Any]:
    """The same centers as `center_addresses`, as tuples of CENTER_EXPORT_FIELDS."""
    return center_list(filters=filters).values_list(*CENTER_EXPORT_FIELDS)


def licences_issued(*, filters: PublicLicenceFilters) -> QuerySet[Licence]:
    """Licences issued to the directory's centers, newest first, with their public status."""
    return licences_issued_public(filters=filters)


LICENCE_EXPORT_FIELDS: Final = (
    "number",
    "kind",
    "center__org_unit__code",
    "center__org_unit__name_fa",
    "center__org_unit__name_en",
    "center__licence_type",
    "center__scope_province__code",
    "center__scope_province__name_fa",
    "center__scope_province__name_en",
    "center__scope_county__code",
    "center__scope_county__name_fa",
    "center__scope_county__name_en",
    "issued_on",
    "valid_from",
    "valid_until",
    "public_status",
)


def licence_rows(*, filters: PublicLicenceFilters) -> QuerySet[Any]:
    """The same licences as `licences_issued`, as tuples of LICENCE_EXPORT_FIELDS."""
    return licences_issued_public(filters=filters).values_list(*LICENCE_EXPORT_FIELDS)


def centers_last_updated() -> date | None:
    """When the centers data last changed: the "last updated" of both generated datasets."""
    return directory_last_changed()


def provinces() -> QuerySet[OrgUnit]:
    return directory_provinces()


def counties(*, province: str = "") -> QuerySet[OrgUnit]:
    return directory_counties(province=province)
