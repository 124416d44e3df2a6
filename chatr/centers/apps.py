from django.apps import AppConfig


class CentersConfig(AppConfig):
    name = "chatr.centers"
    label = "centers"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from chatr.cases.public import register_case_kind_public
        from chatr.centers.workflow_licensing import ACTIVITY_KIND, PRINCIPLE_KIND
        from chatr.org.roles import Perm
        from chatr.ui.catalogue import CatalogueEntry, register_service
        from chatr.ui.tools import Tool, register_tool

        for case_kind, label in (
            (PRINCIPLE_KIND, _("Licence application (principle agreement)")),
            (ACTIVITY_KIND, _("Licence application (activity licence)")),
        ):
            register_case_kind_public(
                case_kind,
                label=label,
                citizen_url=lambda case: reverse(
                    "centers:licensing_my_detail", args=[case.tracking_code]
                ),
            )

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
        register_service(
            CatalogueEntry(
                key="centers.licensing_apply",
                title=_("Apply for a care-center licence"),
                description=_(
                    "Apply for the principle agreement to open a care center, as a person or "
                    "an NGO, with your documents and the fee's payment reference; follow every "
                    "step with your tracking code."
                ),
                url_name="centers:licensing_apply",
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
        register_tool(
            Tool(
                "centers.licensing",
                _("Licence applications"),
                "centers:licensing_queue",
                Perm.CENTERS_LICENSING,
            )
        )
        for key, title, url_name, perm in (
            (
                "centers.supervision",
                _("My inspections"),
                "centers:supervision:home",
                Perm.CENTERS_INSPECT,
            ),
            (
                "centers.residents",
                _("Residents of centers"),
                "centers:subsidies:resident_centers",
                Perm.CENTERS_RESIDENTS,
            ),
            (
                "centers.subsidies",
                _("Center subsidies"),
                "centers:subsidies:months",
                Perm.CENTERS_SUBSIDY_PREPARE,
            ),
            (
                "centers.figures",
                _("Care center figures"),
                "centers:figures:page",
                Perm.CENTERS_FIGURES,
            ),
            (
                "centers.my_claims",
                _("My center's subsidy claims"),
                "centers:subsidies:my_claims",
                Perm.CENTERS_SUBSIDY_VIEW,
            ),
        ):
            register_tool(Tool(key, title, url_name, perm))
