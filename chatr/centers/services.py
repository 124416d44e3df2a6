"""Writers of the directory: register and edit centers, issue licences, expire them daily.

Registering a center creates its org unit under a county (org services) and the Center row
stamped with that unit, so the center is scoped like every other record from its first moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction
from chatr.audit.services import audit_record, field_changes
from chatr.centers.choices import (
    EDITABLE_STATUSES,
    CareMode,
    CenterStatus,
    Grade,
    LicenceKind,
    LicenceStatus,
    LicenceType,
    Ownership,
)
from chatr.centers.models import Center, Licence
from chatr.centers.validation import (
    map_point_field,
    normalize_phone,
    validate_licence_number,
    validate_map_point,
)
from chatr.core.errors import ApplicationError
from chatr.core.postal_code import validate_postal_code
from chatr.core.text import normalize_persian, search_key
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.org.services import org_unit_create, org_unit_rename, stamp_org_unit

# Org-unit codes of registered centers: "CT" + the county's digits + a serial in the county.
CENTER_CODE_PREFIX = "CT"


@dataclass(frozen=True)
class CenterData:
    """A center's directory details, as forms and the API give them (not yet normalized)."""

    name_fa: str
    licence_type: str
    ownership: str
    care_mode: str
    grade: int
    capacity: int
    address: str
    name_en: str = ""
    postal_code: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    phone: str = ""
    manager_name: str = ""


def _invalid(code: str, field: str, message: Any) -> ApplicationError:
    return ApplicationError(code, message, fields={field: message})


def _clean(data: CenterData) -> dict[str, Any]:
    """Normalized field values, or an ApplicationError naming the field at fault."""
    name_fa = normalize_persian(data.name_fa)
    if not name_fa:
        raise _invalid("name_required", "name_fa", _("Enter the center's name."))
    choices = (
        ("licence_type", data.licence_type, LicenceType.values),
        ("ownership", data.ownership, Ownership.values),
        ("care_mode", data.care_mode, CareMode.values),
        ("grade", data.grade, Grade.values),
    )
    for field, value, allowed in choices:
        if value not in allowed:
            raise _invalid(f"{field}_invalid", field, _("Choose one of the options."))
    if data.capacity < 0:
        raise _invalid("capacity_invalid", "capacity", _("Capacity cannot be negative."))
    address = normalize_persian(data.address)
    if not address:
        raise _invalid("address_required", "address", _("Enter the address."))
    try:
        postal_code = validate_postal_code(data.postal_code) if data.postal_code.strip() else ""
    except ValidationError as error:
        raise _invalid("postal_code_invalid", "postal_code", error.messages[0]) from error
    try:
        phone = normalize_phone(data.phone) if data.phone.strip() else ""
    except ValidationError as error:
        raise _invalid("phone_invalid", "phone", error.messages[0]) from error
    try:
        validate_map_point(data.latitude, data.longitude)
    except ValidationError as error:
        field = map_point_field(data.latitude, data.longitude)
        raise _invalid("map_point_invalid", field, error.messages[0]) from error
    return {
        "name_fa": name_fa,
        "name_en": normalize_persian(data.name_en) or name_fa,
        "licence_type": data.licence_type,
        "ownership": data.ownership,
        "care_mode": data.care_mode,
        "grade": data.grade,
        "capacity": data.capacity,
        "address": address,
        "postal_code": postal_code,
        "latitude": data.latitude,
        "longitude": data.longitude,
        "phone": phone,
        "manager_name": normalize_persian(data.manager_name),
    }


def _unit_kind(licence_type: str) -> str:
    return OrgUnitKind.COUNTER if licence_type == LicenceType.POSITIVE_LIFE else OrgUnitKind.CENTER


def _next_code(county: OrgUnit) -> str:
    """The next free center code in the county. The caller holds the county row's lock, so
    two registrations in one county cannot pick the same serial."""
    prefix = f"{CENTER_CODE_PREFIX}{county.code[1:]}"
    taken = OrgUnit.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    serials = [int(code[len(prefix) :]) for code in taken if code[len(prefix) :].isdigit()]
    return f"{prefix}{max(serials, default=0) + 1:03d}"


def _search_name(name_fa: str, name_en: str) -> str:
    return search_key(f"{name_fa} {name_en}")


