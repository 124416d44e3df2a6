"""Writers for org units and memberships; the one stamping helper for scoped records."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from chatr.core.errors import ApplicationError
from chatr.org.models import ALLOWED_PARENT, Membership, OrgUnit, OrgUnitKind, encode_segment
from chatr.org.roles import Role


@transaction.atomic
def org_unit_create(
    *, kind: str, code: str, name_fa: str, name_en: str, parent: OrgUnit | None
) -> OrgUnit:
    """Add a unit under `parent`, computing its path and copied-down ancestors."""
    expected_parent = ALLOWED_PARENT.get(kind, "invalid")
    if expected_parent == "invalid" or (parent.kind if parent else None) != expected_parent:
        raise ApplicationError(
            "org_unit_parent_invalid",
            _("This kind of unit cannot be placed under the chosen parent."),
        )
    # The path needs the row's id, so insert with a unique placeholder and fix it in place.
    unit = OrgUnit.objects.create(
        kind=kind,
        code=code,
        name_fa=name_fa,
        name_en=name_en,
        parent=parent,
        path=f"tmp-{uuid.uuid4().hex}",
    )
    unit.path = (parent.path if parent else "") + encode_segment(unit.pk) + "/"
    unit.depth = parent.depth + 1 if parent else 0
    if kind == OrgUnitKind.PROVINCE:
        unit.province = unit
    elif kind == OrgUnitKind.COUNTY:
        unit.province_id = parent.province_id if parent else None
        unit.county = unit
    elif parent is not None:
        unit.province_id = parent.province_id
        unit.county_id = parent.county_id
    unit.save(update_fields=["path", "depth", "province", "county"])
    return unit


def org_unit_ensure(
    *, kind: str, code: str, name_fa: str, name_en: str, parent: OrgUnit | None
) -> OrgUnit:
    """Idempotent create-or-update by code, for reference data and the demo."""
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        return org_unit_create(
            kind=kind, code=code, name_fa=name_fa, name_en=name_en, parent=parent
        )
    if (unit.name_fa, unit.name_en) != (name_fa, name_en):
        unit.name_fa, unit.name_en = name_fa, name_en
        unit.save(update_fields=["name_fa", "name_en"])
    return unit


def org_unit_rename(*, unit: OrgUnit, name_fa: str, name_en: str) -> OrgUnit:
    """Change a unit's names (the module that owns the unit decides who may)."""
    if (unit.name_fa, unit.name_en) != (name_fa, name_en):
        unit.name_fa, unit.name_en = name_fa, name_en
        unit.save(update_fields=["name_fa", "name_en"])
    return unit


def stamp_org_unit(record: Any, unit: OrgUnit) -> None:
    """Set the owner of a ScopedModel record and copy down its scope keys (before saving)."""
    record.org_unit = unit
    record.scope_province_id = unit.province_id
    record.scope_county_id = unit.county_id


def membership_grant(*, user: Any, role: str, org_unit: OrgUnit) -> Membership:
    """Give `user` a role at `org_unit` (idempotent)."""
    if role not in Role.values:
        raise ApplicationError("role_unknown", _("This role does not exist."))
    membership, _created = Membership.objects.get_or_create(user=user, role=role, org_unit=org_unit)
    return membership


def load_reference_units() -> OrgUnit:
    """Create HQ, the 31 provinces and their capital counties (idempotent); return HQ."""
    from chatr.org.data.provinces import HQ, PROVINCES

    hq = org_unit_ensure(
        kind=OrgUnitKind.HQ,
        code=HQ["code"],
        name_fa=HQ["name_fa"],
        name_en=HQ["name_en"],
        parent=None,
    )
    for province in PROVINCES:
        unit = org_unit_ensure(
            kind=OrgUnitKind.PROVINCE,
            code=f"P{province.code}",
            name_fa=province.name_fa,
            name_en=province.name_en,
            parent=hq,
        )
        org_unit_ensure(
            kind=OrgUnitKind.COUNTY,
            code=f"C{province.code}01",
            name_fa=province.capital_fa,
            name_en=province.capital_en,
            parent=unit,
        )
    return hq
