"""Choices of the transparency portal (Shafaf)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatasetCategory(models.TextChoices):
    """What a dataset publishes; the order is the order of the portal's home page."""

    CONTRACTS = "contracts", _("Contracts and transactions")
    EXPENDITURES = "expenditures", _("Expenditures")
    MANAGERS = "managers", _("Managers")
    ASSETS = "assets", _("Properties and assets")
    DONATIONS = "donations", _("Public donations")
    LICENCES = "licences", _("Licences issued")
    HIRING = "hiring", _("Hiring")
    PLANS = "plans", _("Strategic and development plans")
    RESEARCH = "research", _("Research")
    CENTERS = "centers", _("Addresses of centers")


class UpdateFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")
    ON_CHANGE = "on_change", _("When it changes")


class DataLicence(models.TextChoices):
    CC_BY_4 = "CC-BY-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC0 = "CC0-1.0", _("Public domain dedication (CC0 1.0)")


class ProcurementMethod(models.TextChoices):
    """How the counterparty was chosen (Iran's Government Transactions Act)."""

    TENDER = "tender", _("Public tender")
    LIMITED_TENDER = "limited_tender", _("Limited tender")
    INQUIRY = "inquiry", _("Price inquiry")
    DIRECT = "direct", _("Direct award (no tender)")
    EXEMPT = "exempt", _("Exempt from tendering by law")


class ContractStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")
    CANCELLED = "cancelled", _("Cancelled")


class RecordState(models.TextChoices):
    """Where a record is in publishing: only PUBLISHED records are listed and exported; a
    WITHDRAWN one keeps its page with the public reason."""

    DRAFT = "draft", _("Draft (not public)")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class BatchState(models.TextChoices):
    DRAFT = "draft", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    DISCARDED = "discarded", _("Discarded")
    REPLACED = "replaced", _("Replaced by a newer file")
    REFUSED = "refused", _("Refused: the file has errors")
    UNCHANGED = "unchanged", _("Nothing new: every row is already published as it is")


class RevisionState(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    DISCARDED = "discarded", _("Discarded")