@transaction.atomic
def center_register(
    *,
    actor: Any,
    scope: Scope,
    county: OrgUnit,
    data: CenterData,
    org_unit: OrgUnit | None = None,
    code: str = "",
) -> Center:
    """Register a center in a county the actor covers: create its org unit (a center, or a
    counter for Positive Life) and the Center. `org_unit` adopts an existing center or
    counter unit of that county that has no Center yet (units made before this module);
    `code` fixes the new unit's code (imports, the demo), otherwise the next free one."""
    require(scope, Perm.CENTERS_EDIT)
    if county.kind != OrgUnitKind.COUNTY or not scope.covers(county, Perm.CENTERS_EDIT):
        raise _invalid("county_out_of_scope", "county", _("Choose a county in your area."))
    values = _clean(data)
    kind = _unit_kind(values["licence_type"])
    if org_unit is None:
        OrgUnit.objects.select_for_update().filter(pk=county.pk).first()
        if code and OrgUnit.objects.filter(code=code).exists():
            raise _invalid("code_taken", "code", _("An org unit with this code already exists."))
        org_unit = org_unit_create(
            kind=kind,
            code=code or _next_code(county),
            name_fa=values["name_fa"],
            name_en=values["name_en"],
            parent=county,
        )
    else:
        if org_unit.parent_id != county.pk or org_unit.kind != kind:
            raise _invalid(
                "org_unit_mismatch",
                "licence_type",
                _("This unit is not a center of this kind in the chosen county."),
            )
        if Center.objects.filter(org_unit=org_unit).exists():
            raise _invalid(
                "center_exists", "name_fa", _("This unit is already registered as a center.")
            )
        org_unit_rename(unit=org_unit, name_fa=values["name_fa"], name_en=values["name_en"])
    center = Center(
        **{k: v for k, v in values.items() if k not in ("name_fa", "name_en")},
        search_name=_search_name(values["name_fa"], values["name_en"]),
    )
    stamp_org_unit(center, org_unit)
    center.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=center, changes={})
    return center


def _snapshot(center: Center) -> dict[str, Any]:
    return {
        "name_fa": center.org_unit.name_fa,
        "name_en": center.org_unit.name_en,
        **{
            name: getattr(center, name)
            for name in (
                "licence_type",
                "ownership",
                "care_mode",
                "grade",
                "capacity",
                "address",
                "postal_code",
                "latitude",
                "longitude",
                "phone",
                "manager_name",
                "status",
            )
        },
    }


@transaction.atomic
def center_update(
    *, actor: Any, scope: Scope, center: Center, data: CenterData, status: str | None = None
) -> Center:
    """Edit a center's details. The county cannot change (that would move an org unit), nor
    can a center become a Positive Life counter or back. Status moves between active and
    inactive only: suspension and revocation belong to the sanctions ladder."""
    require(scope, Perm.CENTERS_EDIT, center)
    values = _clean(data)
    if _unit_kind(values["licence_type"]) != center.org_unit.kind:
        raise _invalid(
            "licence_type_kind_fixed",
            "licence_type",
            _("A center cannot become a Positive Life counter, or a counter a center."),
        )
    if status is not None and status != center.status:
        if status not in EDITABLE_STATUSES or center.status not in EDITABLE_STATUSES:
            raise _invalid(
                "status_not_editable",
                "status",
                _("Suspension and revocation are decided through the sanctions procedure."),
            )
        values["status"] = status
    before = _snapshot(center)
    org_unit_rename(unit=center.org_unit, name_fa=values["name_fa"], name_en=values["name_en"])
    for name, value in values.items():
        if name not in ("name_fa", "name_en"):
            setattr(center, name, value)
    center.search_name = _search_name(values["name_fa"], values["name_en"])
    changes = field_changes(before, _snapshot(center))
    if changes:
        center.save(
            update_fields=[
                *[n for n in changes if n not in ("name_fa", "name_en")],
                "search_name",
                "updated_at",
            ]
        )
        audit_record(actor=actor, action=AuditAction.UPDATE, target=center, changes=changes)
    return center


@dataclass(frozen=True)
class LicenceData:
    kind: str
    number: str
    issued_on: date
    valid_from: date
    valid_until: date


