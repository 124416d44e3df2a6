from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "chatr.registry"
    label = "registry"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from chatr.org.roles import Perm
        from chatr.ui.tools import Tool, register_tool

        register_tool(
            Tool(
                "registry.find",
                _("Find a person (registry)"),
                "registry:person_find",
                Perm.REGISTRY_VIEW,
            )
        )
        register_tool(
            Tool(
                "registry.households",
                _("Households (registry)"),
                "registry:households",
                Perm.REGISTRY_VIEW,
            )
        )
        register_tool(
            Tool(
                "registry.register",
                _("Register a household"),
                "registry:household_register",
                Perm.REGISTRY_EDIT,
            )
        )
        register_tool(
            Tool("registry.files", _("Coverage files"), "registry:files", Perm.REGISTRY_VIEW)
        )
        register_tool(
            Tool(
                "registry.changes",
                _("Change requests"),
                "registry:change_requests",
                Perm.REGISTRY_EDIT,
            )
        )
        register_tool(
            Tool(
                "registry.waiting_list",
                _("Waiting list"),
                "registry:waiting_list",
                Perm.REGISTRY_VIEW,
            )
        )

        from chatr.registry.views_coverage import register_coverage_tools

        register_coverage_tools()
