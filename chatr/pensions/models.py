"""Pensions: programs with benefit rules per Jalali year, monthly payment cycles and their
entitlements, bank transfer files and their results."""

from __future__ import annotations

from typing import Any, Final

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chatr.core.jalali import jalali_month_name
from chatr.core.models import TimeStampedModel
from chatr.org.models import OrgUnit, ScopedModel


def period_of(year: int, month: int) -> int:
    """The Jalali year-month as one sortable number: 1405/07 → 140507."""
    return year * 100 + month


def period_parts(period: int) -> tuple[int, int]:
    return divmod(period, 100)


class Program(TimeStampedModel):
    """A pension program: the registry sub-groups it serves and the named checks it applies."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    # Registry sub-group codes (registry.choices.SubGroup); an active file in one makes the
    # client a beneficiary.
    sub_groups = models.JSONField(_("sub-groups served"), default=list)
    # Codes of registered conditions (pensions.conditions); a failed one makes an exception.
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("pension program")
        verbose_name_plural = _("pension programs")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "fa").startswith("en") else self.name_fa


class BenefitRule(TimeStampedModel):
    """What a program pays per month in one Jalali year (rials): a base amount, an amount per
    household member besides the beneficiary (capped), and an amount by the most severe
    disability among the household's current members."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="rules")
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    base_amount = models.BigIntegerField(_("base amount (rials)"), default=0)
    per_member_amount = models.BigIntegerField(_("amount per extra household member"), default=0)
    max_extra_members = models.PositiveSmallIntegerField(
        _("extra members counted at most"), default=4
    )
    very_severe_amount = models.BigIntegerField(_("very severe disability amount"), default=0)
    severe_amount = models.BigIntegerField(_("severe disability amount"), default=0)
    moderate_amount = models.BigIntegerField(_("moderate disability amount"), default=0)
    mild_amount = models.BigIntegerField(_("mild disability amount"), default=0)

    class Meta:
        verbose_name = _("benefit rule")
        verbose_name_plural = _("benefit rules")
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="one_rule_per_program_year"),
            models.CheckConstraint(
                condition=Q(base_amount__gte=0)
                & Q(per_member_amount__gte=0)
                & Q(very_severe_amount__gte=0)
                & Q(severe_amount__gte=0)
                & Q(moderate_amount__gte=0)
                & Q(mild_amount__gte=0),
                name="benefit_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.year}"


class Suspension(TimeStampedModel):
    """A hold on a person's payments (one program, or all when program is empty) until lifted;
    a suspended beneficiary is listed as an exception instead of being paid."""

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="pension_suspensions"
    )
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, null=True, blank=True, related_name="suspensions"
    )
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment suspension")
        verbose_name_plural = _("payment suspensions")
        indexes = [models.Index(fields=["person", "lifted_at"], name="suspension_person_open")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.program_id or '*'}"


class CycleState(models.TextChoices):
    # Short labels get a context: "Open" and "Approved" are also verbs and other modules' states.
    OPEN = "open", pgettext_lazy("payment cycle state", "Open")
    COMPUTED = "computed", _("Computed, awaiting approval")
    APPROVED = "approved", pgettext_lazy("payment cycle state", "Approved")
    EXPORTED = "exported", _("Bank file exported")
    RECONCILED = "reconciled", _("Reconciled and closed")


