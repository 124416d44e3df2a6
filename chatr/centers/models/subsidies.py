"""Center subsidies: the rate table (per licence type, care mode, grade and Jalali year, with
history), the centers' payment accounts, the monthly claim of each center and the payment
batches they are exported in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chatr.centers.choices import CareMode, Grade, LicenceType
from chatr.centers.models.directory import Center
from chatr.core.jalali import jalali_month_name
from chatr.org.models import ScopedModel

# Jalali month names (the same msgids as the pensions module's, already translated).


def period_of(year: int, month: int) -> int:
    """The Jalali year-month as one sortable number: 1405/07 → 140507."""
    return year * 100 + month


class RateBasis(models.TextChoices):
    PER_PERSON = "per_person", _("Per person per month")
    PER_CENTER = "per_center", _("Per center per month")


class SubsidyRate(models.Model):
    """What the organization pays for one (licence type, care mode, grade) in one Jalali year,
    from a month on. Never overwritten: a change is a new row; for a month, the row of the
    year with the latest `effective_month` not after it applies (the newest row among equals)."""

    licence_type = models.CharField(_("licence type"), max_length=32, choices=LicenceType.choices)
    care_mode = models.CharField(_("care mode"), max_length=16, choices=CareMode.choices)
    grade = models.PositiveSmallIntegerField(_("grade"), choices=Grade.choices)
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    effective_month = models.PositiveSmallIntegerField(_("from month"), default=1)
    basis = models.CharField(
        _("basis"), max_length=12, choices=RateBasis.choices, default=RateBasis.PER_PERSON
    )
    amount = models.BigIntegerField(_("amount (rials a month)"))
    note = models.CharField(_("note (decree)"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("subsidy rate")
        verbose_name_plural = _("subsidy rates")
        ordering = ["licence_type", "care_mode", "grade", "-year", "-effective_month", "-pk"]
        indexes = [
            models.Index(
                fields=["year", "licence_type", "care_mode", "grade"], name="subsidy_rate_key"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="subsidy_rate_not_negative"),
            models.CheckConstraint(
                condition=Q(effective_month__gte=1, effective_month__lte=12),
                name="subsidy_rate_month_1_to_12",
            ),
            models.CheckConstraint(condition=Q(grade__in=[1, 2]), name="subsidy_rate_grade"),
        ]

    def __str__(self) -> str:
        return f"{self.licence_type}/{self.care_mode}/{self.grade} {self.year}"

    @property
    def effective_month_name(self) -> str:
        return jalali_month_name(self.effective_month)


class CenterPaymentAccount(ScopedModel):
    """The Sheba a center's subsidies are paid to; a change ends the current row and adds one."""

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="payment_accounts", verbose_name=_("center")
    )
    sheba = models.CharField(_("Sheba number"), max_length=26)
    holder_name = models.CharField(_("account holder"), max_length=200)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    ended_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("center payment account")
        verbose_name_plural = _("center payment accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["center"],
                condition=Q(ended_at__isnull=True),
                name="center_one_current_payment_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.center_id} {self.sheba[-4:]}"


class ClaimState(models.TextChoices):
    COMPUTED = "computed", _("Computed, awaiting approval")
    APPROVED = "approved", pgettext_lazy("subsidy claim state", "Approved")
    EXPORTED = "exported", _("In a payment batch")


class SubsidyBatch(ScopedModel):
    """Approved claims of one Jalali month exported together to the bank (one file)."""

    year = models.PositiveSmallIntegerField(_("Jalali year"))
    month = models.PositiveSmallIntegerField(_("Jalali month"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    claim_count = models.PositiveIntegerField(_("claims"), default=0)
    total_amount = models.BigIntegerField(_("total (rials)"), default=0)

    class Meta:
        verbose_name = _("subsidy payment batch")
        verbose_name_plural = _("subsidy payment batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.year}/{self.month:02d} #{self.pk}"

    @property
    def period(self) -> int:
        return period_of(self.year, self.month)

    @property
    def month_name(self) -> str:
        return jalali_month_name(self.month)


class SubsidyClaim(ScopedModel):
    """One center's subsidy for one Jalali month, with a snapshot of the facts it was computed
    from (rate, days, residents, capacity, licence days, Sheba). Written in bulk by
    `services_subsidies.subsidy_month_compute` (one INSERT … SELECT for every center); the
    scope keys are the center's. Maker–checker: the approver never is the preparer."""

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="subsidy_claims", verbose_name=_("center")
    )
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    month = models.PositiveSmallIntegerField(_("Jalali month"))
    state = models.CharField(
        _("state"), max_length=10, choices=ClaimState.choices, default=ClaimState.COMPUTED
    )
    basis = models.CharField(_("basis"), max_length=12, choices=RateBasis.choices)
    rate = models.ForeignKey(
        SubsidyRate, on_delete=models.PROTECT, related_name="+", verbose_name=_("rate")
    )
    rate_amount = models.BigIntegerField(_("monthly rate (rials)"))
    days_in_month = models.PositiveSmallIntegerField(_("days in the month"))
    licensed_days = models.PositiveSmallIntegerField(_("days with a valid licence"))
    residents = models.PositiveIntegerField(_("residents in the month"))
    resident_days = models.PositiveIntegerField(_("resident-days with a valid licence"))
    capacity = models.PositiveIntegerField(_("licensed capacity"))
    capacity_days = models.PositiveIntegerField(_("capacity × licensed days"))
    paid_days = models.PositiveIntegerField(_("resident-days paid"))
    amount = models.BigIntegerField(_("amount (rials)"))
    sheba = models.CharField(_("Sheba number"), max_length=26, blank=True)
    payee_name = models.CharField(_("payee"), max_length=200, blank=True)
    facts = models.JSONField(_("facts it was computed from"), default=dict)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(_("computed at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    batch = models.ForeignKey(
        SubsidyBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )

    class Meta:
        verbose_name = _("subsidy claim")
        verbose_name_plural = _("subsidy claims")
        ordering = ["-year", "-month", "center_id"]
        constraints = [
            # Computing a month again never makes a second claim.
            models.UniqueConstraint(fields=["center", "year", "month"], name="one_claim_per_month"),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="claim_month_1_to_12"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="claim_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(paid_days__lte=models.F("capacity_days")),
                name="claim_paid_days_within_capacity",
            ),
            # Maker–checker, also in the database.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("prepared_by")),
                name="claim_approver_is_not_preparer",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "month", "state"], name="claim_month_state"),
        ]

    def __str__(self) -> str:
        return f"{self.center_id} {self.year}/{self.month:02d}"

    @property
    def period(self) -> int:
        return period_of(self.year, self.month)

    @property
    def month_name(self) -> str:
        return jalali_month_name(self.month)

    @property
    def reference(self) -> str:
        """The transfer's reference in the bank file (stable: the month and the claim id)."""
        return f"CHS-{self.period}-{self.pk}"
