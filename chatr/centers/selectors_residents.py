"""Reads of center residents. Children's records are the most sensitive data in the system:
they need `centers.residents_children` besides `centers.residents`, both held over the center
(a center operator's grant is at their own center, so they see that center only). A record
the reader may not see is "not found", exactly like a missing one. Views and endpoints that
show a resident record call `services_residents.admission_view_record` (audited)."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet

from chatr.centers.models import Admission, Center
from chatr.core.errors import NotFoundError
from chatr.org.roles import Perm
from chatr.org.scope import Scope


def admissions_visible(*, scope: Scope) -> QuerySet[Admission]:
    """Stays in centers where the reader may see residents; children's records only where
    they also hold the children's permission."""
    return Admission.objects.filter(scope.stamp_q(Perm.CENTERS_RESIDENTS)).filter(
        Q(is_child_record=False) | scope.stamp_q(Perm.CENTERS_RESIDENTS_CHILDREN)
    )


def resident_centers(*, scope: Scope) -> QuerySet[Center]:
    """Centers where the reader may see residents, each with `current_residents` (people in
    care now, whichever records the reader may open)."""
    return (
        Center.objects.visible_to(scope, Perm.CENTERS_RESIDENTS)
        .select_related("org_unit", "scope_province", "scope_county")
        .annotate(
            current_residents=Count("admissions", filter=Q(admissions__discharged_on__isnull=True))
        )
        .order_by("search_name", "pk")
    )


def resident_center_get(*, scope: Scope, center_id: int) -> Center:
    center = (
        Center.objects.visible_to(scope, Perm.CENTERS_RESIDENTS)
        .select_related("org_unit", "scope_province", "scope_county")
        .filter(pk=center_id)
        .first()
    )
    if center is None:
        raise NotFoundError()
    return center


def center_occupancy(*, center: Center) -> int:
    """People in care at the center now."""
    return Admission.objects.filter(center=center, discharged_on__isnull=True).count()


def admission_list(
    *, scope: Scope, center: Center | None = None, current_only: bool = False
) -> QuerySet[Admission]:
    """Stays the reader may see: people in care first, then the latest discharged; newest
    admission first within each (one query with the person)."""
    admissions = admissions_visible(scope=scope)
    if center is not None:
        admissions = admissions.filter(center=center)
    if current_only:
        admissions = admissions.filter(discharged_on__isnull=True)
    return admissions.select_related("person", "center__org_unit").order_by(
        F("discharged_on").desc(nulls_first=True), "-admitted_on", "-pk"
    )


def admission_get(*, scope: Scope, admission_id: int) -> Admission:
    """One stay; out of scope, or a child's record without the children's permission, is 404."""
    admission = (
        admissions_visible(scope=scope)
        .select_related("person", "center__org_unit", "admitted_by", "discharged_by")
        .filter(pk=admission_id)
        .first()
    )
    if admission is None:
        raise NotFoundError()
    return admission
