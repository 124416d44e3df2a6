from django.apps import AppConfig


class EservicesConfig(AppConfig):
    name = "chatr.eservices"
    label = "eservices"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from chatr.eservices import workflow  # noqa: F401 - registers the workflow
        from chatr.org.roles import Perm
        from chatr.ui.catalogue import CatalogueEntry, register_service
        from chatr.ui.tools import Tool, register_tool

        register_service(
            CatalogueEntry(
                key="eservices.catalogue",
                title=_("E-service desk"),
                description=_(
                    "Every service of the organization: what it is, what it needs, how long it "
                    "takes, and a form to apply online."
                ),
                url_name="eservices:catalogue",
                group=_("E-service desk"),
            )
        )
        register_service(
            CatalogueEntry(
                key="eservices.my",
                title=_("My service requests"),
                description=_("The requests you filed online, their status and what is asked."),
                url_name="eservices:my_requests",
                group=_("E-service desk"),
            )
        )
        register_tool(
            Tool(
                "eservices.requests",
                _("Service requests"),
                "eservices:staff_requests",
                Perm.ESERVICES_HANDLE,
            )
        )
