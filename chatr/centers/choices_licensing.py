"""Choices of the licensing workflow: applications, their states, documents and inquiries."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationKind(models.TextChoices):
    PRINCIPLE_AGREEMENT = "principle_agreement", _("Principle agreement")
    ACTIVITY_LICENCE = "activity_licence", _("Activity licence")
    RENEWAL = "renewal", _("Renewal of the activity licence")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("A person")
    NGO = "ngo", _("An NGO or charity")


class LicensingState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted: documents being checked")
    WAITING_DOCUMENTS = "waiting_documents", _("Waiting for the applicant's documents")
    INQUIRIES_SENT = "inquiries_sent", _("Inquiries sent to police, health and engineering")
    AT_COMMISSION = "at_commission", _("At the provincial licensing commission")
    SECURITY_VETTING = "security_vetting", _("Security vetting")
    AGREEMENT_ISSUED = "agreement_issued", _("Principle agreement issued")
    SITE_VISIT = "site_visit", _("Specialist site visit")
    LICENCE_ISSUED = "licence_issued", _("Activity licence issued")
    REFUSED = "refused", _("Refused")


class DocumentType(models.TextChoices):
    IDENTITY = "identity", _("Identity document")
    MILITARY_SERVICE = "military_service", _("Military service status")
    NO_CRIMINAL_RECORD = "no_criminal_record", _("No-criminal-record certificate")
    NO_ADDICTION = "no_addiction", _("No-addiction certificate")
    DEGREE = "degree", _("Degree")
    NGO_REGISTRATION = "ngo_registration", _("NGO registration certificate")
    APPROVALS = "approvals", _("Approvals (police, health, engineering)")
    TRAINING_CERTIFICATE = "training_certificate", _("Training course certificate")


class Inquiry(models.TextChoices):
    POLICE = "police", _("Police")
    HEALTH = "health", _("Health network")
    ENGINEERING = "engineering", _("Engineering (building safety)")


# What each application needs; staff may also ask for any other document.
REQUIRED_DOCUMENTS: dict[str, tuple[str, ...]] = {
    ApplicationKind.PRINCIPLE_AGREEMENT: (
        DocumentType.IDENTITY,
        DocumentType.NO_CRIMINAL_RECORD,
        DocumentType.NO_ADDICTION,
        DocumentType.DEGREE,
    ),
    ApplicationKind.ACTIVITY_LICENCE: (DocumentType.APPROVALS, DocumentType.TRAINING_CERTIFICATE),
    ApplicationKind.RENEWAL: (DocumentType.APPROVALS,),
}
# The applicant files these at once, on the form; an NGO also files its registration.
FILING_DOCUMENTS: dict[str, tuple[str, ...]] = {
    ApplicationKind.PRINCIPLE_AGREEMENT: (
        DocumentType.IDENTITY,
        DocumentType.MILITARY_SERVICE,
        DocumentType.NO_CRIMINAL_RECORD,
        DocumentType.NO_ADDICTION,
        DocumentType.DEGREE,
        DocumentType.NGO_REGISTRATION,
    ),
    ApplicationKind.ACTIVITY_LICENCE: (DocumentType.APPROVALS, DocumentType.TRAINING_CERTIFICATE),
    ApplicationKind.RENEWAL: (DocumentType.APPROVALS, DocumentType.TRAINING_CERTIFICATE),
}
