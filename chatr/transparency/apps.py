from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "chatr.transparency"
    label = "transparency"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from chatr.transparency.views_publishing import register_publishing_tools
        from chatr.ui.catalogue import CatalogueEntry, register_service

        register_publishing_tools()

        register_service(
            CatalogueEntry(
                key="transparency.portal",
                title=_("Transparency portal"),
                description=_(
                    "The organization's open data: contracts and their payments, with the "
                    "parties, amounts and procurement methods, to search and download."
                ),
                url_name="transparency:home",
                group=_("Transparency"),
            )
        )
