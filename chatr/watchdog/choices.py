from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageType(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    CRITICISM = "criticism", _("Criticism")
    OPINION = "opinion", _("Opinion")
    IDEA = "idea", _("Idea")
    SUGGESTION = "suggestion", _("Suggestion")
    VIOLATION_REPORT = "violation_report", _("Report of a violation")
    PRAISE = "praise", _("Praise")


class MessageState(models.TextChoices):
    NEW = "new", _("New")
    SCREENED = "screened", _("Screened")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for you")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    ESCALATED = "escalated", _("Escalated")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
