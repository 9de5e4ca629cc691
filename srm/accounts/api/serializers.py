from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from srm.core.api.fields import SlugRelatedField

from ..models import ApiToken, ApiTokenScope, DirectoryGroupRule, Role, User


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


class UserSerializer(serializers.ModelSerializer):
    """A person, as administrators see them."""

    roles = serializers.SerializerMethodField()
    supplier = serializers.CharField(source="supplier.code", read_only=True, default=None)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "is_active",
            "roles",
            "supplier",
            "last_login",
        ]
        read_only_fields = fields

    def get_roles(self, obj) -> list[str]:
        return sorted(g.role.code for g in obj.groups.all() if hasattr(g, "role"))


class UserInviteSerializer(serializers.Serializer):
    """An invitation: the person's e-mail, and the roles, grants and supplier they get."""

    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=150, required=False, default="")
    last_name = serializers.CharField(max_length=150, required=False, default="")
    roles = SlugRelatedField(
        slug_field="code", queryset=Role.objects.all(), many=True, required=False, default=list
    )
    categories = SlugRelatedField(
        slug_field="code",
        queryset=DirectoryGroupRule._meta.get_field("categories").related_model.objects.all(),
        many=True,
        required=False,
        default=list,
    )
    supplier = SlugRelatedField(
        slug_field="code",
        queryset=User._meta.get_field("supplier").related_model.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Only for a supplier collaborator: the supplier's code."),
    )
