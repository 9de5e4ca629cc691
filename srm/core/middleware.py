"""Request guards that apply before any view runs."""

from django.core.exceptions import BadRequest
from django.http import Http404, JsonResponse


class RejectNulMiddleware:
    """A NUL character in the address names nothing: PostgreSQL cannot hold NUL in
    text, so a lookup or filter carrying one would fail in the database. In the path
    it answers 404 (no such object); in the query string 400 (a bad filter). API
    paths get the API's JSON error shape, pages the site's error pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return self._refuse(request, 404, "Not found.")
        if any("\x00" in key or "\x00" in value for key, value in _pairs(request.GET)):
            return self._refuse(
                request, 400, "Null characters are not allowed in the query string."
            )
        return self.get_response(request)

    @staticmethod
    def _refuse(request, status, detail):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": detail}, status=status)
        raise Http404(detail) if status == 404 else BadRequest(detail)


def _pairs(querydict):
    for key, values in querydict.lists():
        for value in values:
            yield key, value


class PermissionsPolicyMiddleware:
    """The ``Permissions-Policy`` header: the browser features no page of this app uses
    are switched off, so an injected script or frame cannot reach them either."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
