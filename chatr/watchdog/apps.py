from django.apps import AppConfig


class WatchdogConfig(AppConfig):
    name = "chatr.watchdog"
    label = "watchdog"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from chatr.org.roles import Perm
        from chatr.ui.catalogue import CatalogueEntry, register_service
        from chatr.ui.tools import Tool, register_tool
        from chatr.watchdog import workflow  # noqa: F401 - registers the workflow

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
