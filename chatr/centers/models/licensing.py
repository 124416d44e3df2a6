"""Licensing on the case machinery: an application (principle agreement, activity licence or
renewal) is a case of the shared engine with the licensing details beside it, its documents
typed, a fee table, and the record of renewal reminders already sent.

The state, tracking code, deadline clock and timeline live on the case (workflows in
`centers.workflow_licensing`); this model keeps what only licensing knows.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chatr.centers.choices import CareMode, LicenceType
from chatr.centers.choices_licensing import ApplicantKind, ApplicationKind, DocumentType
from chatr.centers.models.directory import Center, Licence
from chatr.centers.workflow_licensing import workflow_of  # also registers the workflows
from chatr.core.models import TimeStampedModel
from chatr.org.models import OrgUnit, ScopedModel


class LicenceApplication(ScopedModel, TimeStampedModel):
    """An application for a principle agreement, an activity licence or a renewal."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="licence_application"
    )
    kind = models.CharField(_("application"), max_length=24, choices=ApplicationKind.choices)
    licence_type = models.CharField(_("licence type"), max_length=32, choices=LicenceType.choices)
    applicant_kind = models.CharField(_("applicant"), max_length=8, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("applicant's name"), max_length=200)
    national_code = models.CharField(_("national code"), max_length=10, blank=True)
    company_id = models.CharField(_("national company ID"), max_length=11, blank=True)
    mobile = models.CharField(_("mobile"), max_length=13)
    proposed_name = models.CharField(_("proposed center name"), max_length=200)
    county = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    care_mode = models.CharField(_("care mode"), max_length=16, choices=CareMode.choices)
    capacity = models.PositiveIntegerField(_("capacity"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    fee_amount = models.PositiveBigIntegerField(_("fee (rials)"))
    payment_reference = models.CharField(_("payment reference"), max_length=40)
    inquiries = models.JSONField(_("inquiries sent"), default=list, blank=True)
    missing_documents = models.JSONField(_("missing documents"), default=list, blank=True)
    site_visit_on = models.DateField(_("site visit on"), null=True, blank=True)
    site_visit_notes = models.TextField(_("site visit findings"), blank=True)
    decision_reason = models.TextField(_("reasons"), blank=True)
    # The center: created when the principle agreement is issued; given for an activity
    # licence (the center holding the agreement) or a renewal.
    center = models.ForeignKey(
        Center,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="licence_applications",
        verbose_name=_("center"),
    )
    # The licence this application builds on (the agreement, or the licence to renew) and
    # the one it produced.
    previous_licence = models.ForeignKey(
        Licence, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    licence = models.OneToOneField(
        Licence,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("licence"),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("licence application")
        verbose_name_plural = _("licence applications")
        indexes = [models.Index(fields=["kind", "created_at"], name="licapp_kind_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(applicant_kind=ApplicantKind.PERSON, national_code__regex=r"^\d{10}$")
                | Q(applicant_kind=ApplicantKind.NGO, company_id__regex=r"^\d{11}$"),
                name="licapp_applicant_identified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.proposed_name}"

    @property
    def state(self) -> str:
        return self.case.state

    @property
    def missing_document_labels(self) -> list[Any]:
        return [DocumentType(d).label for d in self.missing_documents]

    @property
    def state_label(self) -> Any:
        return workflow_of(self.kind).label(self.case.state)


class ApplicationDocument(models.Model):
    """One typed document of an application: a case attachment checked by its content."""

    application = models.ForeignKey(
        LicenceApplication, on_delete=models.CASCADE, related_name="documents"
    )
    attachment = models.OneToOneField(
        "cases.CaseAttachment", on_delete=models.CASCADE, related_name="licence_document"
    )
    doc_type = models.CharField(_("document"), max_length=24, choices=DocumentType.choices)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")

    def __str__(self) -> str:
        return self.doc_type


class LicensingFee(models.Model):
    """The fee (rials) of one kind of application for one licence type."""

    licence_type = models.CharField(_("licence type"), max_length=32, choices=LicenceType.choices)
    kind = models.CharField(_("application"), max_length=24, choices=ApplicationKind.choices)
    amount = models.PositiveBigIntegerField(_("fee (rials)"))

    class Meta:
        verbose_name = _("licensing fee")
        verbose_name_plural = _("licensing fees")
        constraints = [
            models.UniqueConstraint(fields=["licence_type", "kind"], name="licfee_type_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.licence_type} {self.kind}: {self.amount}"


class RenewalReminder(models.Model):
    """A renewal reminder sent for a licence at one stage (days before it ends): once each."""

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="reminders")
    stage = models.PositiveSmallIntegerField(_("days before the end"))
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("renewal reminder")
        verbose_name_plural = _("renewal reminders")
        constraints = [
            models.UniqueConstraint(fields=["licence", "stage"], name="renewal_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.licence_id} {self.stage}"
