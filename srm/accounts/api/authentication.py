"""``Authorization: Token KEY`` against hashed, expiring, scoped API tokens."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import SAFE_METHODS

from ..models import ApiTokenScope
from ..services import api_token_authenticate


class ApiTokenAuthentication(TokenAuthentication):
    """DRF's header format (``Token KEY``), but the key is looked up by its digest, and an
    expired or revoked key answers 401. A read-only token is refused any unsafe method
    (403) here, before any view runs, so no endpoint can forget to check it."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        token = api_token_authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            _user, token = result
            if token.scope == ApiTokenScope.READ and request.method not in SAFE_METHODS:
                raise exceptions.PermissionDenied(_("This token is read-only."))
        return result
