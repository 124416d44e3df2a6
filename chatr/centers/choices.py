"""Choices of the care-centers module: what a center is, who runs it, and its licences."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LicenceType(models.TextChoices):
    """The thirteen licence types of the licensing article, plus Positive Life counters."""

    KINDERGARTEN = "kindergarten", _("Kindergarten")
    CHILDRENS_HOME = (
        "childrens_home",
        _("24-hour home for children without guardians or street children"),
    )
    WOMENS_HEALTH_HOUSE = "womens_health_house", _("Women's health house")
    WELFARE_COMPLEX = "welfare_complex", _("Welfare service complex")
    SOCIAL_WORK_CLINIC = "social_work_clinic", _("Social-work clinic and social emergency")
    SOCIAL_COUNSELING = "social_counseling", _("Social counseling center")
    REHABILITATION = "rehabilitation", _("Disability rehabilitation center")
    VOCATIONAL_TRAINING = "vocational_training", _("Disability vocational training center")
    ELDERLY_CARE = "elderly_care", _("Elderly care center")
    CHRONIC_PSYCHIATRIC = "chronic_psychiatric", _("Chronic psychiatric care center")
    GENETIC_COUNSELING = "genetic_counseling", _("Genetic counseling center")
    ADDICTION_TREATMENT = "addiction_treatment", _("Addiction treatment center")
    NGO = "ngo", _("NGO or charity")
    POSITIVE_LIFE = "positive_life", _("Positive Life counter")


class Ownership(models.TextChoices):
    STATE = "state", _("State-run")
    NGO = "ngo", _("NGO or charity")
    PRIVATE = "private", _("Private")


class CareMode(models.TextChoices):
    DAY = "day", _("Day care")
    RESIDENTIAL = "residential", _("24-hour (residential) care")
    HOME_CARE = "home_care", _("Home care")
    WORKSHOP = "workshop", _("Workshop")


class Grade(models.IntegerChoices):
    FIRST = 1, _("Grade 1")
    SECOND = 2, _("Grade 2")


class CenterStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


# What staff may set by editing a center; suspension and revocation are sanctions (their own
# slice, with the ladder of notices and warnings before them).
EDITABLE_STATUSES = (CenterStatus.ACTIVE, CenterStatus.INACTIVE)


class LicenceKind(models.TextChoices):
    PRINCIPLE_AGREEMENT = "principle_agreement", _("Principle agreement")
    ACTIVITY_LICENCE = "activity_licence", _("Activity licence")


class LicenceStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
