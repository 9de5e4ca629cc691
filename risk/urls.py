from django.urls import path

from srm.core.views import model_urls

from . import views

app_name = "risk"

urlpatterns = [
    path("risk/", views.RiskRegisterView.as_view(), name="register"),
    path("risk/reviews/", views.OverdueReviewListView.as_view(), name="reviews"),
    path("risk/matrix/", views.KraljicMatrixView.as_view(), name="matrix"),
    path("risk/dimensions/", views.DimensionListView.as_view(), name="dimensions"),
    path("risk/continuity/", views.ContinuityView.as_view(), name="continuity"),
    *model_urls(
        "plan",
        plural="risk/continuity",
        create=views.PlanCreateView,
        detail=views.PlanDetailView,
        edit=views.PlanUpdateView,
    ),
    path(
        "risk/continuity/<int:pk>/exercises/",
        views.ExerciseCreateView.as_view(),
        name="exercise_create",
    ),
    path("risk/regions/", views.RegionalView.as_view(), name="regions"),
    *model_urls(
        "incident",
        plural="risk/incidents",
        list=views.IncidentListView,
        create=views.IncidentCreateView,
        detail=views.IncidentDetailView,
        edit=views.IncidentUpdateView,
    ),
    path("suppliers/<str:code>/risk/", views.SupplierRiskView.as_view(), name="supplier_risk"),
    path(
        "suppliers/<str:code>/risk/assess/",
        views.RiskAssessmentCreateView.as_view(),
        name="assess",
    ),
]
