from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "suppliers"
    verbose_name = "Suppliers"

    def ready(self) -> None:
        from srm.core.demo import register_seeder
        from srm.core.panels import register_home_panels
        from srm.core.search import register_search_kinds
        from srm.core.work import register_work_sections

        from . import home, importers, navigation  # noqa: F401  (the last two register on import)
        from .demo import seed
        from .search import SEARCH_KINDS

        register_seeder(10, "suppliers", seed)
        register_search_kinds(*SEARCH_KINDS)
        register_home_panels(*home.PANELS)
        register_work_sections(*home.WORK_SECTIONS)
