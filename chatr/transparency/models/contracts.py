"""The contracts category: contracts, their counterparties and the payments made on them.

A contract belongs to a contracts dataset and carries that dataset's publisher as its own
scoped org unit (copied by the services), so province filters and, later, editors' scopes are
cheap index lookups.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chatr.core.company_id import validate_company_id
from chatr.core.models import TimeStampedModel
from chatr.org.models import ScopedModel
from chatr.transparency.choices import ContractStatus, ProcurementMethod
from chatr.transparency.models.datasets import Dataset
from chatr.transparency.models.publishing import PublishedRecord


class Party(TimeStampedModel):
    """A legal entity the organization contracts with, known by its national company ID."""

    name = models.CharField(_("name"), max_length=200)
    company_id = models.CharField(
        _("national company ID"),
        max_length=11,
        unique=True,
        validators=[validate_company_id],
    )
    # core.text.search_key of the name, kept by the services.
    search_name = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name


class Contract(PublishedRecord, ScopedModel, TimeStampedModel):
    """A contract of the organization, as published in a contracts dataset."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("dataset")
    )
    number = models.CharField(_("contract number"), max_length=40)
    title = models.CharField(_("subject"), max_length=300)
    counterparty = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("party")
    )
    method = models.CharField(
        _("procurement method"), max_length=16, choices=ProcurementMethod.choices
    )
    amount = models.BigIntegerField(_("amount (rials)"))
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=16, choices=ContractStatus.choices)
    # core.text.search_key of the number, subject, party name and company ID.
    search_text = models.TextField(editable=False)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        # The public search lists published contracts only (hence partial indexes), in date
        # or amount order, over every publisher or one (the publisher filter is on org_unit):
        # the page walks one of these in order and stops after its rows; its count reads the
        # matching entries alone (dataset is included for the "dataset is published" join),
        # and the count of the whole list reads the small (dataset) one. Word searches use a
        # trigram index on search_text, on PostgreSQL only (migration 0004_bench_indexes).
        indexes = [
            models.Index(fields=["dataset", "-signed_on"], name="contract_dataset_signed"),
            models.Index(fields=["dataset", "-amount"], name="contract_dataset_amount"),
            models.Index(
                fields=["dataset"], condition=Q(state="published"), name="contract_public_dataset"
            ),
            models.Index(
                fields=["signed_on", "id"],
                include=["dataset"],
                condition=Q(state="published"),
                name="contract_public_signed",
            ),
            models.Index(
                fields=["amount", "id"],
                include=["dataset"],
                condition=Q(state="published"),
                name="contract_public_amount",
            ),
            models.Index(
                fields=["org_unit", "signed_on", "id"],
                include=["dataset"],
                condition=Q(state="published"),
                name="contract_unit_signed",
            ),
            models.Index(
                fields=["org_unit", "amount", "id"],
                include=["dataset"],
                condition=Q(state="published"),
                name="contract_unit_amount",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "number"], name="contract_number_unique"),
            models.UniqueConstraint(
                fields=["dataset", "record_key"], name="contract_record_key_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="contract_amount_positive"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="contract_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ContractPayment(TimeStampedModel):
    """A payment made to the counterparty under a contract."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="payments", verbose_name=_("contract")
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.BigIntegerField(_("amount (rials)"))
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contract_payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id}: {self.amount}"
