"""The directory: care centers (each one an org unit) and their licences, with history.

A center is a node of the org tree (kind "center", or "counter" for Positive Life counters,
under a county), so the Scope that filters every other record filters centers too: a county
officer sees the centers of the county, a center operator only their own center. The center's
names live on its org unit; `search_name` is their normalized form for search.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chatr.centers.choices import (
    CareMode,
    CenterStatus,
    Grade,
    LicenceKind,
    LicenceStatus,
    LicenceType,
    Ownership,
)
from chatr.core.models import TimeStampedModel
from chatr.org.models import OrgUnit, ScopedModel


class Center(ScopedModel, TimeStampedModel):
    """A care center or Positive Life counter: its org unit plus what the directory shows."""

    # Overrides ScopedModel's foreign key: a center is exactly one org unit, and the unit's
    # scope keys (province, county) are copied down by `stamp_org_unit` as for any record.
    org_unit = models.OneToOneField(
        OrgUnit, on_delete=models.PROTECT, related_name="center", verbose_name=_("org unit")
    )
    licence_type = models.CharField(_("licence type"), max_length=32, choices=LicenceType.choices)
    ownership = models.CharField(_("ownership"), max_length=16, choices=Ownership.choices)
    care_mode = models.CharField(_("care mode"), max_length=16, choices=CareMode.choices)
    grade = models.PositiveSmallIntegerField(_("grade"), choices=Grade.choices)
    capacity = models.PositiveIntegerField(_("capacity"))
    address = models.CharField(_("address"), max_length=300)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    phone = models.CharField(_("phone"), max_length=11, blank=True)
    manager_name = models.CharField(_("manager"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CenterStatus.choices,
        default=CenterStatus.ACTIVE,
        db_index=True,
    )
    # core.text.search_key of the Persian and English names, kept by the services.
    search_name = models.CharField(max_length=420, db_index=True, editable=False)

    class Meta:
        verbose_name = _("care center")
        verbose_name_plural = _("care centers")
        indexes = [
            models.Index(fields=["licence_type", "scope_province"], name="center_type_province"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(grade__in=[1, 2]), name="center_grade_1_or_2"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="center_map_point_complete",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="center_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="center_longitude_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (from the org unit)."""
        return self.org_unit.name

    @property
    def has_map_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Licence(ScopedModel, TimeStampedModel):
    """A principle agreement or an activity licence of a center. Never overwritten: a renewal
    is a new row that points to the licence it renews (`renews`)."""

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="licences", verbose_name=_("center")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=LicenceKind.choices)
    # Stored normalized (centers.validation.normalize_licence_number), as people type it.
    number = models.CharField(_("licence number"), max_length=32, unique=True)
    issued_on = models.DateField(_("issued on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=LicenceStatus.choices,
        default=LicenceStatus.VALID,
        db_index=True,
    )
    # The day the status last left "valid" (expiry, suspension, revocation): what a subsidy
    # for an earlier month needs to know.
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    # The chain of renewals: each licence points to the one it renews, and only the newest
    # of a center's licences of one kind is current.
    renews = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewed_by",
        verbose_name=_("renews"),
    )
    is_current = models.BooleanField(_("current"), default=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["-valid_from", "-pk"]
        indexes = [
            models.Index(
                fields=["center", "kind", "valid_until"], name="licence_center_kind_until"
            ),
            models.Index(fields=["status", "valid_until"], name="licence_status_until"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="licence_validity_ordered",
            ),
            # One current licence of each kind per center (so at most one current valid
            # activity licence). A renewal issued before the old licence ends leaves both
            # valid for their own periods, but only the renewal is current.
            models.UniqueConstraint(
                fields=["center", "kind"],
                condition=Q(is_current=True),
                name="licence_one_current_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def status_on(self, day: date) -> str:
        """The status as the public sees it on `day`: a valid licence past its end date is
        expired even before the daily expiry pass has marked it."""
        if self.status == LicenceStatus.VALID and self.valid_until < day:
            return LicenceStatus.EXPIRED
        return self.status

    def in_force_on(self, day: date) -> bool:
        """Did (or does) this licence allow the center to operate on `day`?"""
        if not self.valid_from <= day <= self.valid_until:
            return False
        if self.status in (LicenceStatus.VALID, LicenceStatus.EXPIRED):
            return True
        # Suspended or revoked: in force only before the day that happened.
        return self.status_changed_on is not None and day < self.status_changed_on
