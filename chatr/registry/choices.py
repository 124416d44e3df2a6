from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class DisabilityType(models.TextChoices):
    PHYSICAL_MOTOR = "physical_motor", _("Physical-motor")
    VISUAL = "visual", _("Visual")
    HEARING = "hearing", _("Hearing")
    SPEECH = "speech", _("Speech and language")
    INTELLECTUAL = "intellectual", _("Intellectual")
    CHRONIC_PSYCHIATRIC = "chronic_psychiatric", _("Chronic psychiatric")
    AUTISM = "autism", _("Autism")
    MULTIPLE = "multiple", _("Multiple")


class Severity(models.TextChoices):
    VERY_SEVERE = "very_severe", _("Very severe")
    SEVERE = "severe", _("Severe")
    MODERATE = "moderate", _("Moderate")
    MILD = "mild", _("Mild")


class Relationship(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other relative")


class Area(models.TextChoices):
    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")


class Housing(models.TextChoices):
    OWNED = "owned", _("Owned")
    RENTED = "rented", _("Rented")
    FREE = "free", _("Provided free")
    NONE = "none", _("No stable housing")


class TargetGroup(models.TextChoices):
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    SOCIAL_AFFAIRS = "social_affairs", _("Social affairs")
    PREVENTION = "prevention", _("Prevention")


class SubGroup(models.TextChoices):
    DISABILITY = "disability", _("Disability")
    FEMALE_HEADED = "female_headed", _("Female-headed household")
    CHILDREN_WITHOUT_GUARDIANS = "children_without_guardians", _("Children without guardians")
    ELDERLY = "elderly", _("Elderly")
    ADDICTION = "addiction", _("Addiction recovery")


# The target group each sub-group belongs to (the deputy that serves it).
TARGET_GROUP_OF: dict[str, str] = {
    SubGroup.DISABILITY: TargetGroup.REHABILITATION,
    SubGroup.FEMALE_HEADED: TargetGroup.SOCIAL_AFFAIRS,
    SubGroup.CHILDREN_WITHOUT_GUARDIANS: TargetGroup.SOCIAL_AFFAIRS,
    SubGroup.ELDERLY: TargetGroup.SOCIAL_AFFAIRS,
    SubGroup.ADDICTION: TargetGroup.PREVENTION,
}


class FileState(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    WAITING = "waiting", _("On the waiting list")
    APPROVED = "approved", _("Approved by the commission")
    ACTIVE = "active", _("Active (covered)")
    CLOSED = "closed", _("Closed")


class CloseReason(models.TextChoices):
    SELF_SUFFICIENT = "self_sufficient", _("Became self-sufficient")
    DIED = "died", _("Died")
    MOVED = "moved", _("Moved")
    INELIGIBLE = "ineligible", _("Ineligible")


class ChangeType(models.TextChoices):
    ADDRESS = "address", _("Address")
    MEMBER_JOIN = "member_join", _("A member joins")
    MEMBER_LEAVE = "member_leave", _("A member leaves")
    DEATH = "death", _("Death of a member")
    BANK_ACCOUNT = "bank_account", _("Bank account (Sheba)")


class ChangeState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved and applied")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ChangeChannel(models.TextChoices):
    WEB = "web", _("Web (by the citizen)")
    COUNTER = "counter", _("Counter (by staff)")
    API = "api", _("API")
