from django.apps import AppConfig


class ScorecardsConfig(AppConfig):
    name = "scorecards"
    verbose_name = "Scorecards"

    def ready(self) -> None:
        from srm.audit.checkpoints import recompute_step as audit_checkpoint_step
        from srm.core.demo import register_seeder

        from . import navigation, review  # noqa: F401  (they register on import)
        from .demo import seed
        from .steps import register_step

        register_seeder(90, "recompute", seed)
        # Last step of every recompute: a signed audit checkpoint once the run commits.
        register_step(1000, "audit_checkpoint", audit_checkpoint_step)
