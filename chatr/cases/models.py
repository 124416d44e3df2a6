"""The case machinery every module reuses: a case with a tracking code, its timeline, files,
assignment, deadline clock and satisfaction rating. A module keeps its own data in a model with
a one-to-one link to Case and defines its states as a Workflow (cases.workflow)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chatr.cases.choices import CaseChannel, EventKind
from chatr.org.models import OrgUnit, ScopedModel


class Holiday(models.Model):
    """An official public holiday (no working day), on the Iranian calendar."""

    date = models.DateField(_("date"), unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name_fa}"


class Case(ScopedModel):
    """One person's matter, followed by a tracking code, owned by the unit handling it."""

    # Indexes are few on purpose: every one is paid for on each message filed. Lookups by kind
    # and state use case_kind_state, by code the unique constraint, by caller case_mobile.
    kind = models.CharField(_("kind"), max_length=40)
    tracking_code = models.CharField(_("tracking code"), max_length=12)
    state = models.CharField(_("state"), max_length=32)
    channel = models.CharField(_("channel"), max_length=16, choices=CaseChannel.choices)
    subject = models.CharField(_("subject"), max_length=200)
    # The person. A signed-in citizen is `requester`; otherwise contact details only.
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_mobile = models.CharField(_("mobile"), max_length=13, blank=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    secret_hash = models.CharField(max_length=128, blank=True, editable=False)
    identity_consent = models.BooleanField(
        _("may show identity to the unit concerned"), default=False
    )
    # Who filed it, when not the person: a call-center agent or a counter operator.
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        db_index=False,  # case_assignee_state leads with it
    )
    is_sensitive = models.BooleanField(_("sensitive"), default=False)
    is_urgent = models.BooleanField(_("urgent"), default=False)
    # The deadline clock (working days; see cases.deadlines).
    deadline_days = models.PositiveSmallIntegerField(default=0)
    clock_started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_remaining_days = models.PositiveSmallIntegerField(null=True, blank=True)
    escalation_count = models.PositiveSmallIntegerField(default=0)
    # Milestones for reports.
    filed_at = models.DateTimeField(_("filed at"), db_index=True)
    first_answered_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Satisfaction survey.
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["kind", "state"], name="case_kind_state"),
            models.Index(fields=["scope_province", "filed_at"], name="case_province_filed"),
            models.Index(fields=["org_unit", "state"], name="case_unit_state"),
            models.Index(fields=["assigned_to", "state"], name="case_assignee_state"),
            models.Index(fields=["contact_mobile"], name="case_mobile"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["tracking_code"], name="case_tracking_code_unique"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="case_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code


class CaseEvent(models.Model):
    """One entry of a case's timeline; `is_public` entries are shown to the person."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    is_public = models.BooleanField(default=False)
    text = models.TextField(blank=True)
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32, blank=True)
    from_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class CaseAttachment(models.Model):
    """A file on a case; its type was checked by content when it was uploaded."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        CaseEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to="cases/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    is_public = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
