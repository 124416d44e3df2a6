"""The e-service desk: the service catalogue, request forms defined as data (versioned), and
the requests people file, each a case on the shared machinery."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chatr.core.models import TimeStampedModel
from chatr.core.text import language_is_persian
from chatr.eservices.choices import (
    ApprovalAction,
    Audience,
    ElectronicLevel,
    RequestChannel,
    ServiceType,
)
from chatr.org.models import OrgUnit, ScopedModel

RESERVED_CODES = ("my", "staff", "manage", "counter", "counters")


class Service(TimeStampedModel):
    """One entry of the catalogue: what the service is, what it needs and how to get it."""

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9-]+$")],
        help_text=_("Lower-case letters, digits and dashes; it appears in the address."),
    )
    title_fa = models.CharField(_("Persian title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    responsible_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible unit"),
    )
    service_type = models.CharField(
        _("service type"), max_length=12, choices=ServiceType.choices, default=ServiceType.CITIZEN
    )
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.INDIVIDUALS
    )
    description = models.TextField(_("description"))
    eligibility = models.TextField(_("who may apply"), blank=True)
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    governing_rules = models.JSONField(
        _("governing rules"),
        default=list,
        blank=True,
        help_text=_('A list of links: [{"title": "…", "url": "https://…"}].'),
    )
    fee_rials = models.PositiveBigIntegerField(_("fee (rials)"), default=0)
    e_payment = models.BooleanField(_("paid online"), default=False)
    electronic_level = models.CharField(
        _("how electronic"),
        max_length=12,
        choices=ElectronicLevel.choices,
        default=ElectronicLevel.FULLY,
    )
    steps = models.JSONField(_("steps"), default=list, blank=True)
    deadline_days = models.PositiveSmallIntegerField(_("deadline (working days)"), default=10)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # A service another module owns (a complaint, a licence application) is applied for in
    # that module's own flow: the URL name of its form. Empty: the generic request form.
    owner_url_name = models.CharField(_("owner's URL name"), max_length=100, blank=True)
    # What approval does beyond the case: issue a certificate, open a registry file, file a
    # registry change request (eservices.approval); the form must ask what it needs.
    approval_action = models.CharField(
        _("on approval"), max_length=32, choices=ApprovalAction.choices, blank=True, default=""
    )
    # Handled by the office where the applicant lives (their household's unit in the registry,
    # or the county of the counter that filed it) instead of the responsible unit itself.
    handled_locally = models.BooleanField(_("handled where the applicant lives"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["sort_order", "title_fa"]
        constraints = [
            # These words are the desk's own addresses (/services/my/, /services/staff/, …).
            models.CheckConstraint(
                condition=~models.Q(code__in=RESERVED_CODES),
                name="eservices_service_code_not_reserved",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_fa if language_is_persian() or not self.title_en else self.title_en

    @property
    def is_owned_elsewhere(self) -> bool:
        return bool(self.owner_url_name)


class FormDefinition(models.Model):
    """One version of a service's request form, as data; the newest version is the current one.
    Versions are never edited: a request keeps the version it was filed under."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="definitions")
    version = models.PositiveIntegerField(_("version"))
    fields = models.JSONField(_("fields"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("form definition")
        verbose_name_plural = _("form definitions")
        ordering = ["service", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "version"], name="eservices_definition_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service.code} v{self.version}"


class ServiceRequest(ScopedModel, TimeStampedModel):
    """A request filed for a service; state, tracking code and timeline live on the case."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="eservices_request"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="requests")
    definition = models.ForeignKey(
        FormDefinition, on_delete=models.PROTECT, related_name="requests"
    )
    # The cleaned answers, keyed by the definition's field keys. May hold a national code:
    # the record is scoped and never copied to the audit trail or the logs.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="service_requests",
        verbose_name=_("applicant"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=RequestChannel.choices)
    counter = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service counter"),
    )
    # What the officer last asked the person for, and the reason of a rejection.
    info_requested = models.TextField(_("information requested"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # What approval produced in another module, by reference: {"file_number": …} or
    # {"change_request": <tracking code>} (the certificate has its own row).
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        indexes = [
            models.Index(fields=["applicant", "-created_at"], name="eservices_req_applicant")
        ]

    def __str__(self) -> str:
        return self.case.tracking_code

    @property
    def state(self) -> str:
        return str(self.case.state)

    @property
    def state_label(self) -> Any:
        from chatr.eservices.workflow import REQUEST_WORKFLOW

        return REQUEST_WORKFLOW.label(self.case.state)

    def answer_rows(self) -> list[dict[str, Any]]:
        """(label, value) for each field of the definition, in its order."""
        from chatr.eservices.formdefs import answer_rows

        return answer_rows(self.definition.fields, self.answers)


class Certificate(TimeStampedModel):
    """A certificate issued on approving a request: its content frozen at issue, checked by
    anyone with its verification code (a tracking code of its own)."""

    code = models.CharField(_("verification code"), max_length=12, unique=True)
    request = models.OneToOneField(
        ServiceRequest, on_delete=models.PROTECT, related_name="certificate"
    )
    title = models.CharField(_("title"), max_length=200)
    statement = models.TextField(_("statement"))
    # [[label, value], …] in Persian, as printed; may hold a national code (never logged).
    facts = models.JSONField(_("facts"), default=list)
    holder_name = models.CharField(_("holder"), max_length=200)
    issuing_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing unit")
    )
    issued_at = models.DateTimeField(_("issued at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
