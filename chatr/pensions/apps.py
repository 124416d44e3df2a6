from django.apps import AppConfig


class PensionsConfig(AppConfig):
    name = "chatr.pensions"
    label = "pensions"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from chatr.org.roles import Perm
        from chatr.pensions.selectors import pensioners_count_by_unit
        from chatr.registry.coverage import CoverageMeasure, register_coverage_measure
        from chatr.ui.tools import Tool, register_tool

        register_tool(
            Tool("pensions.cycles", _("Payment cycles"), "pensions:cycles", Perm.PENSIONS_VIEW)
        )
        register_tool(
            Tool(
                "pensions.programs",
                _("Pension programs"),
                "pensions:programs",
                Perm.PENSIONS_VIEW,
            )
        )
        register_coverage_measure(
            CoverageMeasure(
                code="pensioners",
                label=_("Pensioners"),
                count_by_unit=pensioners_count_by_unit,
            )
        )
