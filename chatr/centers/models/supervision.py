"""Supervision and sanctions: checklists, inspections with scored items and findings (each with
its corrective action and due date), and the sanctions ladder.

The ladder is a model of its own (`SanctionProceeding` + one `SanctionStep` row per step), not a
Case: a proceeding is the organization's matter against a center, with no person to answer, no
tracking code to give out and no satisfaction survey, and its clock is one period per step
(30 / 15 / 15 working days) rather than one deadline per case. It uses the same working-day
calendar as cases (`cases.deadlines`). See docs/centers-supervision.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chatr.cases.related import register_related_provider
from chatr.centers.models.directory import Center
from chatr.core.models import TimeStampedModel
from chatr.org.models import ScopedModel


class InspectionKind(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNANNOUNCED = "unannounced", _("Unannounced")
    FOLLOW_UP = "follow_up", _("Follow-up visit")
    COMPLAINT = "complaint", _("After a complaint")


class InspectionState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("inspection", "Planned")
    RECORDED = "recorded", pgettext_lazy("inspection", "Recorded")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    CRITICAL = "critical", _("Critical")


class SanctionStepKind(models.TextChoices):
    """The rungs of the ladder, in order, then how a proceeding ends."""

    VIOLATION = "violation", _("Violation established")
    NOTICE = "notice", _("Written notice")
    FIRST_WARNING = "first_warning", _("First warning")
    SECOND_WARNING = "second_warning", _("Second warning")
    COMMISSION = "commission", _("Referred to the high supervision commission")
    SUSPENDED = "suspended", pgettext_lazy("sanction", "Suspended")
    REVOKED = "revoked", pgettext_lazy("sanction", "Revoked")
    REMEDIED = "remedied", _("Remedied")


# Where a proceeding has ended: no further step.
SANCTION_CLOSED_STEPS = (
    SanctionStepKind.SUSPENDED,
    SanctionStepKind.REVOKED,
    SanctionStepKind.REMEDIED,
)


class ChecklistTemplate(TimeStampedModel):
    """HQ's inspection checklist for one licence type ("" = the generic one)."""

    licence_type = models.CharField(_("licence type"), max_length=32, blank=True, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("inspection checklist")
        verbose_name_plural = _("inspection checklists")
        ordering = ["licence_type"]

    def __str__(self) -> str:
        return self.name_fa


class ChecklistItem(models.Model):
    """One scored line of a checklist."""

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    text_fa = models.CharField(_("item (Persian)"), max_length=300)
    text_en = models.CharField(_("item (English)"), max_length=300, blank=True)
    max_score = models.PositiveSmallIntegerField(_("maximum score"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["template", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gte=1, max_score__lte=100), name="checklist_item_max_1_100"
            ),
        ]

    def __str__(self) -> str:
        return self.text_fa


class Inspection(ScopedModel, TimeStampedModel):
    """A visit to a center, planned then recorded, or recorded at once (unannounced)."""

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("center")
    )
    kind = models.CharField(_("kind of inspection"), max_length=16, choices=InspectionKind.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=InspectionState.choices, db_index=True
    )
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("inspector"),
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The watchdog message that led to it, by tracking code (cases never depend on centers).
    watchdog_code = models.CharField(_("watchdog tracking code"), max_length=12, blank=True)
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    score = models.PositiveIntegerField(_("score"), null=True, blank=True)
    max_score = models.PositiveIntegerField(_("maximum score"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-visited_on", "-planned_on", "-pk"]
        indexes = [
            models.Index(fields=["inspector", "state"], name="inspection_inspector_state"),
            models.Index(fields=["watchdog_code"], name="inspection_watchdog_code"),
            models.Index(fields=["center", "visited_on"], name="inspection_center_visited"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="planned") | Q(visited_on__isnull=False),
                name="inspection_recorded_has_visit_date",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=models.F("max_score")),
                name="inspection_score_within_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.center_id} {self.visited_on or self.planned_on}"

    @property
    def percent(self) -> int | None:
        """The overall score as a whole percentage of the checklist's maximum."""
        if self.score is None or not self.max_score:
            return None
        return round(self.score * 100 / self.max_score)


class InspectionScore(models.Model):
    """The score one item got in one inspection; the item's text and maximum are copied so an
    edited checklist never rewrites a past inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    text_fa = models.CharField(max_length=300)
    text_en = models.CharField(max_length=300, blank=True)
    max_score = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["inspection", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__lte=models.F("max_score")), name="inspection_score_item_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text_fa}: {self.score}/{self.max_score}"


class Finding(ScopedModel, TimeStampedModel):
    """Something wrong the inspector found, with the corrective action asked for and when it
    is due; a follow-up inspection marks it fixed."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="findings", verbose_name=_("center")
    )
    text = models.TextField(_("finding"))
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    fixed_on = models.DateField(_("fixed on"), null=True, blank=True)
    fixed_in = models.ForeignKey(
        Inspection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fixed_findings",
        verbose_name=_("confirmed fixed in"),
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["fixed_on", "due_on"], name="finding_open_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | ~Q(corrective_action=""),
                name="finding_due_date_needs_action",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class SanctionProceeding(ScopedModel, TimeStampedModel):
    """One run of the sanctions ladder against a center, opened on a finding."""

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="sanctions", verbose_name=_("center")
    )
    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, related_name="sanctions", verbose_name=_("finding")
    )
    step = models.CharField(_("step"), max_length=16, choices=SanctionStepKind.choices)
    step_on = models.DateField(_("step taken on"))
    # The end of the current step's period (working days); the next step waits for it.
    due_on = models.DateField(_("period ends on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("sanctions proceeding")
        verbose_name_plural = _("sanctions proceedings")
        ordering = ["-step_on", "-pk"]
        constraints = [
            # One open proceeding per center: every later violation joins the open ladder.
            models.UniqueConstraint(
                fields=["center"],
                condition=Q(closed_on__isnull=True),
                name="sanction_one_open_per_center",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.center_id} {self.step}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class SanctionStep(models.Model):
    """One rung taken on a proceeding: the ladder's history."""

    proceeding = models.ForeignKey(
        SanctionProceeding, on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(_("step"), max_length=16, choices=SanctionStepKind.choices)
    taken_on = models.DateField(_("taken on"))
    due_on = models.DateField(_("period ends on"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    inspection = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("sanctions step")
        verbose_name_plural = _("sanctions steps")
        ordering = ["proceeding", "taken_on", "pk"]

    def __str__(self) -> str:
        return f"{self.proceeding_id} {self.kind}"


# The watchdog's staff case page lists the inspections opened on a complaint (cases.related);
# a dotted path, resolved on first use, so nothing is imported at model-loading time.
register_related_provider(
    "watchdog.message", "chatr.centers.selectors_supervision.inspections_for_case"
)
