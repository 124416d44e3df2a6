"""Reads of the directory. The public ones show what anyone may know about a center and its
licences (nothing personal: no manager, no staff); the staff ones start from the reader's Scope.

Other modules ask about centers through these, e.g. `center_has_valid_licence` for subsidies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.centers.choices import LicenceKind, LicenceStatus, LicenceType
from chatr.centers.models import Center, Licence
from chatr.centers.validation import normalize_licence_number
from chatr.core.errors import ApplicationError, NotFoundError
from chatr.core.text import search_key
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.roles import Perm
from chatr.org.scope import Scope


@dataclass(frozen=True)
class CenterFilters:
    """Directory filters; province and county are org-unit codes ("P08", "C0801")."""

    province: str = ""
    county: str = ""
    licence_type: str = ""
    name: str = ""
    status: str = ""  # staff lists only


def _name_q(name: str) -> Q:
    """Every word typed must appear in the normalized name (ی/ي, ک/ك, digits, ZWNJ alike)."""
    query = Q()
    for word in search_key(name).split():
        query &= Q(search_name__contains=word)
    return query


def _filtered(centers: QuerySet[Center], filters: CenterFilters) -> QuerySet[Center]:
    if filters.province:
        centers = centers.filter(scope_province__code=filters.province)
    if filters.county:
        centers = centers.filter(scope_county__code=filters.county)
    if filters.licence_type:
        centers = centers.filter(licence_type=filters.licence_type)
    if filters.status:
        centers = centers.filter(status=filters.status)
    if filters.name.strip():
        centers = centers.filter(_name_q(filters.name))
    return centers


def _licensed_today(today: date) -> Exists:
    """Whether the center holds an activity licence in force today (one subquery)."""
    return Exists(
        Licence.objects.filter(
            center=OuterRef("pk"),
            kind=LicenceKind.ACTIVITY_LICENCE,
            status=LicenceStatus.VALID,
            valid_from__lte=today,
            valid_until__gte=today,
        )
    )


def _with_places(centers: QuerySet[Center]) -> QuerySet[Center]:
    return centers.select_related("org_unit", "scope_province", "scope_county")


# ---------------------------------------------------------------- public


def _public_centers() -> QuerySet[Center]:
    return Center.objects.filter(org_unit__is_active=True)


def center_list(*, filters: CenterFilters) -> QuerySet[Center]:
    """The public directory: active org units only, in name order, each with `is_licensed`
    (an activity licence in force today). Staff-only filters (status) are ignored."""
    public_filters = CenterFilters(
        province=filters.province,
        county=filters.county,
        licence_type=filters.licence_type,
        name=filters.name,
    )
    centers = _filtered(_public_centers(), public_filters)
    return (
        _with_places(centers)
        .annotate(is_licensed=_licensed_today(timezone.localdate()))
        .order_by("search_name", "pk")
    )


def center_get_public(*, center_id: int) -> Center:
    center = _with_places(_public_centers()).filter(pk=center_id).first()
    if center is None:
        raise NotFoundError()
    return center


def center_licences(*, center: Center) -> QuerySet[Licence]:
    """A center's licences, newest first: the history the public page and the API show."""
    return Licence.objects.filter(center=center).order_by("-valid_from", "-issued_on", "-pk")


@dataclass(frozen=True)
class LicenceCheck:
    """What anyone may learn from a licence number."""

    number: str
    kind: str
    status: str
    issued_on: date
    valid_from: date
    valid_until: date
    center_id: int
    center_name_fa: str
    center_name_en: str
    licence_type: str
    province_name_fa: str
    province_name_en: str

    @property
    def kind_label(self) -> str:
        return str(LicenceKind(self.kind).label)

    @property
    def status_label(self) -> str:
        return str(LicenceStatus(self.status).label)

    @property
    def licence_type_label(self) -> str:
        return str(LicenceType(self.licence_type).label)


def licence_not_found() -> ApplicationError:
    return ApplicationError(
        "licence_not_found",
        _(
            "No licence with this number was found. Check the number on the licence; if it "
            "is right, the center may not be licensed by the organization."
        ),
        fields={"number": _("No licence with this number was found.")},
        status=404,
    )


def licence_check(*, number: str, today: date | None = None) -> LicenceCheck:
    """The public status of a licence number (Persian or Arabic digits, any separators)."""
    normalized = normalize_licence_number(number)
    licence = (
        Licence.objects.filter(number=normalized, center__org_unit__is_active=True)
        .select_related("center__org_unit", "center__scope_province")
        .first()
        if normalized
        else None
    )
    if licence is None:
        raise licence_not_found()
    center = licence.center
    province = center.scope_province
    return LicenceCheck(
        number=licence.number,
        kind=licence.kind,
        status=licence.status_on(today or timezone.localdate()),
        issued_on=licence.issued_on,
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        center_id=center.pk,
        center_name_fa=center.org_unit.name_fa,
        center_name_en=center.org_unit.name_en,
        licence_type=center.licence_type,
        province_name_fa=province.name_fa if province else "",
        province_name_en=province.name_en if province else "",
    )


