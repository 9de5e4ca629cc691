from django.urls import path, re_path

from . import views

app_name = "governance"

urlpatterns = [
    path("decision-rights/", views.DecisionRightsMapView.as_view(), name="decision_rights"),
    path("decisions/", views.DecisionListView.as_view(), name="decision_list"),
    path("decisions/new/", views.DecisionCreateView.as_view(), name="decision_create"),
    path("decisions/<int:pk>/", views.DecisionDetailView.as_view(), name="decision_detail"),
    path("decisions/<int:pk>/edit/", views.DecisionUpdateView.as_view(), name="decision_update"),
    path("decisions/<int:pk>/submit/", views.DecisionSubmitView.as_view(), name="decision_submit"),
    path(
        "decisions/<int:pk>/sign-off/",
        views.DecisionSignOffView.as_view(),
        name="decision_sign_off",
    ),
    path("decisions/<int:pk>/apply/", views.DecisionApplyView.as_view(), name="decision_apply"),
    path("disputes/", views.DisputeListView.as_view(), name="dispute_list"),
    path("disputes/new/", views.DisputeCreateView.as_view(), name="dispute_create"),
    path("disputes/<int:pk>/", views.DisputeDetailView.as_view(), name="dispute_detail"),
    path("disputes/<int:pk>/resolve/", views.DisputeResolveView.as_view(), name="dispute_resolve"),
    path("supplier-requests/", views.SupplierRequestListView.as_view(), name="request_list"),
    path(
        "supplier-requests/new/", views.SupplierRequestCreateView.as_view(), name="request_create"
    ),
    path(
        "supplier-requests/<int:pk>/",
        views.SupplierRequestDetailView.as_view(),
        name="request_detail",
    ),
    path(
        "supplier-requests/<int:pk>/answer/",
        views.SupplierRequestAnswerView.as_view(),
        name="request_answer",
    ),
    path("steering-groups/", views.SteeringGroupListView.as_view(), name="steering_groups"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/hold/", views.MeetingHoldView.as_view(), name="meeting_hold"),
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
    path("actions/", views.ActionListView.as_view(), name="action_list"),
    path("actions/mine/", views.MyActionListView.as_view(), name="my_actions"),
    path("actions/<int:pk>/", views.ActionDetailView.as_view(), name="action_detail"),
    path("actions/<int:pk>/status/", views.ActionStatusView.as_view(), name="action_status"),
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
