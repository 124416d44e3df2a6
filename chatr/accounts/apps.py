from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "chatr.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from chatr.org.roles import Perm
        from chatr.ui.tools import Tool, register_tool

        register_tool(Tool("admin", _("System administration"), "admin:index", Perm.ADMIN_SITE))
