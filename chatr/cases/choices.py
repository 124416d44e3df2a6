from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseChannel(models.TextChoices):
    WEB = "web", _("Web")
    MOBILE = "mobile", _("Mobile web")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    API = "api", _("API / app")


class EventKind(models.TextChoices):
    FILED = "filed", _("Filed")
    STATE = "state", _("Status changed")
    ROUTED = "routed", _("Referred")
    ASSIGNED = "assigned", _("Assigned")
    ANSWER = "answer", _("Answer")
    REPLY = "reply", _("Reply from the person")
    NOTE = "note", _("Internal note")
    ESCALATED = "escalated", _("Escalated")
    REOPENED = "reopened", _("Reopened")
    RATED = "rated", _("Rated")
    DUPLICATE = "duplicate", _("Marked as possible duplicate")


class DeadlineBand(models.TextChoices):
    GREEN = "green", _("On time")
    AMBER = "amber", _("Half the time used")
    RED = "red", _("Overdue")
    PAUSED = "paused", _("Paused")
    NONE = "none", _("No deadline")
