"""Per-token, per-user (token or session) and per-anonymous-address API throttles.

DRF's own classes read the rates once, when they are defined; these read them
per request, so a deployment (or a test) can change ``DEFAULT_THROTTLE_RATES``
with the settings. The anonymous address is the client's as ``TRUSTED_PROXY_COUNT``
proxies see it (``NUM_PROXIES``). A throttled request answers 429 with
``Retry-After``.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from srm.core.client_ip import client_ip


class _RatesFromSettings:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip(request) or super().get_ident(request)


class AnonThrottle(_RatesFromSettings, AnonRateThrottle):
    pass


class UserThrottle(_RatesFromSettings, UserRateThrottle):
    """Keyed on the user, whichever way they authenticate (token or session)."""


class TokenThrottle(_RatesFromSettings, UserRateThrottle):
    """Keyed on the API token, so two integrations of one user have separate budgets; a
    session request falls back to the user (and an anonymous one to the address)."""

    scope = "token"

    def get_cache_key(self, request, view):
        token_id = getattr(request.auth, "pk", None)
        if token_id is not None:
            return self.cache_format % {"scope": self.scope, "ident": f"t{token_id}"}
        return super().get_cache_key(request, view)
