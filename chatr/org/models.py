"""Org units (the organization's tree) and memberships (who holds which role where)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chatr.org.roles import Role

if TYPE_CHECKING:
    from chatr.org.scope import Scope

# Width of one path segment: unit ids are encoded in base 36, zero-padded to this width.
PATH_SEGMENT = 7


class OrgUnitKind(models.TextChoices):
    HQ = "hq", _("National headquarters")
    PROVINCE = "province", _("Province")
    COUNTY = "county", _("County")
    CENTER = "center", _("Center")
    COUNTER = "counter", _("Positive Life counter")


# Which kind may sit under which: HQ → province → county → center/counter.
ALLOWED_PARENT: dict[str, str | None] = {
    OrgUnitKind.HQ: None,
    OrgUnitKind.PROVINCE: OrgUnitKind.HQ,
    OrgUnitKind.COUNTY: OrgUnitKind.PROVINCE,
    OrgUnitKind.CENTER: OrgUnitKind.COUNTY,
    OrgUnitKind.COUNTER: OrgUnitKind.COUNTY,
}


def encode_segment(pk: int) -> str:
    """Fixed-width base-36 path segment for a unit id."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    value = pk
    while value:
        value, rem = divmod(value, 36)
        out = digits[rem] + out
    return out.rjust(PATH_SEGMENT, "0")


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def within(self, unit: OrgUnit) -> OrgUnitQuerySet:
        """Units in the subtree of `unit`, itself included (one indexed prefix query)."""
        return self.filter(path__startswith=unit.path)

    def visible_to(self, scope: Scope) -> OrgUnitQuerySet:
        """Units the scope's memberships cover."""
        return self.filter(scope.unit_path_q("path"))


class OrgUnit(models.Model):
    """A node of the org tree: HQ, a province, a county, a care center or a service counter."""

    kind = models.CharField(_("kind"), max_length=16, choices=OrgUnitKind.choices)
    code = models.CharField(_("code"), max_length=20, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    # Materialized path of encoded ids, root first: "is X within Y" is X.path.startswith(Y.path).
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    # Copied-down ancestors so scoped records can be stamped without walking the tree.
    province = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    county = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]
        indexes = [
            # varchar_pattern_ops lets PostgreSQL use the index for LIKE 'prefix%' in any locale.
            models.Index(
                fields=["path"], name="org_unit_path_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["kind", "province"], name="org_unit_kind_province"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.name_en if (get_language() or "fa").startswith("en") else self.name_fa

    def is_within(self, other: OrgUnit) -> bool:
        """True when this unit is `other` or lies in its subtree."""
        return self.path.startswith(other.path)


class Membership(models.Model):
    """A staff user holds a role at an org unit (and so over its whole subtree)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("org unit"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "org_unit"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} @ {self.org_unit}"


class ScopedQuerySet(models.QuerySet[Any]):
    """The one scoping filter for records that belong to an org unit."""

    def visible_to(self, scope: Scope, perm: str | None = None) -> ScopedQuerySet:
        """Records whose unit lies under a unit where the scope holds `perm` (any role if None)."""
        return self.filter(scope.stamp_q(perm))


class ScopedModel(models.Model):
    """A record owned by an org unit, with the unit's ancestors copied down for cheap filters.

    Set the owner with `org.services.stamp_org_unit(record, unit)`; never set the keys by hand.
    """

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("org unit")
    )
    scope_province = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    scope_county = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
