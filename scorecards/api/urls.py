from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("scorecards", views.ScorecardViewSet)
router.register("kpi-definitions", views.KpiDefinitionViewSet)
router.register("recompute-runs", views.RecomputeRunViewSet)
router.register("corrective-actions", views.CorrectiveActionViewSet)

urlpatterns = router.urls
