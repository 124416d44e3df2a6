"""The registry: people, households (with membership history), disabilities decided by the
specialist commission, and coverage files with their waiting-list score."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chatr.core.models import TimeStampedModel
from chatr.org.models import OrgUnit, ScopedModel
from chatr.registry.choices import (
    Area,
    ChangeChannel,
    ChangeType,
    CloseReason,
    DisabilityType,
    FileState,
    Housing,
    Relationship,
    Severity,
    Sex,
    SubGroup,
    TargetGroup,
)
from chatr.registry.workflow import CHANGE_WORKFLOW


class Person(TimeStampedModel):
    """A person the organization knows: an Iranian (national code) or a foreign national
    (residence code). Sensitive: staff reads are audited."""

    national_code = models.CharField(
        _("national code"), max_length=10, unique=True, null=True, blank=True
    )
    residence_code = models.CharField(
        _("residence code"), max_length=16, unique=True, null=True, blank=True
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    father_name = models.CharField(_("father's name"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    nationality = models.CharField(_("nationality"), max_length=40, default="IR")
    mobile = models.CharField(_("mobile"), max_length=13, blank=True)
    education = models.CharField(_("education"), max_length=60, blank=True)
    employment = models.CharField(_("employment"), max_length=60, blank=True)
    death_date = models.DateField(_("date of death"), null=True, blank=True)
    # Normalized "first last father" for duplicate checks and search (core.text.search_key).
    name_key = models.CharField(max_length=320, db_index=True, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(national_code__isnull=False) | Q(residence_code__isnull=False),
                name="person_has_an_identity_code",
            ),
        ]
        indexes = [models.Index(fields=["name_key", "birth_date"], name="person_name_birth")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Disability(models.Model):
    """A disability as decided by the specialist commission (type, severity, date).

    Written by `services.disability_record` (which keeps the household's derived facts)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    type = models.CharField(_("type"), max_length=24, choices=DisabilityType.choices)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    decided_on = models.DateField(_("decision date"))
    commission_reference = models.CharField(_("commission reference"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("disability")
        verbose_name_plural = _("disabilities")

    def __str__(self) -> str:
        return f"{self.get_type_display()} ({self.get_severity_display()})"


class Household(ScopedModel, TimeStampedModel):
    """A household; its org unit is the county it lives in (so scoping follows the address)."""

    head = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="headed_households",
        verbose_name=_("head of household"),
    )
    area = models.CharField(_("urban or rural"), max_length=8, choices=Area.choices)
    village = models.CharField(_("village"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    income_decile = models.PositiveSmallIntegerField(_("income decile"), null=True, blank=True)
    housing = models.CharField(_("housing"), max_length=8, choices=Housing.choices)
    # Derived from the current members and their disabilities; kept by
    # `services.household_facts_refresh`, which every writer of memberships and disabilities
    # calls. The payment cycle reads them for 1.3M households at once instead of aggregating
    # 5.8M memberships.
    member_count = models.PositiveSmallIntegerField(_("current members"), default=0, editable=False)
    most_severe_disability = models.CharField(
        _("most severe disability among the members"),
        max_length=16,
        choices=Severity.choices,
        blank=True,
        default="",
        editable=False,
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.CheckConstraint(
                condition=Q(income_decile__isnull=True)
                | Q(income_decile__gte=1, income_decile__lte=10),
                name="household_decile_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class HouseholdMember(ScopedModel):
    """A person's membership of a household; leaving sets `left_on`, so moves keep history.

    Stamped with its household's unit when it is created (`services._join`), so the people in
    an area are counted on the membership's own scope keys, without joining the households. A
    household never changes county (an address change stays in it, a move is a new
    membership of another household); a service that ever moves one must restamp its members.
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relationship = models.CharField(
        _("relationship to the head"), max_length=12, choices=Relationship.choices
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            # A person is an active member of at most one household.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(left_on__isnull=True),
                name="one_active_household_per_person",
            ),
        ]
        indexes = [
            # The coverage figures' people count in a province or county on a day, answered
            # from the index alone (PostgreSQL): the id is there for COUNT and for HQ's
            # always-true scope filter (`id IS NOT NULL`).
            models.Index(
                fields=["scope_province", "scope_county", "joined_on", "left_on"],
                include=["id"],
                name="member_scope_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.household_id}"


class ScoreFactor(models.Model):
    """One line of the transparent waiting-list score; HQ edits the points."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("score factor")
        verbose_name_plural = _("score factors")

    def __str__(self) -> str:
        return self.code


class ClientFile(ScopedModel, TimeStampedModel):
    """A coverage file: target group, state, score, counter and social worker."""

    file_number = models.CharField(_("file number"), max_length=20, unique=True)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="files")
    client = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="files", verbose_name=_("client")
    )
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)
    sub_group = models.CharField(_("sub-group"), max_length=32, choices=SubGroup.choices)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=FileState.choices,
        default=FileState.APPLICANT,
        db_index=True,
    )
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, default=0)
    score_breakdown = models.JSONField(_("how the score was computed"), default=list, blank=True)
    counter = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="client_files",
        verbose_name=_("Positive Life counter"),
    )
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="client_files",
        verbose_name=_("social worker"),
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("client file")
        verbose_name_plural = _("client files")
        indexes = [
            models.Index(fields=["state", "score"], name="client_file_state_score"),
            models.Index(fields=["social_worker", "state"], name="client_file_worker_state"),
            models.Index(fields=["counter", "state"], name="client_file_counter_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=FileState.CLOSED) | ~Q(close_reason=""),
                name="closed_file_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.file_number


class CommissionDecision(models.Model):
    """A specialist commission's decision on a file, with its date and members."""

    file = models.ForeignKey(ClientFile, on_delete=models.CASCADE, related_name="decisions")
    decided_on = models.DateField(_("decision date"))
    members = models.TextField(_("members"))
    approved = models.BooleanField(_("approved"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commission decision")
        verbose_name_plural = _("commission decisions")

    def __str__(self) -> str:
        return f"{self.file_id} {self.decided_on}"


class BankAccount(models.Model):
    """A person's Sheba (IBAN) for payments; replacing one ends the old one, so history stays."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bank_accounts")
    sheba = models.CharField(_("Sheba number"), max_length=26)
    holder_name = models.CharField(_("account holder"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="one_current_bank_account_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.sheba[:4]}…"


class ChangeRequest(ScopedModel, TimeStampedModel):
    """A proposed change to a household's record, applied only when a supervisor approves it."""

    # The state, tracking code and timeline live on the case (workflow "registry.change").
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="registry_change"
    )
    change_type = models.CharField(_("change"), max_length=16, choices=ChangeType.choices)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="change_requests"
    )
    # The member concerned (leave, death, bank account, an already registered joiner); for a
    # new joiner it is set when the approval registers them.
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("person"),
    )
    # The proposed values. May hold a national code or a Sheba: this record is scoped and
    # sensitive, so they stay here and never go to the audit trail or the logs.
    data = models.JSONField(_("proposed values"), default=dict, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=ChangeChannel.choices)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("filed by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        indexes = [
            models.Index(fields=["household", "created_at"], name="change_household_created"),
        ]

    def __str__(self) -> str:
        return f"{self.change_type} #{self.pk}"

    @property
    def state(self) -> str:
        return self.case.state

    @property
    def state_label(self) -> Any:
        return CHANGE_WORKFLOW.label(self.case.state)
