from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from srm.core import home
from srm.core.api.work import MyWorkView

api_patterns = [
    path("", RedirectView.as_view(pattern_name="api:docs", permanent=False), name="root"),
    path("", include("suppliers.api.urls")),
    path("", include("scorecards.api.urls")),
    path("", include("governance.api.urls")),
    path("", include("risk.api.urls")),
    path("", include("collaboration.api.urls")),
    path("me/work/", MyWorkView.as_view(), name="me-work"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("dashboard/", home.DashboardView.as_view(), name="dashboard"),
    path("me/work/count/", home.work_count_badge, name="work_count"),
    path("healthz/", home.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("suppliers.urls")),
    path("", include("scorecards.urls")),
    path("", include("governance.urls")),
    path("", include("risk.urls")),
    path("", include("collaboration.urls")),
    path("", include("srm.audit.urls")),
    path("api/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
]
