"""``GET /api/me/work/``: the user's inbox (``srm.core.work``), the same sections as the
start page."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ..work import work_count, work_for_request


class MyWorkView(APIView):
    # Every section asks the choke point itself; the view only needs a person.
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="What waits for me",
        responses={200: OpenApiTypes.OBJECT},
        description="Sections (key, title, items); each item has at least id, kind, title, url.",
    )
    def get(self, request):
        if getattr(request.user, "supplier_id", None):
            raise PermissionDenied("The work inbox is for internal users.")
        sections = work_for_request(request)
        return Response(
            {
                "count": work_count(sections),
                "sections": {s["key"]: s["items"] for s in sections},
                "titles": {s["key"]: s["title"] for s in sections},
            }
        )