def center_has_valid_licence(*, center: Center, on: date) -> bool:
    """Was the center allowed to operate on `on`: an activity licence in force that day,
    neither suspended nor revoked before it. What subsidies ask before paying a day."""
    licences = Licence.objects.filter(
        center=center,
        kind=LicenceKind.ACTIVITY_LICENCE,
        valid_from__lte=on,
        valid_until__gte=on,
    ).only("valid_from", "valid_until", "status", "status_changed_on")
    return any(licence.in_force_on(on) for licence in licences)


def directory_provinces() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE, is_active=True).order_by("code")


def directory_counties(*, province: str = "") -> QuerySet[OrgUnit]:
    """Active counties, of one province (by code) or of all, in tree order."""
    counties = OrgUnit.objects.filter(kind=OrgUnitKind.COUNTY, is_active=True)
    if province:
        counties = counties.filter(province__code=province)
    return counties.select_related("province").order_by("path")


# ---------------------------------------------------------------- staff


def centers_visible(*, scope: Scope) -> QuerySet[Center]:
    """Centers under the units where the reader may view centers (a center operator: theirs)."""
    return Center.objects.visible_to(scope, Perm.CENTERS_VIEW)


def center_list_for_staff(
    *, scope: Scope, filters: CenterFilters | None = None
) -> QuerySet[Center]:
    centers = _filtered(centers_visible(scope=scope), filters or CenterFilters())
    return (
        _with_places(centers)
        .annotate(is_licensed=_licensed_today(timezone.localdate()))
        .order_by("search_name", "pk")
    )


def center_get(*, scope: Scope, center_id: int) -> Center:
    """One center in the reader's scope; out of scope looks exactly like missing (404)."""
    center = _with_places(centers_visible(scope=scope)).filter(pk=center_id).first()
    if center is None:
        raise NotFoundError()
    return center


def counties_for_registration(*, scope: Scope) -> QuerySet[OrgUnit]:
    """Active counties where the reader may register centers, in tree order."""
    return (
        OrgUnit.objects.filter(
            scope.unit_path_q("path", Perm.CENTERS_EDIT), kind=OrgUnitKind.COUNTY, is_active=True
        )
        .select_related("province")
        .order_by("path")
    )


# ---------------------------------------------------------------- public: licences issued
# What other modules (the transparency portal) publish about licences: exactly what the
# public directory already shows on a center's page, for every center at once.


@dataclass(frozen=True)
class PublicLicenceFilters:
    """The public list of licences issued; province and county are org-unit codes, `status`
    a public status (valid, expired, suspended, revoked), `q` a center name or licence number."""

    province: str = ""
    county: str = ""
    licence_type: str = ""
    kind: str = ""
    status: str = ""
    q: str = ""


def licences_issued_public(
    *, filters: PublicLicenceFilters, today: date | None = None
) -> QuerySet[Licence]:
    """Licences of the directory's centers (active org units), newest issued first, each with
    `public_status`, its center, province and county (one query a page)."""
    # Imported here: this section is appended to the module and leaves its head untouched.
    from django.db.models import Case, CharField, F, Value, When

    # `Licence.status_on(today)` as SQL: a valid licence past its end date is expired.
    public_status = Case(
        When(
            status=LicenceStatus.VALID,
            valid_until__lt=today or timezone.localdate(),
            then=Value(LicenceStatus.EXPIRED),
        ),
        default=F("status"),
        output_field=CharField(),
    )
    licences = Licence.objects.filter(center__org_unit__is_active=True).annotate(
        public_status=public_status
    )
    if filters.province:
        licences = licences.filter(center__scope_province__code=filters.province)
    if filters.county:
        licences = licences.filter(center__scope_county__code=filters.county)
    if filters.licence_type:
        licences = licences.filter(center__licence_type=filters.licence_type)
    if filters.kind:
        licences = licences.filter(kind=filters.kind)
    if filters.status:
        licences = licences.filter(public_status=filters.status)
    if filters.q.strip():
        number = normalize_licence_number(filters.q)
        names = Q()
        for word in search_key(filters.q).split():
            names &= Q(center__search_name__contains=word)
        licences = licences.filter(names | Q(number=number) if number else names)
    return licences.select_related(
        "center__org_unit", "center__scope_province", "center__scope_county"
    ).order_by("-issued_on", "-pk")


def directory_last_changed() -> date | None:
    """The day the public directory last changed (a center or a licence), in local time."""
    from django.db.models import Max

    latest = [
        Center.objects.filter(org_unit__is_active=True).aggregate(at=Max("updated_at")).get("at"),
        Licence.objects.filter(center__org_unit__is_active=True)
        .aggregate(at=Max("updated_at"))
        .get("at"),
    ]
    moments = [moment for moment in latest if moment is not None]
    return timezone.localdate(max(moments)) if moments else None
