"""Writers of center residents: admission and discharge of registry people, with the center's
capacity enforced and every change (and every staff read of a record) in the audit trail.

The audit trail holds no personal data: the stay's id, dates and whether it is a child's
record, never a national code or a name.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction
from chatr.audit.services import audit_record, audit_sensitive_view
from chatr.centers.choices import LicenceType
from chatr.centers.models import Admission, Center, DischargeReason
from chatr.core.errors import (
    ApplicationError,
    NotFoundError,
    PermissionDeniedError,
    lazy_message,
)
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.org.services import stamp_org_unit
from chatr.registry.selectors import person_identify

ADULT_AGE = 18
# Licence types whose residents are all children, whatever their age on file.
CHILDREN_TYPES = (LicenceType.CHILDRENS_HOME,)


def _age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def is_child_record(*, center: Center, birth_date: date, on: date) -> bool:
    """Under 18 on the admission day, or in a children's home."""
    return center.licence_type in CHILDREN_TYPES or _age_on(birth_date, on) < ADULT_AGE


def _person_not_found() -> ApplicationError:
    return ApplicationError(
        "person_not_found",
        _(
            "No one with this national code and birth date is in the registry. Check both, "
            "or ask the county office to register the person first."
        ),
        fields={"national_code": _("Check the national code and the birth date.")},
    )


def _identify(national_code: str, birth_date: date) -> Any:
    # Nationally (a nursery takes children from every county): the caller holds the center
    # permission already, and must know both the national code and the birth date.
    try:
        return person_identify(national_code=national_code, birth_date=birth_date)
    except NotFoundError:
        raise _person_not_found() from None


def _not_future(day: date, field: str, today: date) -> None:
    if day > today:
        raise ApplicationError(
            "date_in_future",
            _("The date cannot be in the future."),
            fields={field: _("The date cannot be in the future.")},
        )


def _require_record_perm(scope: Scope, center: Center, child: bool) -> None:
    require(scope, Perm.CENTERS_RESIDENTS, center)
    # Seeing the center is not enough for a child's record: 404, as for a missing one.
    if child and not scope.covers_record(center, Perm.CENTERS_RESIDENTS_CHILDREN):
        raise NotFoundError()


def center_full_error(center: Center) -> ApplicationError:
    return ApplicationError(
        "center_full",
        lazy_message(
            _(
                "The center is full: all %(capacity)s licensed places are taken on that day. "
                "Discharge a resident first, or ask the province to review the capacity."
            ),
            capacity=center.capacity,
        ),
        status=409,
    )


@transaction.atomic
def admission_create(
    *,
    actor: Any,
    scope: Scope,
    center: Center,
    national_code: str,
    birth_date: date,
    admitted_on: date,
    today: date | None = None,
) -> Admission:
    """Admit a registry person (identified by national code and birth date) to a center.

    The center row is locked while the places are counted, so two admissions at the same
    moment cannot both take the last place."""
    require(scope, Perm.CENTERS_RESIDENTS, center)
    today = today or timezone.localdate()
    _not_future(admitted_on, "admitted_on", today)
    person = _identify(national_code, birth_date)
    child = is_child_record(center=center, birth_date=person.birth_date, on=admitted_on)
    if child and not scope.covers_record(center, Perm.CENTERS_RESIDENTS_CHILDREN):
        raise PermissionDeniedError(
            _("Admitting a child needs the permission for children's records.")
        )
    if person.death_date is not None and person.death_date <= admitted_on:
        raise _person_not_found()
    Center.objects.select_for_update().filter(pk=center.pk).first()
    if Admission.objects.filter(person=person, discharged_on__isnull=True).exists():
        raise ApplicationError(
            "already_in_care",
            _("This person is already in care in a center: discharge them there first."),
            fields={"national_code": _("Already in care in a center.")},
            status=409,
        )
    if Admission.objects.filter(person=person, discharged_on__gt=admitted_on).exists():
        raise ApplicationError(
            "stays_overlap",
            _("This person was in care in a center after that day: check the admission date."),
            fields={"admitted_on": _("Overlaps an earlier stay.")},
            status=409,
        )
    # Stays still open on the admission day or later (a conservative count for a back-dated
    # admission: it never lets a day go over capacity).
    taken = Admission.objects.filter(
        Q(discharged_on__isnull=True) | Q(discharged_on__gt=admitted_on), center=center
    ).count()
    if taken >= center.capacity:
        raise center_full_error(center)
    admission = Admission(
        center=center,
        person=person,
        admitted_on=admitted_on,
        is_child_record=child,
        admitted_by=actor,
    )
    stamp_org_unit(admission, center.org_unit)
    admission.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=admission,
        changes={"admitted_on": admitted_on.isoformat(), "child_record": child},
    )
    return admission


@transaction.atomic
def admission_discharge(
    *,
    actor: Any,
    scope: Scope,
    admission: Admission,
    discharged_on: date,
    reason: str,
    today: date | None = None,
) -> Admission:
    """Close a stay. The discharge day is not a day in care."""
    _require_record_perm(scope, admission.center, admission.is_child_record)
    locked = Admission.objects.select_for_update().get(pk=admission.pk)
    if locked.discharged_on is not None:
        raise ApplicationError(
            "already_discharged", _("This resident has already been discharged."), status=409
        )
    today = today or timezone.localdate()
    _not_future(discharged_on, "discharged_on", today)
    if discharged_on < locked.admitted_on:
        raise ApplicationError(
            "discharge_before_admission",
            _("The discharge date cannot be before the admission date."),
            fields={"discharged_on": _("Before the admission date.")},
        )
    if reason not in DischargeReason.values:
        raise ApplicationError(
            "discharge_reason_invalid",
            _("Choose the reason for the discharge."),
            fields={"reason": _("Choose the reason for the discharge.")},
        )
    admission.discharged_on = discharged_on
    admission.discharge_reason = reason
    admission.discharged_by = actor
    admission.save(
        update_fields=["discharged_on", "discharge_reason", "discharged_by", "updated_at"]
    )
    audit_record(
        actor=actor,
        action=AuditAction.STATE,
        target=admission,
        changes={"discharged_on": discharged_on.isoformat(), "reason": reason},
    )
    return admission


def admission_view_record(*, actor: Any, admission: Admission) -> None:
    """Log that a staff member opened a resident's record (every read, children's above all)."""
    audit_sensitive_view(actor=actor, target=admission)


def residents_list_viewed(*, actor: Any, center: Center, shown: int) -> None:
    """Log that a staff member opened a center's list of residents (names on screen)."""
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        target=center,
        changes={"residents_list": shown},
    )
