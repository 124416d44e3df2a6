"""The expenditures category: what the organization spent, per spending unit, program,
economic classification and Jalali month.

A row is an aggregate (one unit's spending on one program, of one economic class, in one
month), so the natural key is those five values. The dataset's publisher (HQ or a province) is
the record's scoped org unit, copied by the services; `unit_name` is the spending unit as the
publisher names it (a directorate, a county office, a center).

The public list is read from millions of rows: the indexes below serve its two orders (by
month, by amount), within one publisher's dataset or (by month) across all of them, and the
monthly totals (an index-only scan on PostgreSQL, which stores `amount` in the month indexes).
Every public read filters on `state` (and one publisher's on `dataset`), so they lead.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chatr.core.jalali import jalali_month_name
from chatr.core.models import TimeStampedModel
from chatr.core.text import localize_digits
from chatr.org.models import ScopedModel
from chatr.transparency.choices import EconomicClass
from chatr.transparency.models.datasets import Dataset
from chatr.transparency.models.publishing import PublishedRecord

JALALI_YEAR_MIN = 1300
JALALI_YEAR_MAX = 1500


def jalali_month_label(year: int, month: int) -> str:
    """A Jalali month as people read it, in the active language ("مرداد ۱۴۰۳", "Mordad 1403")."""
    return f"{jalali_month_name(month)} {localize_digits(str(year))}"


class Expenditure(PublishedRecord, ScopedModel, TimeStampedModel):
    """One spending unit's spending on one program, of one economic class, in one Jalali month."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.PROTECT, related_name="expenditures", verbose_name=_("dataset")
    )
    unit_name = models.CharField(_("spending unit"), max_length=200)
    program = models.CharField(_("program"), max_length=200)
    economic_class = models.CharField(
        _("economic classification"), max_length=24, choices=EconomicClass.choices
    )
    year = models.PositiveSmallIntegerField(_("year (Jalali)"))
    month = models.PositiveSmallIntegerField(_("month (Jalali)"))
    amount = models.BigIntegerField(_("amount (rials)"))
    # core.text.search_key of the unit and the program, kept by the services.
    search_text = models.TextField(editable=False)

    class Meta:
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        indexes = [
            # One publisher's list by month (either direction: B-trees scan backwards), its
            # year and month filters, and its monthly totals.
            models.Index(
                fields=["dataset", "state", "year", "month", "id"],
                include=["amount"],
                name="expenditure_dataset_month",
            ),
            # Every publisher's list by month, and the totals over all of them.
            models.Index(
                fields=["state", "year", "month", "id"],
                include=["amount"],
                name="expenditure_month",
            ),
            # By amount: one publisher's list, and every publisher's.
            models.Index(
                fields=["dataset", "state", "amount", "id"], name="expenditure_dataset_amount"
            ),
            models.Index(fields=["state", "amount", "id"], name="expenditure_amount"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "record_key"], name="expenditure_record_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="expenditure_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12), name="expenditure_month_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=JALALI_YEAR_MIN) & Q(year__lte=JALALI_YEAR_MAX),
                name="expenditure_year_valid",
            ),
            models.CheckConstraint(
                condition=Q(economic_class__in=EconomicClass.values),
                name="expenditure_class_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}/{self.month:02d} {self.unit_name} — {self.program}"

    @property
    def month_label(self) -> str:
        return jalali_month_label(self.year, self.month)
