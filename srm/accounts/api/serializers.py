from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import ApiToken, ApiTokenScope


class ApiTokenSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)
    expires = serializers.DateTimeField(
        source="expires_at",
        required=False,
        help_text=_("When the token stops working; default 90 days from now."),
    )
    scope = serializers.ChoiceField(choices=ApiTokenScope.choices, default=ApiTokenScope.WRITE)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "user", "prefix", "scope", "created_at", "expires", "last_used_at"]
        read_only_fields = ["id", "user", "prefix", "created_at", "last_used_at"]


class IssuedApiTokenSerializer(ApiTokenSerializer):
    key = serializers.CharField(
        read_only=True, help_text=_("The key, shown only in this answer: keep it now.")
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