class PaymentCycle(TimeStampedModel):
    """One program's payments for one Jalali month, run nationally by HQ finance (maker–checker:
    the approver is never the person who prepared it)."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="cycles")
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    month = models.PositiveSmallIntegerField(_("Jalali month"))
    state = models.CharField(
        _("state"), max_length=12, choices=CycleState.choices, default=CycleState.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    prepared_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    exported_at = models.DateTimeField(_("exported at"), null=True, blank=True)
    results_imported_at = models.DateTimeField(_("results imported at"), null=True, blank=True)
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reconciled_at = models.DateTimeField(_("reconciled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment cycle")
        verbose_name_plural = _("payment cycles")
        ordering = ["-year", "-month", "program_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year", "month"], name="one_cycle_per_program_month"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="cycle_month_1_to_12"
            ),
            # Maker–checker, also in the database.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("prepared_by")),
                name="cycle_approver_is_not_preparer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.year}/{self.month:02d}"

    @property
    def period(self) -> int:
        return period_of(self.year, self.month)

    @property
    def month_name(self) -> str:
        return jalali_month_name(self.month)


# States in which a cycle's rows are settled: approved, or later.
APPROVED_STATES = (CycleState.APPROVED, CycleState.EXPORTED, CycleState.RECONCILED)


class EntitlementKind(models.TextChoices):
    REGULAR = "regular", _("This month")
    REISSUE = "reissue", _("Re-issued (arrears)")


class EntitlementStatus(models.TextChoices):
    PAYABLE = "payable", _("To be paid")
    EXCEPTION = "exception", _("Exception (not paid)")
    PAID = "paid", pgettext_lazy("entitlement status", "Paid")
    FAILED = "failed", _("Failed at the bank")
    REISSUED = "reissued", _("Failed, re-issued in a later cycle")


# Statuses that pay (or paid) money: at most one per program, person and month.
PAYING_STATUSES = (EntitlementStatus.PAYABLE, EntitlementStatus.PAID)


class ExceptionReason(models.TextChoices):
    DECEASED = "deceased", _("The client has died")
    SUSPENDED = "suspended", _("Payments are suspended")
    NO_SHEBA = "no_sheba", _("No Sheba number on record")
    INVALID_SHEBA = "invalid_sheba", _("The Sheba number is not valid")
    DUPLICATE_SHEBA = "duplicate_sheba", _("The Sheba number is shared with another beneficiary")


# The snapshot columns of an entitlement, `fact_<name>` each, in the order they are written.
SNAPSHOT_FACTS: Final = (
    "household_id",
    "household_size",
    "extra_members",
    "severity",
    "sub_group",
    "file_number",
    "rule_year",
    "base_amount",
    "member_amount",
    "severity_amount",
)


class Entitlement(ScopedModel):
    """One person's amount in one cycle for one Jalali month, with a snapshot of the facts it
    was computed from (so later registry edits never change what a past cycle paid).

    Written in bulk by `services.cycle_compute` (INSERT … SELECT); the scope keys are copied
    there from the household (its county), as `org.services.stamp_org_unit` would.

    The foreign keys have no database constraint (`db_constraint=False`) and, unless a query
    needs one, no index of their own. Entitlements are an append-only ledger produced by one
    set-based join over the very rows they reference, so the checks could never fail; each
    row carries a snapshot of the facts, so it stays readable whatever happens to them later;
    and `on_delete=PROTECT` still refuses, through the ORM, to delete a cycle, program,
    person, file or unit that has entitlements. The eight per-row checks cost about 45% of
    computing a national cycle (bench/README.md). See docs/pensions.md for the indexes kept.
    """

    # (cycle, status) and (person, period) lead with these keys; the others are never
    # filtered on alone (a delete of a file or unit through the ORM scans, which is rare).
    cycle = models.ForeignKey(
        PaymentCycle,
        on_delete=models.PROTECT,
        related_name="entitlements",
        db_constraint=False,
        db_index=False,
    )
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="pension_entitlements",
        db_constraint=False,
        db_index=False,
    )
    file = models.ForeignKey(
        "registry.ClientFile",
        on_delete=models.PROTECT,
        related_name="pension_entitlements",
        db_constraint=False,
        db_index=False,
    )
    # ScopedModel's keys, without constraint or index: pages and the API read one cycle's rows
    # ((cycle, status)) and filter those by scope.
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("org unit"),
        db_constraint=False,
        db_index=False,
    )
    scope_province = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_constraint=False,
        db_index=False,
    )
    scope_county = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_constraint=False,
        db_index=False,
    )
    # The Jalali month paid for (year * 100 + month); a re-issue pays an earlier month.
    period = models.PositiveIntegerField(_("month paid for"))
    kind = models.CharField(_("kind"), max_length=8, choices=EntitlementKind.choices)
    amount = models.BigIntegerField(_("amount (rials)"))
    status = models.CharField(_("status"), max_length=10, choices=EntitlementStatus.choices)
    # Exception reason (ExceptionReason or a condition's code) or the bank's failure code.
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    bank_message = models.CharField(_("bank's message"), max_length=200, blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=60, blank=True)
    sheba = models.CharField(_("Sheba number"), max_length=26, blank=True)
    payee_name = models.CharField(_("payee"), max_length=210)
    # The snapshot of the facts the amount was computed from, as typed columns (`facts` reads
    # them as one mapping). Not a JSON document: building 1.6M of them in SQL took about a
    # seventh of a national cycle (bench/README.md). The county is the row's `scope_county`.
    fact_household_id = models.BigIntegerField(_("household"), null=True, blank=True)
    fact_household_size = models.PositiveSmallIntegerField(_("household size"), default=0)
    fact_extra_members = models.PositiveSmallIntegerField(_("members paid for"), default=0)
    fact_severity = models.CharField(_("most severe disability"), max_length=16, blank=True)
    fact_sub_group = models.CharField(_("sub-group"), max_length=32, blank=True)
    fact_file_number = models.CharField(_("file number"), max_length=20, blank=True)
    fact_rule_year = models.PositiveSmallIntegerField(_("benefit rule year"), null=True, blank=True)
    fact_base_amount = models.BigIntegerField(_("base amount"), default=0)
    fact_member_amount = models.BigIntegerField(_("amount for members"), default=0)
    fact_severity_amount = models.BigIntegerField(_("amount for disability"), default=0)
    # A failed row is re-issued at most once: a partial unique constraint (below) instead of a
    # one-to-one field, so the ~all rows that re-issue nothing stay out of its index.
    reissue_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reissues",
        db_constraint=False,
        db_index=False,
    )
    result_at = models.DateTimeField(_("bank result at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        constraints = [
            # Never pay one person twice for one month of a program.
            models.UniqueConstraint(
                fields=["program", "person", "period"],
                condition=Q(status__in=PAYING_STATUSES),
                name="one_payment_per_person_program_month",
            ),
            # Also what the re-issue pass and the ORM's PROTECT check look up by.
            models.UniqueConstraint(
                fields=["reissue_of"],
                condition=Q(reissue_of__isnull=False),
                name="entitlement_reissued_once",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="entitlement_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status__in=["exception", "failed"]) | ~Q(reason=""),
                name="entitlement_exception_has_reason",
            ),
        ]
        indexes = [
            # A cycle's rows by status: totals, exceptions, failures, the bank file, the
            # reconcile check and the pensioner count.
            models.Index(fields=["cycle", "status"], name="entitlement_cycle_status"),
            # A citizen's payments.
            models.Index(fields=["person", "period"], name="entitlement_person_period"),
            # The next cycle's re-issue pass reads only the failed rows of a program.
            models.Index(
                fields=["program", "period"],
                condition=Q(status="failed"),
                name="entitlement_failed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.pk}"

    @property
    def year(self) -> int:
        return period_parts(self.period)[0]

    @property
    def month(self) -> int:
        return period_parts(self.period)[1]

    @property
    def month_name(self) -> str:
        return jalali_month_name(self.month)

    @property
    def reference(self) -> str:
        """The transfer's reference in the bank file (stable: the row id and the month)."""
        return f"CHP-{self.period}-{self.pk}"

    @property
    def facts(self) -> dict[str, Any]:
        """The snapshot as one mapping (the page and the API show it so): each `fact_…`
        column under its name, the county as `county_id`, no severity as None."""
        facts: dict[str, Any] = {name: getattr(self, f"fact_{name}") for name in SNAPSHOT_FACTS}
        facts["severity"] = facts["severity"] or None
        facts["county_id"] = self.scope_county_id
        return facts


class PensionerCount(ScopedModel):
    """How many distinct people one Jalali month pays in one unit, over every program: the
    coverage report's "pensioners", recounted whenever a cycle of the month is approved or
    its bank results are imported (`services.pensioner_counts_refresh`)."""

    period = models.PositiveIntegerField(_("month"))
    pensioners = models.PositiveIntegerField(_("pensioners"))
    counted_at = models.DateTimeField(_("counted at"), default=timezone.now)

    class Meta:
        verbose_name = _("pensioner count")
        verbose_name_plural = _("pensioner counts")
        indexes = [models.Index(fields=["period"], name="pensioner_count_period")]

    def __str__(self) -> str:
        return f"{self.period} {self.org_unit_id}: {self.pensioners}"
