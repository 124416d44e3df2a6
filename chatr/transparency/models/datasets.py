"""The catalogue: one dataset per category and publisher (HQ or a province), with the
metadata an open-data portal shows and, later, harvests (DCAT-AP)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chatr.core.models import TimeStampedModel
from chatr.org.models import ScopedModel, ScopedQuerySet
from chatr.transparency.choices import DataLicence, DatasetCategory, UpdateFrequency


class DatasetQuerySet(ScopedQuerySet):
    """Datasets, scoped for editors (`visible_to`) and filtered for the public (`published`)."""

    def published(self) -> DatasetQuerySet:
        """The datasets the public sees: only their records can be public."""
        return self.filter(is_published=True)


class Dataset(ScopedModel, TimeStampedModel):
    """A published (or not yet published) body of open data: its metadata and its records.

    The publisher is the org unit (HQ or a province), set with `org.services.stamp_org_unit`.
    Only records of published datasets are public.
    """

    # A stable identifier ("contracts-hq", "contracts-p08"): the URL and, later, the DCAT id.
    code = models.SlugField(_("code"), max_length=64, unique=True)
    category = models.CharField(
        _("category"), max_length=16, choices=DatasetCategory.choices, db_index=True
    )
    title_fa = models.CharField(_("title (Persian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_fa = models.TextField(_("description (Persian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    period_start = models.DateField(_("period covered from"))
    period_end = models.DateField(_("period covered until"))
    frequency = models.CharField(
        _("update frequency"), max_length=16, choices=UpdateFrequency.choices
    )
    last_updated = models.DateField(_("last updated"))
    licence = models.CharField(
        _("licence"), max_length=16, choices=DataLicence.choices, default=DataLicence.CC_BY_4
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=11, blank=True)
    is_published = models.BooleanField(_("published"), default=False, db_index=True)

    # Replaces ScopedModel's manager with one that also knows `published()`.
    objects = DatasetQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="dataset_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title_fa

    @property
    def title(self) -> str:
        """The title in the active language (Persian when there is no English one)."""
        if (get_language() or "fa").startswith("en") and self.title_en:
            return self.title_en
        return self.title_fa

    @property
    def description(self) -> str:
        if (get_language() or "fa").startswith("en") and self.description_en:
            return self.description_en
        return self.description_fa
