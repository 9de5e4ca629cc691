from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "suppliers"
    verbose_name = "Suppliers"

    def ready(self) -> None:
        from srm.core.demo import register_seeder

        from . import importers, navigation  # noqa: F401  (they register on import)
        from .demo import seed

        register_seeder(10, "suppliers", seed)
