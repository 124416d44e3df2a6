"""Residents of care centers: one row per admission of a registry person to a center, closed
by the discharge. Never deleted: a person's stays in centers are their history.

Days in care are the admission day up to the day before the discharge (the discharge day is
not a day in care), so a stay covers the half-open range [admitted_on, discharged_on).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chatr.centers.models.directory import Center
from chatr.core.models import TimeStampedModel
from chatr.org.models import ScopedModel


class DischargeReason(models.TextChoices):
    RETURNED_HOME = "returned_home", _("Returned to the family")
    ADOPTED = "adopted", _("Adopted or placed with a foster family")
    TRANSFERRED = "transferred", _("Transferred to another center")
    INDEPENDENT = "independent", _("Living independently")
    TREATMENT_ENDED = "treatment_ended", _("Treatment or care completed")
    DECEASED = "deceased", _("Died")
    OTHER = "other", _("Other")


class Admission(ScopedModel, TimeStampedModel):
    """A registry person's stay in a center: admitted on a day, discharged on a later one."""

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="admissions", verbose_name=_("center")
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="center_admissions",
        verbose_name=_("resident"),
    )
    admitted_on = models.DateField(_("admitted on"))
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    discharge_reason = models.CharField(
        _("discharge reason"), max_length=20, choices=DischargeReason.choices, blank=True
    )
    # A child's record (under 18 on the admission day, or in a children's home): read only
    # with the narrower permission, and every staff read is audited. Fixed at admission: the
    # record of a childhood stays a child's record.
    is_child_record = models.BooleanField(_("child's record"), default=False)
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    discharged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("admission")
        verbose_name_plural = _("admissions")
        ordering = ["-admitted_on", "-pk"]
        indexes = [
            # The monthly subsidy compute: a center's stays overlapping a month.
            models.Index(fields=["center", "admitted_on"], name="admission_center_admitted"),
            models.Index(fields=["admitted_on", "discharged_on"], name="admission_period"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True)
                | Q(discharged_on__gte=models.F("admitted_on")),
                name="admission_discharge_after_admission",
            ),
            # A person is in at most one center at a time.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(discharged_on__isnull=True),
                name="admission_one_open_stay_per_person",
            ),
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True) | ~Q(discharge_reason=""),
                name="admission_discharge_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.center_id}/{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.discharged_on is None

    def in_care_on(self, day: date) -> bool:
        return self.admitted_on <= day and (self.discharged_on is None or day < self.discharged_on)
