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


# ---------------------------------------------------------------- managers, assets, donations,
# hiring (the registers: kinds_registers.py)


class AssetType(models.TextChoices):
    LAND = "land", _("Land")
    BUILDING = "building", _("Building")
    VEHICLE = "vehicle", _("Vehicle")
    EQUIPMENT = "equipment", _("Equipment and machinery")
    OTHER = "other", _("Other asset")


class AssetOwnership(models.TextChoices):
    """On what title the organization holds the asset."""

    OWNED = "owned", _("Owned")
    LEASED = "leased", _("Leased")
    ENDOWED = "endowed", _("Endowment (waqf)")
    IN_USE_FROM_OTHERS = "in_use", _("In use, owned by others")


class DonationChannel(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    ONLINE = "online", _("Online payment gateway")
    IN_KIND = "in_kind", _("In kind")
    CASH = "cash", _("Cash at a center")


class DonationPurpose(models.TextChoices):
    """The program a public donation was given to (what the totals are grouped by)."""

    GENERAL = "general", _("Where most needed")
    HOUSING = "housing", _("Housing of families")
    MARRIAGE = "marriage", _("Marriage of young clients")
    EMPLOYMENT = "employment", _("Jobs and self-employment")
    TREATMENT = "treatment", _("Treatment and rehabilitation")
    EDUCATION = "education", _("Education of children")
    CHILDREN = "children", _("Children without guardians")
    ELDERLY = "elderly", _("Care of the elderly")
    EMERGENCY = "emergency", _("Disaster relief")


class HiringStatus(models.TextChoices):
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Applications closed")
    RESULTS = "results", _("Results published")


class EconomicClass(models.TextChoices):
    """Iran's budget economic classification of expenditures (the chapters of the budget law's
    expenditure table); the order is the budget's."""

    COMPENSATION = "compensation", _("Compensation of employees")
    GOODS_SERVICES = "goods_services", _("Use of goods and services")
    SUBSIDIES = "subsidies", _("Subsidies")
    GRANTS = "grants", _("Grants")
    SOCIAL_BENEFITS = "social_benefits", _("Social benefits")
    OTHER = "other", _("Other expenses")
    NON_FINANCIAL_ASSETS = "non_financial_assets", _("Acquisition of non-financial assets")


class DocumentType(models.TextChoices):
    """What a published document is; `DOCUMENT_TYPES_BY_CATEGORY` says which dataset takes it."""

    STRATEGIC_PLAN = "strategic_plan", _("Strategic plan")
    DEVELOPMENT_PLAN = "development_plan", _("Development plan")
    ANNUAL_PROGRAM = "annual_program", _("Annual program")
    OPERATIONAL_PLAN = "operational_plan", _("Operational plan")
    RESEARCH_REPORT = "research_report", _("Research report")
    EVALUATION = "evaluation", _("Evaluation")
    SURVEY = "survey", _("Survey or statistical study")
    POLICY_BRIEF = "policy_brief", _("Policy brief")


# Plans datasets take plans and programs; research datasets take studies and evaluations.
DOCUMENT_TYPES_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    DatasetCategory.PLANS: (
        DocumentType.STRATEGIC_PLAN,
        DocumentType.DEVELOPMENT_PLAN,
        DocumentType.ANNUAL_PROGRAM,
        DocumentType.OPERATIONAL_PLAN,
    ),
    DatasetCategory.RESEARCH: (
        DocumentType.RESEARCH_REPORT,
        DocumentType.EVALUATION,
        DocumentType.SURVEY,
        DocumentType.POLICY_BRIEF,
    ),
}


class DocumentLanguage(models.TextChoices):
    PERSIAN = "fa", _("Persian")
    ENGLISH = "en", _("English")
    BOTH = "fa_en", _("Persian and English")