@transaction.atomic
def licence_issue(
    *,
    actor: Any,
    scope: Scope,
    center: Center,
    data: LicenceData,
    today: date | None = None,
) -> Licence:
    """Record a licence the licensing procedure granted. A center's current valid licence of
    the same kind is renewed by the new one (it keeps its own period and history); an
    activity licence in force today makes an inactive center active again."""
    require(scope, Perm.CENTERS_EDIT, center)
    today = today or timezone.localdate()
    if data.kind not in LicenceKind.values:
        raise _invalid("kind_invalid", "kind", _("Choose one of the options."))
    try:
        number = validate_licence_number(data.number)
    except ValidationError as error:
        raise _invalid("licence_number_invalid", "number", error.messages[0]) from error
    if data.valid_until < data.valid_from:
        raise _invalid(
            "validity_reversed", "valid_until", _("The end date is before the start date.")
        )
    if data.issued_on > data.valid_until:
        raise _invalid(
            "issued_after_end", "issued_on", _("A licence cannot be issued after it ends.")
        )
    if Licence.objects.filter(number=number).exists():
        raise _invalid(
            "licence_number_taken", "number", _("A licence with this number already exists.")
        )
    current = (
        Licence.objects.select_for_update()
        .filter(center=center, kind=data.kind, is_current=True)
        .first()
    )
    if (
        current is not None
        and current.status == LicenceStatus.VALID
        and data.valid_from <= current.valid_from
    ):
        raise _invalid(
            "renewal_starts_too_early",
            "valid_from",
            _("A renewal must start after the current licence started."),
        )
    if current is not None:
        # Before the insert: the constraint allows one current licence per kind.
        current.is_current = False
        current.save(update_fields=["is_current", "updated_at"])
    licence = Licence(
        center=center,
        kind=data.kind,
        number=number,
        issued_on=data.issued_on,
        valid_from=data.valid_from,
        valid_until=data.valid_until,
        renews=current if current and current.status != LicenceStatus.REVOKED else None,
        issued_by=actor if getattr(actor, "pk", None) else None,
    )
    stamp_org_unit(licence, center.org_unit)
    try:
        with transaction.atomic():
            licence.save()
    except IntegrityError as error:  # a concurrent licence took the number first
        raise _invalid(
            "licence_number_taken", "number", _("A licence with this number already exists.")
        ) from error
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=licence,
        changes={"kind": data.kind, "renews": licence.renews.number if licence.renews else None},
    )
    if (
        data.kind == LicenceKind.ACTIVITY_LICENCE
        and center.status == CenterStatus.INACTIVE
        and licence.in_force_on(today)
    ):
        center.status = CenterStatus.ACTIVE
        center.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.STATE,
            target=center,
            changes={"status": [CenterStatus.INACTIVE, CenterStatus.ACTIVE]},
        )
    return licence


@transaction.atomic
def licence_expire_due(*, today: date | None = None) -> int:
    """Mark valid licences whose period has ended as expired; a center left without an
    activity licence in force today becomes inactive (so no subsidy is paid for it).
    Idempotent: run it daily (task `licence_expire_due_task`); returns the licences expired."""
    today = today or timezone.localdate()
    due = list(
        Licence.objects.select_for_update()
        .filter(status=LicenceStatus.VALID, valid_until__lt=today)
        .select_related("org_unit")
    )
    for licence in due:
        licence.status = LicenceStatus.EXPIRED
        licence.status_changed_on = today
        licence.save(update_fields=["status", "status_changed_on", "updated_at"])
        audit_record(
            actor=None,
            action=AuditAction.STATE,
            target=licence,
            changes={"status": [LicenceStatus.VALID, LicenceStatus.EXPIRED]},
        )
    center_ids = {
        licence.center_id for licence in due if licence.kind == LicenceKind.ACTIVITY_LICENCE
    }
    in_force = Licence.objects.filter(
        kind=LicenceKind.ACTIVITY_LICENCE,
        status=LicenceStatus.VALID,
        valid_from__lte=today,
        valid_until__gte=today,
    ).values("center_id")
    lapsed = (
        Center.objects.filter(pk__in=center_ids, status=CenterStatus.ACTIVE)
        .exclude(Q(pk__in=in_force))
        .select_related("org_unit")
    )
    for center in lapsed:
        center.status = CenterStatus.INACTIVE
        center.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=None,
            action=AuditAction.STATE,
            target=center,
            changes={"status": [CenterStatus.ACTIVE, CenterStatus.INACTIVE], "reason": "expired"},
        )
    return len(due)


def center_data_of(center: Center) -> CenterData:
    """A center's current details, as center_update takes them (for partial API updates)."""
    values = _snapshot(center)
    values.pop("status")
    return CenterData(**values)
