from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("account/tokens/", views.ApiTokenListView.as_view(), name="token_list"),
    path(
        "account/tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="token_revoke"
    ),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/invite/", views.UserInviteView.as_view(), name="user_invite"),
    path(
        "users/invite/collaborator/",
        views.CollaboratorInviteView.as_view(),
        name="collaborator_invite",
    ),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/access/", views.UserAccessView.as_view(), name="user_access"),
    path("users/<int:pk>/deactivate/", views.UserDeactivateView.as_view(), name="user_deactivate"),
    path("users/<int:pk>/unlock/", views.UserUnlockView.as_view(), name="user_unlock"),
    path(
        "users/<int:pk>/sessions/revoke/",
        views.UserSessionRevokeView.as_view(),
        name="user_session_revoke",
    ),
    path("invitations/<str:key>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
]
