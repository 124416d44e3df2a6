"""The public donations category: what people gave, when, through which channel and for
which program.

Donors appear only in totals unless they chose to be named: `donor_name` is stored only when
`donor_named` is set (the writer drops it otherwise, and a constraint refuses it), so an
anonymous donor's name cannot leak from pages, downloads, the API or correction notes.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chatr.core.models import TimeStampedModel
from chatr.org.models import ScopedModel
from chatr.transparency.choices import DonationChannel, DonationPurpose
from chatr.transparency.models.datasets import Dataset
from chatr.transparency.models.publishing import PublishedRecord


class Donation(PublishedRecord, ScopedModel, TimeStampedModel):
    """A public donation received, as published in a donations dataset."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.PROTECT, related_name="donations", verbose_name=_("dataset")
    )
    receipt_number = models.CharField(_("receipt number"), max_length=40)
    received_on = models.DateField(_("received on"))
    # The Jalali month of `received_on` as YYYYMM (140305), kept by the writer: the monthly
    # totals group on it in the database.
    month = models.PositiveIntegerField(_("month"), editable=False)
    channel = models.CharField(_("payment channel"), max_length=16, choices=DonationChannel.choices)
    purpose = models.CharField(
        _("donation purpose"), max_length=16, choices=DonationPurpose.choices
    )
    amount = models.BigIntegerField(_("amount (rials)"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    donor_named = models.BooleanField(_("the donor chose to be named"), default=False)
    donor_name = models.CharField(_("donor"), max_length=200, blank=True)
    # core.text.search_key of the receipt number, description and (only if named) donor.
    search_text = models.TextField(editable=False)

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        indexes = [
            models.Index(fields=["dataset", "-received_on"], name="donation_dataset_received"),
            models.Index(fields=["state", "month"], name="donation_state_month"),
            models.Index(fields=["state", "purpose"], name="donation_state_purpose"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "receipt_number"], name="donation_receipt_unique"
            ),
            models.UniqueConstraint(
                fields=["dataset", "record_key"], name="donation_record_key_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="donation_amount_positive"),
            models.CheckConstraint(
                condition=Q(donor_named=True) | Q(donor_name=""),
                name="donation_anonymous_donor_unnamed",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number
