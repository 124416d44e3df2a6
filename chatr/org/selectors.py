"""Reads of the org tree."""

from __future__ import annotations

from django.db.models import QuerySet

from chatr.core.errors import NotFoundError
from chatr.org.models import OrgUnit, OrgUnitKind

# Centers and counters are published by their own modules, with their own rules.
PUBLIC_KINDS = (OrgUnitKind.HQ, OrgUnitKind.PROVINCE, OrgUnitKind.COUNTY)


def org_unit_list_public(
    *, kind: str | None = None, parent_code: str | None = None
) -> QuerySet[OrgUnit]:
    """Active HQ/province/county units, in tree order."""
    units = OrgUnit.objects.filter(is_active=True, kind__in=PUBLIC_KINDS).select_related("parent")
    if kind:
        units = units.filter(kind=kind)
    if parent_code:
        units = units.filter(parent__code=parent_code)
    return units.order_by("path")


def org_unit_get_public(*, code: str) -> OrgUnit:
    unit = org_unit_list_public().filter(code=code).first()
    if unit is None:
        raise NotFoundError()
    return unit


def provinces() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE, is_active=True).order_by("code")
