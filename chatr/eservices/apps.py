from django.apps import AppConfig


class EservicesConfig(AppConfig):
    name = "chatr.eservices"
    label = "eservices"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from chatr.cases.public import register_case_kind_public
        from chatr.eservices.selectors_inbox import request_public_status
        from chatr.eservices.workflow import REQUEST_KIND  # registers the workflow
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
                title=_("My requests"),
                description=_(
                    "Every request you filed, in every service: its tracking code and status."
                ),
                url_name="eservices:my_requests",
                group=_("E-service desk"),
            )
        )
        register_service(
            CatalogueEntry(
                key="eservices.track",
                title=_("Track a code"),
                description=_(
                    "The status of any request, complaint or licence application, with its "
                    "tracking code and the mobile number you gave."
                ),
                url_name="track",
                group=_("E-service desk"),
            )
        )
        register_case_kind_public(
            REQUEST_KIND,
            label=_("Service request"),
            citizen_url=lambda case: reverse("eservices:my_request", args=[case.tracking_code]),
            public_status=request_public_status,
        )
        register_tool(
            Tool(
                "eservices.requests",
                _("Service requests"),
                "eservices:staff_requests",
                Perm.ESERVICES_HANDLE,
            )
        )
        from chatr.eservices.views_counters import register_counter_tools

        register_counter_tools()
