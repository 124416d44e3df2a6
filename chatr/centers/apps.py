from django.apps import AppConfig


class CentersConfig(AppConfig):
    name = "chatr.centers"
    label = "centers"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from chatr.org.roles import Perm
        from chatr.ui.catalogue import CatalogueEntry, register_service
        from chatr.ui.tools import Tool, register_tool

        register_service(
            CatalogueEntry(
                key="centers.directory",
                title=_("Find a care center"),
                description=_(
                    "Kindergartens, rehabilitation, elderly care, addiction treatment and other "
                    "centers licensed by the organization, by province, county, type and name."
                ),
                url_name="centers:directory",
                group=_("Care centers"),
            )
        )
        register_service(
            CatalogueEntry(
                key="centers.licence_check",
                title=_("Check a licence number"),
                description=_(
                    "See whether a center's licence is valid: enter the number printed on it."
                ),
                url_name="centers:licence_check",
                group=_("Care centers"),
            )
        )
        register_tool(
            Tool("centers.manage", _("Care centers"), "centers:manage", Perm.CENTERS_VIEW)
        )
        register_tool(
            Tool(
                "centers.register",
                _("Register a care center"),
                "centers:register",
                Perm.CENTERS_EDIT,
            )
        )
