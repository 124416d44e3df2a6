"""The properties and assets category: land, buildings, vehicles and equipment the
organization holds (about 2,800 units nationally), with their use and, where public, value.

The value in rials is published only when `value_public` is set: pages, downloads, the API and
the public correction notes leave it out otherwise (selectors_registers).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chatr.core.models import TimeStampedModel
from chatr.org.models import ScopedModel
from chatr.transparency.choices import AssetOwnership, AssetType
from chatr.transparency.models.datasets import Dataset
from chatr.transparency.models.publishing import PublishedRecord


class Asset(PublishedRecord, ScopedModel, TimeStampedModel):
    """A property or asset of the organization, as published in an assets dataset."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.PROTECT, related_name="assets", verbose_name=_("dataset")
    )
    # The property number (شماره اموال): digits unified, upper case; the record's key.
    asset_code = models.CharField(_("asset number"), max_length=40)
    asset_type = models.CharField(_("asset type"), max_length=16, choices=AssetType.choices)
    title = models.CharField(_("title"), max_length=300)
    area = models.PositiveIntegerField(_("area (m²)"), null=True, blank=True)
    province = models.CharField(_("province"), max_length=100, blank=True)
    county = models.CharField(_("county"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=400, blank=True)
    ownership = models.CharField(_("ownership"), max_length=16, choices=AssetOwnership.choices)
    current_use = models.CharField(_("current use"), max_length=300)
    value = models.BigIntegerField(_("value (rials)"), null=True, blank=True)
    value_public = models.BooleanField(_("value is public"), default=False)
    # core.text.search_key of the number, title, place and use (never the value).
    search_text = models.TextField(editable=False)

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        indexes = [
            models.Index(fields=["dataset", "asset_code"], name="asset_dataset_code"),
            models.Index(fields=["state", "asset_type"], name="asset_state_type"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "asset_code"], name="asset_code_unique"),
            models.UniqueConstraint(
                fields=["dataset", "record_key"], name="asset_record_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="asset_value_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.asset_code

    @property
    def public_value(self) -> int | None:
        """The value a reader may see: None unless the value is public."""
        return self.value if self.value_public else None
