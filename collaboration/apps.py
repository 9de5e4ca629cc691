from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "collaboration"
    verbose_name = "Collaboration track"

    def ready(self) -> None:
        from scorecards.answers import register_corrective_action_answers
        from scorecards.sources import register_explainer, register_source
        from srm.core.demo import register_seeder
        from srm.core.search import register_search_kinds

        from . import checks, navigation  # noqa: F401  (they register on import)
        from .demo import seed
        from .search import SEARCH_KINDS
        from .selectors import (
            corrective_action_responses,
            improvements_by_month,
            improvements_explained,
        )

        register_source("improvements", improvements_by_month)
        register_explainer("improvements", improvements_explained)
        register_corrective_action_answers(corrective_action_responses)
        register_seeder(30, "collaboration", seed)
        register_search_kinds(*SEARCH_KINDS)
