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
