from django.urls import path, re_path

from srm.core.views import model_urls

from . import views

app_name = "governance"

urlpatterns = [
    path("decision-rights/", views.DecisionRightsMapView.as_view(), name="decision_rights"),
    *model_urls(
        "decision",
        list=views.DecisionListView,
        create=views.DecisionCreateView,
        detail=views.DecisionDetailView,
        edit=views.DecisionUpdateView,
        actions={
            "submit": views.DecisionSubmitView,
            "sign-off": views.DecisionSignOffView,
            "apply": views.DecisionApplyView,
            "withdraw": views.DecisionWithdrawView,
            "return": views.DecisionReturnView,
        },
    ),
    path("delegations/", views.DelegationListView.as_view(), name="delegation_list"),
    path("delegations/new/", views.DelegationCreateView.as_view(), name="delegation_create"),
    path("delegations/<int:pk>/end/", views.DelegationEndView.as_view(), name="delegation_end"),
    *model_urls(
        "dispute",
        list=views.DisputeListView,
        create=views.DisputeCreateView,
        detail=views.DisputeDetailView,
        actions={"resolve": views.DisputeResolveView},
    ),
    *model_urls(
        "request",
        plural="supplier-requests",
        list=views.SupplierRequestListView,
        create=views.SupplierRequestCreateView,
        detail=views.SupplierRequestDetailView,
        actions={"answer": views.SupplierRequestAnswerView},
    ),
    path("steering-groups/", views.SteeringGroupListView.as_view(), name="steering_groups"),
    *model_urls(
        "meeting",
        list=views.MeetingListView,
        create=views.MeetingCreateView,
        detail=views.MeetingDetailView,
        actions={"hold": views.MeetingHoldView},
    ),
    path(
        "meetings/<int:pk>/actions/",
        views.MeetingActionCreateView.as_view(),
        name="meeting_action_create",
    ),
    path(
        "meetings/<int:pk>/decisions/",
        views.MeetingLinkDecisionView.as_view(),
        name="meeting_link_decision",
    ),
    path("actions/mine/", views.MyActionListView.as_view(), name="my_actions"),
    *model_urls(
        "action",
        list=views.ActionListView,
        detail=views.ActionDetailView,
        actions={"status": views.ActionStatusView},
    ),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path("notifications/read/", views.NotificationReadView.as_view(), name="notifications_read"),
    path(
        "notifications/<int:pk>/read/",
        views.NotificationReadView.as_view(),
        name="notification_read",
    ),
    path("review/", views.ReviewLatestView.as_view(), name="review_latest"),
    re_path(r"^review/(?P<period>\d{4}-\d{2})/$", views.ReviewView.as_view(), name="review"),
    re_path(
        r"^review/(?P<period>\d{4}-\d{2})/pdf/$", views.ReviewPdfView.as_view(), name="review_pdf"
    ),
    path(
        "suppliers/<str:code>/governance/",
        views.SupplierGovernanceView.as_view(),
        name="supplier_governance",
    ),
]
