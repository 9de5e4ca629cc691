from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("collaboration/pilots", views.PilotViewSet, basename="pilot")
router.register("collaboration/pilot-tasks", views.PilotTaskViewSet, basename="pilottask")
router.register("collaboration/ideas", views.IdeaViewSet, basename="idea")
router.register("collaboration/roadmap-items", views.RoadmapItemViewSet, basename="roadmapitem")
router.register("collaboration/forecasts", views.ForecastViewSet, basename="forecast")
router.register(
    "collaboration/sharing-policies", views.SharingPolicyViewSet, basename="sharingpolicy"
)

urlpatterns = router.urls
