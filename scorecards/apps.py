from django.apps import AppConfig


class ScorecardsConfig(AppConfig):
    name = "scorecards"
    verbose_name = "Scorecards"

    def ready(self) -> None:
        from srm.audit.checkpoints import recompute_step as audit_checkpoint_step
        from srm.core.demo import register_seeder
        from srm.core.panels import register_home_panels
        from srm.core.work import register_work_sections
        from suppliers.freshness import register_freshness_annotation, register_stale_hook
        from suppliers.supplier_list import register_supplier_list_parts

        from . import fresh, home, navigation, review  # noqa: F401  (the last two register on import)
        from .demo import seed
        from .steps import register_step
        from .supplier_list import STANDING

        register_seeder(90, "recompute", seed)
        register_supplier_list_parts(STANDING)
        register_home_panels(*home.PANELS)
        register_work_sections(*home.WORK_SECTIONS)
        # Last step of every recompute: a signed audit checkpoint once the run commits.
        register_step(1000, "audit_checkpoint", audit_checkpoint_step)
        # New receipts, prices: recompute just the supplier-months they touched.
        register_stale_hook(fresh.targets_request)
        register_freshness_annotation(fresh.annotate_freshness)
