from django.urls import path

from . import views

app_name = "scorecards"

urlpatterns = [
    path(
        "suppliers/<str:code>/scorecard/",
        views.SupplierScorecardView.as_view(),
        name="supplier_scorecard",
    ),
    path("scorecards/", views.PortfolioView.as_view(), name="portfolio"),
    path("scorecards/<int:pk>/explain/", views.ExplainView.as_view(), name="explain"),
    path("scorecards/what-if/", views.WhatIfView.as_view(), name="what_if"),
    path("scorecards/kpis/", views.KpiListView.as_view(), name="kpi_list"),
    path("scorecards/runs/", views.RunListView.as_view(), name="run_list"),
    path("scorecards/runs/start/", views.RunStartView.as_view(), name="run_start"),
    path(
        "scorecards/corrective-actions/",
        views.CorrectiveActionListView.as_view(),
        name="corrective_action_list",
    ),
    path(
        "scorecards/corrective-actions/<int:pk>/",
        views.CorrectiveActionDetailView.as_view(),
        name="corrective_action_detail",
    ),
]
