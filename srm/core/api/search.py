"""``GET /api/search/?q=``: the search box's results as a list of
``{kind, code_or_id, title, url}`` (``srm.core.search``)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ..search import search


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="supplier, contract, item, decision, idea or pilot")
    code_or_id = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="The row's page")


class SearchAPIView(APIView):
    # Every kind asks the choke point itself; the view only needs a person.
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Find suppliers, contracts, items, decisions, ideas and pilots",
        description="By code, name or title; only rows the caller may see. Fewer than two "
        "characters find nothing. At most ten rows of each kind, best first.",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="What to look for")],
        responses={200: SearchHitSerializer(many=True)},
    )
    def get(self, request):
        groups = search(request.user, request.query_params.get("q"))
        return Response([hit.as_dict() for _kind, hits in groups for hit in hits])
