from django.urls import path

from srm.core.views import model_urls

from .views import forecasts, ideas, pilots, portal, roadmap, sharing

app_name = "collaboration"

urlpatterns = [
    *model_urls(
        "pilot",
        plural="collaboration/pilots",
        list=pilots.PilotListView,
        create=pilots.PilotCreateView,
        detail=pilots.PilotDetailView,
        edit=pilots.PilotUpdateView,
        transition=pilots.PilotTransitionView,
    ),
    path(
        "collaboration/pilots/<int:pk>/tasks/",
        pilots.PilotTaskCreateView.as_view(),
        name="pilot_task_create",
    ),
    *model_urls("task", plural="collaboration/tasks", actions={"move": pilots.PilotTaskMoveView}),
    *model_urls(
        "idea",
        plural="collaboration/ideas",
        list=ideas.IdeaListView,
        create=ideas.IdeaCreateView,
        detail=ideas.IdeaDetailView,
        transition=ideas.IdeaTransitionView,
    ),
    *model_urls(
        "roadmap",
        plural="collaboration/roadmap",
        list=roadmap.RoadmapListView,
        create=roadmap.RoadmapCreateView,
        edit=roadmap.RoadmapUpdateView,
    ),
    *model_urls(
        "forecast",
        plural="collaboration/forecasts",
        list=forecasts.ForecastListView,
        create=forecasts.ForecastCreateView,
        detail=forecasts.ForecastDetailView,
        actions={
            "share": forecasts.ForecastShareView,
            "acknowledge": forecasts.ForecastAcknowledgeView,
        },
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
