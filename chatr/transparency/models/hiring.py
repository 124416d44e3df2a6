"""The hiring category: recruitment announcements, their stages and published results."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chatr.core.models import TimeStampedModel
from chatr.org.models import ScopedModel
from chatr.transparency.choices import HiringStatus
from chatr.transparency.models.datasets import Dataset
from chatr.transparency.models.publishing import PublishedRecord


class HiringAnnouncement(PublishedRecord, ScopedModel, TimeStampedModel):
    """A recruitment announcement and its stages, as published in a hiring dataset."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.PROTECT, related_name="hiring", verbose_name=_("dataset")
    )
    number = models.CharField(_("announcement number"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    unit_name = models.CharField(_("unit"), max_length=200)
    positions = models.PositiveIntegerField(_("positions"))
    announced_on = models.DateField(_("announced on"))
    applications_close_on = models.DateField(_("applications close on"))
    exam_on = models.DateField(_("exam date"), null=True, blank=True)
    results_on = models.DateField(_("results published on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=HiringStatus.choices)
    results_url = models.URLField(_("results document"), max_length=500, blank=True)
    results_text = models.TextField(_("results"), blank=True)
    # core.text.search_key of the number, title and unit.
    search_text = models.TextField(editable=False)

    class Meta:
        verbose_name = _("hiring announcement")
        verbose_name_plural = _("hiring announcements")
        indexes = [
            models.Index(fields=["dataset", "-announced_on"], name="hiring_dataset_announced"),
            models.Index(fields=["state", "status"], name="hiring_state_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "number"], name="hiring_number_unique"),
            models.UniqueConstraint(
                fields=["dataset", "record_key"], name="hiring_record_key_unique"
            ),
            models.CheckConstraint(condition=Q(positions__gt=0), name="hiring_positions_positive"),
            models.CheckConstraint(
                condition=Q(applications_close_on__gte=models.F("announced_on")),
                name="hiring_deadline_after_announcement",
            ),
        ]

    def __str__(self) -> str:
        return self.number
