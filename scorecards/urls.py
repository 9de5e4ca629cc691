from django.urls import path

from srm.core.views import model_urls

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
    *model_urls("run", plural="scorecards/runs", list=views.RunListView),
    path("scorecards/runs/start/", views.RunStartView.as_view(), name="run_start"),
    *model_urls(
        "corrective_action",
        plural="scorecards/corrective-actions",
        list=views.CorrectiveActionListView,
        detail=views.CorrectiveActionDetailView,
    ),
]
