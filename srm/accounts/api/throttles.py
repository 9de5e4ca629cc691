"""Throttling keyed by API token, so two integrations of one user have separate budgets."""

from rest_framework.throttling import UserRateThrottle

from ..models import ApiToken


class ApiTokenRateThrottle(UserRateThrottle):
    """``DEFAULT_THROTTLE_RATES["token"]`` per API token; a session request falls back to
    the user (and an anonymous one to the address), as ``UserRateThrottle`` does."""

    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return self.cache_format % {"scope": self.scope, "ident": f"t{request.auth.pk}"}
        return super().get_cache_key(request, view)
