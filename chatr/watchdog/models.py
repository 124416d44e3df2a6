"""Watchdog messages and the taxonomy HQ manages. The case itself (code, timeline, clock,
assignment, rating) lives in cases.Case; a Message adds what is particular to the watchdog."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chatr.cases.models import Case
from chatr.org.models import OrgUnit
from chatr.watchdog.choices import MessageType, Urgency


class _Named(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "fa").startswith("en") else self.name_fa


class SubjectArea(_Named):
    """A subject area of the taxonomy (rehabilitation, social affairs, prevention, …)."""

    class Meta(_Named.Meta):
        verbose_name = _("subject area")
        verbose_name_plural = _("subject areas")


class Category(_Named):
    """A category within a subject area; some are sensitive or urgent by nature."""

    area = models.ForeignKey(
        SubjectArea,
        on_delete=models.PROTECT,
        related_name="categories",
        verbose_name=_("subject area"),
    )
    is_sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_(
            "Bribery, harassment, abuse, reports about named staff: only the roles "
            "that handle them see these messages."
        ),
    )
    is_urgent = models.BooleanField(
        _("urgent"),
        default=False,
        help_text=_("Child safety, abuse in a center: the province manager is told at once."),
    )

    class Meta(_Named.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class DeadlinePolicy(models.Model):
    """Working days allowed to answer, per message type and urgency (HQ configures it)."""

    message_type = models.CharField(_("message type"), max_length=20, choices=MessageType.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    working_days = models.PositiveSmallIntegerField(_("working days"))

    class Meta:
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        constraints = [
            models.UniqueConstraint(
                fields=["message_type", "urgency"], name="deadline_policy_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.message_type}/{self.urgency}: {self.working_days}"


class AnswerTemplate(models.Model):
    """A ready answer for common questions, editable by HQ."""

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="answer_templates"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")

    def __str__(self) -> str:
        return self.title


class Message(models.Model):
    """A complaint, criticism, opinion, idea, suggestion, violation report or praise."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="watchdog_message", primary_key=True
    )
    message_type = models.CharField(
        _("message type"), max_length=20, choices=MessageType.choices, db_index=True
    )
    area = models.ForeignKey(
        SubjectArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject area")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="messages", verbose_name=_("category")
    )
    concerned_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit concerned"),
    )
    concerned_text = models.CharField(
        _("unit or center concerned (as written)"), max_length=200, blank=True
    )
    description = models.TextField(_("description"))
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("possible duplicate of"),
    )

    class Meta:
        verbose_name = _("watchdog message")
        verbose_name_plural = _("watchdog messages")

    def __str__(self) -> str:
        return self.case.tracking_code


class DailyStat(models.Model):
    """Pre-aggregated counts per day and dimension, so the dashboard stays fast at scale.

    Kept in step by the watchdog services (one upsert per change); `stats_rebuild` recomputes
    it from the messages."""

    day = models.DateField()
    province = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, null=True, related_name="+")
    message_type = models.CharField(max_length=20)
    area = models.ForeignKey(SubjectArea, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=16)
    state = models.CharField(max_length=32)  # current state of the messages filed that day
    filed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "province", "message_type", "area", "category", "channel", "state"],
                name="watchdog_daily_stat_unique",
            )
        ]
        indexes = [models.Index(fields=["province", "day"], name="watchdog_stat_province_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.filed}"


# The dashboard's breakdowns, named by the DailyStat column each one groups by.
COUNT_DIMENSIONS = ("message_type", "area_id", "category_id", "province_id", "channel", "state")


class MonthlyCount(models.Model):
    """Messages per whole past Jalali month × province × one breakdown value, from DailyStat.

    A coarse copy the dashboard reads instead of a month's DailyStat rows (tens of rows a month
    and province instead of thousands); `monthly_counts_rebuild` recomputes whole months, so the
    status counts of a past month are as old as its last rebuild (hourly task)."""

    jyear = models.PositiveSmallIntegerField()
    jmonth = models.PositiveSmallIntegerField()
    province = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, null=True, related_name="+")
    dimension = models.CharField(max_length=16)  # one of COUNT_DIMENSIONS
    value = models.CharField(max_length=32)  # the code, id or state; "" for no province
    filed = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # Leads with (jyear, jmonth): it is also the index the dashboard reads by month.
            models.UniqueConstraint(
                fields=["jyear", "jmonth", "province", "dimension", "value"],
                name="watchdog_monthly_count_unique",
            ),
            # NULLs are distinct in a unique index: the national rows need their own.
            models.UniqueConstraint(
                fields=["jyear", "jmonth", "dimension", "value"],
                condition=models.Q(province__isnull=True),
                name="watchdog_monthly_count_unique_national",
            ),
            models.CheckConstraint(
                condition=models.Q(dimension__in=COUNT_DIMENSIONS),
                name="watchdog_monthly_count_dimension",
            ),
            models.CheckConstraint(
                condition=models.Q(jmonth__gte=1, jmonth__lte=12),
                name="watchdog_monthly_count_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jyear}/{self.jmonth:02d} {self.dimension}={self.value}: {self.filed}"
