from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from .. import selectors, services
from ..models import ApiToken, User
from .serializers import (
    ApiTokenSerializer,
    IssuedApiTokenSerializer,
    UserInviteSerializer,
    UserSerializer,
)


class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your API tokens (administrators: everyone's). Create one to get its key once;
    delete one to revoke it."""

    serializer_class = ApiTokenSerializer
    # Tokens are the user's own, not supplier data: any signed-in user manages theirs,
    # and the queryset limits everyone else to their own rows (others' answer 404).
    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return ApiToken.objects.none()
        return selectors.api_tokens_visible_to(self.request.user)

    @extend_schema(request=ApiTokenSerializer, responses={201: IssuedApiTokenSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ApiTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            issued = services.api_token_create(
                actor=request.user,
                user=request.user,
                name=data["name"],
                expires_at=data.get("expires_at"),
                scope=data["scope"],
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        body = IssuedApiTokenSerializer(issued.token).data
        body["key"] = issued.key
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.api_token_revoke(actor=self.request.user, token=instance)


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """People (administrators). Create one to invite them by e-mail with a one-time link;
    deactivate one to end their sessions and revoke their tokens."""

    serializer_class = UserSerializer
    action_permissions = {"deactivate": "change"}
    search_fields = ["username", "email", "first_name", "last_name"]
    filterset_fields = ["is_active"]

    def get_queryset(self):
        return User.objects.select_related("supplier").prefetch_related("groups__role")

    @extend_schema(request=UserInviteSerializer, responses={201: UserSerializer})
    def create(self, request, *args, **kwargs):
        body = UserInviteSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            issued = services.user_invite(
                actor=request.user,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                roles=data["roles"],
                categories=data["categories"],
                supplier=data["supplier"],
                link_for=lambda key: request.build_absolute_uri(
                    reverse("accounts:invitation_accept", args=[key])
                ),
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        user = self.get_queryset().get(pk=issued.invitation.user_id)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: UserSerializer})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        user = self.get_object()
        services.user_deactivate(actor=request.user, user=user)
        return Response(UserSerializer(self.get_queryset().get(pk=user.pk)).data)
