from django.apps import AppConfig


class ScorecardsConfig(AppConfig):
    name = "scorecards"
    verbose_name = "Scorecards"

    def ready(self) -> None:
        from srm.core.demo import register_seeder
        from suppliers.supplier_list import register_supplier_list_parts

        from . import navigation, review  # noqa: F401  (they register on import)
        from .demo import seed
        from .supplier_list import STANDING

        register_seeder(90, "recompute", seed)
        register_supplier_list_parts(STANDING)
