from django.urls import path

from srm.core.views import model_urls

from . import views

app_name = "audit"

urlpatterns = [
    *model_urls("event", plural="audit", list=views.AuditEventListView),
    path("audit/verify/", views.AuditVerifyView.as_view(), name="verify"),
]
