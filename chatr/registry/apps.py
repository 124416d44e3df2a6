from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "chatr.registry"
    label = "registry"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from chatr.cases.public import register_case_kind_public
        from chatr.org.roles import Perm
        from chatr.registry.workflow import CHANGE_KIND
        from chatr.ui.tools import Tool, register_tool

        # A citizen's change requests are listed on their own file's page.
        register_case_kind_public(
            CHANGE_KIND,
            label=_("Household change request"),
            citizen_url=lambda case: reverse("registry:my_file"),
        )

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
