from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("account/tokens/", views.ApiTokenListView.as_view(), name="token_list"),
    path(
        "account/tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="token_revoke"
    ),
]
