from django.contrib import admin
from django.contrib.auth import views as django_auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from srm.accounts import auth_views
from srm.core import home
from srm.core.api.search import SearchAPIView
from srm.core.api.work import MyWorkView

api_patterns = [
    path("", RedirectView.as_view(pattern_name="api:docs", permanent=False), name="root"),
    path("", include("suppliers.api.urls")),
    path("", include("scorecards.api.urls")),
    path("", include("governance.api.urls")),
    path("", include("risk.api.urls")),
    path("", include("collaboration.api.urls")),
    path("me/work/", MyWorkView.as_view(), name="me-work"),
    path("search/", SearchAPIView.as_view(), name="search"),
    path("", include("srm.accounts.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view loads its start-up script from a URL: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("dashboard/", home.DashboardView.as_view(), name="dashboard"),
    path("me/work/count/", home.work_count_badge, name="work_count"),
    path("healthz/", home.healthz, name="healthz"),
    path("search/", home.SearchView.as_view(), name="search"),
    path("login/", auth_views.login, name="login"),
    path("logout/", django_auth_views.LogoutView.as_view(), name="logout"),
    path("", include("suppliers.urls")),
    path("", include("scorecards.urls")),
    path("", include("governance.urls")),
    path("", include("risk.urls")),
    path("", include("collaboration.urls")),
    path("", include("srm.audit.urls")),
    path("", include("srm.accounts.urls")),
    path("api/", include((api_patterns, "api"))),
    path("accounts/", include("allauth.account.urls")),
    path("accounts/2fa/", include("allauth.mfa.urls")),
    path("accounts/sso/", include("allauth.socialaccount.urls")),
    path("accounts/", include("allauth.socialaccount.providers.openid_connect.urls")),
    path("accounts/", include("allauth.socialaccount.providers.saml.urls")),
    path("admin/", admin.site.urls),
]
