"""The managers category: who heads which unit, in which position, since when.

Only what the category requires is published: a manager's full name, position and unit, and
the dates of the appointment. No national code, no contact details: the model has no field
for them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chatr.core.models import TimeStampedModel
from chatr.org.models import ScopedModel
from chatr.transparency.models.datasets import Dataset
from chatr.transparency.models.publishing import PublishedRecord


class Manager(PublishedRecord, ScopedModel, TimeStampedModel):
    """A manager's appointment, as published in a managers dataset."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.PROTECT, related_name="managers", verbose_name=_("dataset")
    )
    # The three make the record key (unit|position|name), which holds 200 characters.
    full_name = models.CharField(_("full name"), max_length=60)
    position = models.CharField(_("position held"), max_length=70)
    unit_name = models.CharField(_("unit"), max_length=68)
    since = models.DateField(_("in office since"))
    until = models.DateField(_("in office until"), null=True, blank=True)
    # core.text.search_key of the name, position and unit.
    search_text = models.TextField(editable=False)

    class Meta:
        verbose_name = _("manager (transparency)")
        verbose_name_plural = _("managers (transparency)")
        indexes = [
            models.Index(fields=["dataset", "-since"], name="manager_dataset_since"),
            models.Index(fields=["state", "until"], name="manager_state_until"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "record_key"], name="manager_record_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="manager_term_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.position}"
