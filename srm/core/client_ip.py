"""The client's address, trusting exactly ``TRUSTED_PROXY_COUNT`` proxies in front.

With no trusted proxy the address is the connection's own (``REMOTE_ADDR``) and a
forged ``X-Forwarded-For`` is ignored. Behind N proxies the client is the address
the N-th proxy from the right appended: the same rule as DRF's ``NUM_PROXIES``, so
login lockouts (django-axes) and API throttles key on the same address, and a
proxy in front does not make every user one address that is locked out at once.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR")
