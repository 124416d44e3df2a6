from django.apps import AppConfig


class WatchdogConfig(AppConfig):
    name = "chatr.watchdog"
    label = "watchdog"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from chatr.cases.public import register_case_kind_public
        from chatr.org.roles import Perm
        from chatr.ui.catalogue import CatalogueEntry, register_service
        from chatr.ui.tools import Tool, register_tool
        from chatr.watchdog import workflow  # registers the workflow

        # The person follows a message on the tracking page (code + mobile or secret).
        register_case_kind_public(
            workflow.KIND,
            label=_("Complaints and suggestions (Watchdog)"),
            citizen_url=lambda case: reverse("watchdog:track"),
        )

        register_service(
            CatalogueEntry(
                key="watchdog.submit",
                title=_("Complaints and suggestions (Watchdog)"),
                description=_(
                    "Send a complaint, criticism, suggestion, idea, praise or a report of "
                    "a violation, and follow it with a tracking code. By phone: 1482."
                ),
                url_name="watchdog:submit",
                group=_("Watchdog"),
            )
        )
        register_service(
            CatalogueEntry(
                key="watchdog.track",
                title=_("Track a message"),
                description=_(
                    "See the status and the answer of a message you sent, with its tracking code."
                ),
                url_name="watchdog:track",
                group=_("Watchdog"),
            )
        )
        register_tool(
            Tool("watchdog.queue", _("Watchdog messages"), "watchdog:queue", Perm.CASE_VIEW)
        )
        register_tool(
            Tool(
                "watchdog.agent",
                _("New phone message (1482)"),
                "watchdog:agent_new",
                Perm.CASE_FILE_FOR_PERSON,
            )
        )
        register_tool(
            Tool(
                "watchdog.lookup",
                _("Look up a tracking code"),
                "watchdog:agent_lookup",
                Perm.CASE_FILE_FOR_PERSON,
            )
        )
        register_tool(
            Tool(
                "watchdog.taxonomy",
                _("Watchdog subjects and deadlines"),
                "admin:watchdog_subjectarea_changelist",
                Perm.WATCHDOG_TAXONOMY,
            )
        )
