from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = "Risk"

    def ready(self) -> None:
        from scorecards.steps import register_step
        from srm.core.demo import register_seeder
        from srm.core.review import register_agenda_source, register_review_section
        from suppliers.importers import register
        from suppliers.risk_level import (
            register_risk_level_provider,
            register_risk_summary_provider,
        )
        from suppliers.supplier_list import register_supplier_list_parts

        from . import navigation  # noqa: F401  (registers on import)
        from .demo import seed, seed_history
        from .importers import IMPORTERS
        from .recompute import risk_step
        from .review import TOP_RISKS, agenda_reviews_overdue, agenda_risks_high
        from .selectors import supplier_risk_level, supplier_risk_summary
        from .supplier_list import RISK

        for importer in IMPORTERS:
            register(importer)
        register_step(50, "risk", risk_step)
        register_supplier_list_parts(RISK)
        register_risk_level_provider(supplier_risk_level)
        register_risk_summary_provider(supplier_risk_summary)
        register_seeder(50, "risk", seed)
        register_seeder(95, "risk-history", seed_history)
        register_review_section(TOP_RISKS)
        # "risks_high" is the name the governance agenda gives its SPEC §4 heading.
        register_agenda_source("risks_high", agenda_risks_high)
        register_agenda_source("risk_reviews_overdue", agenda_reviews_overdue)
