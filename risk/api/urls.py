from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("risk-dimensions", views.RiskDimensionViewSet)
router.register("risk-scores", views.RiskScoreViewSet)
router.register("risk-assessments", views.RiskAssessmentViewSet)
router.register("continuity-plans", views.ContinuityPlanViewSet, basename="continuityplan")
router.register("continuity-exercises", views.ContinuityExerciseViewSet)
router.register("incidents", views.IncidentViewSet, basename="incident")

urlpatterns = [
    *router.urls,
    path("continuity-gaps/", views.ContinuityGapView.as_view(), name="continuity-gaps"),
    path("regions/", views.RegionalView.as_view(), name="regions"),
]
