from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "chatr.audit"
    label = "audit"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from chatr.org.roles import Perm
        from chatr.ui.tools import Tool, register_tool

        register_tool(Tool("audit", _("Audit log"), "audit:list", Perm.AUDIT_VIEW))
