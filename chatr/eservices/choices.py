from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceType(models.TextChoices):
    CITIZEN = "citizen", _("Citizen service")
    BUSINESS = "business", _("Business service")
    GOVERNMENT = "government", _("Government service")


class Audience(models.TextChoices):
    INDIVIDUALS = "individuals", _("Individuals and families")
    CLIENTS = "clients", _("Covered clients")
    PEOPLE_WITH_DISABILITIES = "disabilities", _("People with disabilities")
    ORGANIZATIONS = "organizations", _("NGOs and businesses")
    AGENCIES = "agencies", _("Government agencies")


class ElectronicLevel(models.TextChoices):
    INFORMATION = "information", _("Information only")
    PARTLY = "partly", _("Partly online")
    FULLY = "fully", _("Fully online")


class ServiceChannel(models.TextChoices):
    WEB = "web", _("Web")
    COUNTER = "counter", _("Service counter")
    PHONE = "phone", _("Phone")


class RequestChannel(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API / app")
    COUNTER = "counter", _("Service counter")


class RequestState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    NEEDS_INFO = "needs_info", _("More information needed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    COMPLETED = "completed", _("Completed")


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    JALALI_DATE = "jalali_date", _("Date (Persian calendar)")
    CHOICE = "choice", _("Choice")
    FILE = "file", _("File")
    NATIONAL_CODE = "national_code", _("National code")
    MOBILE = "mobile", _("Mobile number")
    YES_NO = "yes_no", _("Yes / no")
    SHEBA = "sheba", _("Bank account (Sheba)")
    POSTAL_CODE = "postal_code", _("Postal code")


class ApprovalAction(models.TextChoices):
    """What approving a request does beyond the case (eservices.approval carries it out)."""

    NONE = "", _("Nothing more: the unit delivers the service")
    COVERAGE_CERTIFICATE = "coverage_certificate", _("Issue a certificate of coverage")
    REGISTRY_FILE = "registry_file", _("Open an applicant file in the registry")
    REGISTRY_ADDRESS = "registry_address", _("File an address change in the registry")
    REGISTRY_BANK_ACCOUNT = "registry_bank_account", _("File a bank account change in the registry")
