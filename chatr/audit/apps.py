from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "chatr.audit"
    label = "audit"
