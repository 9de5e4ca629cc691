from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from .. import selectors, services
from ..models import ApiToken
from .serializers import ApiTokenSerializer, IssuedApiTokenSerializer


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
