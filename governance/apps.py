from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from scorecards.policy import register_policy_change_proposer
        from scorecards.sources import register_explainer, register_source
        from srm.core.demo import register_seeder
        from srm.core.search import register_search_kinds
        from srm.core.work import register_work_sections
        from suppliers.lifecycle import register_lifecycle_gate

        from . import agenda, navigation, review  # noqa: F401  (navigation registers on import)
        from .demo import seed
        from .kpi import response_hours_explain, response_hours_source
        from .search import SEARCH_KINDS
        from .work import WORK_SECTIONS

        register_source("response_hours", response_hours_source)
        register_explainer("response_hours", response_hours_explain)
        agenda.register()
        review.register()
        register_seeder(40, "governance", seed)
        register_search_kinds(*SEARCH_KINDS)
        register_work_sections(*WORK_SECTIONS)
        from .lifecycle import DecisionRightsGate

        register_lifecycle_gate(DecisionRightsGate())
        from .services import scoring_policy_change_raise

        register_policy_change_proposer(scoring_policy_change_raise)
        from suppliers.contract_terms import register_contract_panels, register_termination_pending

        from .contract_panel import PANEL
        from .selectors import termination_pending

        register_termination_pending(termination_pending)
        register_contract_panels(PANEL)
