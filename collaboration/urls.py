from django.urls import path

from .views import forecasts, ideas, pilots, portal, roadmap, sharing

app_name = "collaboration"

urlpatterns = [
    path("collaboration/pilots/", pilots.PilotListView.as_view(), name="pilot_list"),
    path("collaboration/pilots/new/", pilots.PilotCreateView.as_view(), name="pilot_create"),
    path("collaboration/pilots/<int:pk>/", pilots.PilotDetailView.as_view(), name="pilot_detail"),
    path(
        "collaboration/pilots/<int:pk>/edit/", pilots.PilotUpdateView.as_view(), name="pilot_update"
    ),
    path(
        "collaboration/pilots/<int:pk>/status/",
        pilots.PilotTransitionView.as_view(),
        name="pilot_transition",
    ),
    path(
        "collaboration/pilots/<int:pk>/tasks/",
        pilots.PilotTaskCreateView.as_view(),
        name="pilot_task_create",
    ),
    path(
        "collaboration/tasks/<int:pk>/move/",
        pilots.PilotTaskMoveView.as_view(),
        name="task_move",
    ),
    path("collaboration/ideas/", ideas.IdeaListView.as_view(), name="idea_list"),
    path("collaboration/ideas/new/", ideas.IdeaCreateView.as_view(), name="idea_create"),
    path("collaboration/ideas/<int:pk>/", ideas.IdeaDetailView.as_view(), name="idea_detail"),
    path(
        "collaboration/ideas/<int:pk>/status/",
        ideas.IdeaTransitionView.as_view(),
        name="idea_transition",
    ),
    path("collaboration/roadmap/", roadmap.RoadmapListView.as_view(), name="roadmap_list"),
    path("collaboration/roadmap/new/", roadmap.RoadmapCreateView.as_view(), name="roadmap_create"),
    path(
        "collaboration/roadmap/<int:pk>/edit/",
        roadmap.RoadmapUpdateView.as_view(),
        name="roadmap_update",
    ),
    path("collaboration/forecasts/", forecasts.ForecastListView.as_view(), name="forecast_list"),
    path(
        "collaboration/forecasts/new/",
        forecasts.ForecastCreateView.as_view(),
        name="forecast_create",
    ),
    path(
        "collaboration/forecasts/<int:pk>/",
        forecasts.ForecastDetailView.as_view(),
        name="forecast_detail",
    ),
    path(
        "collaboration/forecasts/<int:pk>/share/",
        forecasts.ForecastShareView.as_view(),
        name="forecast_share",
    ),
    path(
        "collaboration/forecasts/<int:pk>/acknowledge/",
        forecasts.ForecastAcknowledgeView.as_view(),
        name="forecast_acknowledge",
    ),
    path("collaboration/sharing/", sharing.SharingPolicyListView.as_view(), name="policy_list"),
    path(
        "collaboration/sharing/<str:code>/",
        sharing.SharingPolicyEditView.as_view(),
        name="policy_edit",
    ),
    path(
        "suppliers/<str:code>/collaboration/",
        sharing.SupplierSpaceView.as_view(),
        name="supplier_space",
    ),
    path("portal/", portal.PortalHomeView.as_view(), name="portal"),
    path("portal/requests/<int:pk>/", portal.PortalRequestView.as_view(), name="portal_request"),
    path(
        "portal/corrective-actions/<int:pk>/",
        portal.PortalCorrectiveActionView.as_view(),
        name="portal_corrective_action",
    ),
    path(
        "portal/scorecards/<int:pk>/contest/",
        portal.PortalScoreAppealView.as_view(),
        name="portal_appeal",
    ),
]
