"""REST endpoints of the scorecards: the stored numbers, their explanation, KPI
definitions, recompute runs and corrective actions."""

from datetime import date

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from srm.core.api.renderers import CSVTableRenderer, XLSXTableRenderer

from .. import services
from ..explain import scorecard_explain
from ..exports import scorecard_table
from ..filtersets import CorrectiveActionFilterSet, ScorecardFilterSet
from ..models import CorrectiveAction, KpiDefinition, RecomputeRun, Scorecard
from . import serializers as s

EXPORT_FORMATS = ("csv", "xlsx")


@extend_schema_view(
    list=extend_schema(
        summary="Monthly scorecards",
        description=(
            "Stored monthly scorecards, computed once by the nightly run: the same numbers the "
            "pages, exports and the review PDF show. `?format=csv` or `?format=xlsx` exports all "
            "matching rows (no paging)."
        ),
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "csv", "xlsx"],
                description="json (default), csv or xlsx",
            )
        ],
    ),
)
class ScorecardViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Scorecard.objects.select_related("supplier")
    serializer_class = s.ScorecardSerializer
    filterset_class = ScorecardFilterSet
    ordering_fields = ["period", "score", "trend_score", "supplier__code"]
    ordering = ["-period", "supplier__code"]

    def get_renderers(self):
        if self.action == "list":
            return [JSONRenderer(), BrowsableAPIRenderer(), CSVTableRenderer(), XLSXTableRenderer()]
        return super().get_renderers()

    def list(self, request, *args, **kwargs):
        fmt = request.accepted_renderer.format
        if fmt in EXPORT_FORMATS:
            rows = self.filter_queryset(self.get_queryset())
            response = Response(scorecard_table(rows, user=request.user))
            response["Content-Disposition"] = f'attachment; filename="scorecards.{fmt}"'
            return response
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="The records behind each KPI value", responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def explain(self, request, pk=None):
        return Response(scorecard_explain(user=request.user, scorecard=self.get_object()))


class KpiDefinitionViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = KpiDefinition.objects.all()
    serializer_class = s.KpiDefinitionSerializer
    lookup_field = "code"
    ordering = ["order", "code"]

    def perform_update(self, serializer):
        from srm.core.services import model_update

        model_update(
            actor=self.request.user,
            instance=serializer.instance,
            data=dict(serializer.validated_data),
        )


class RecomputeRunViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = RecomputeRun.objects.all()
    serializer_class = s.RecomputeRunSerializer
    ordering = ["-started_at"]

    @extend_schema(
        summary="Start a recompute run",
        request=s.RecomputeRequestSerializer,
        responses={202: OpenApiResponse(OpenApiTypes.OBJECT, description="Queued")},
    )
    def create(self, request, *args, **kwargs):
        body = s.RecomputeRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        scope, since = body.validated_data["scope"], body.validated_data.get("since")
        task_id = services.recompute_request(
            actor=request.user,
            full=scope == "full",
            since=date.fromisoformat(f"{since}-01") if scope == "since" else None,
        )
        return Response({"task": task_id, "scope": scope}, status=status.HTTP_202_ACCEPTED)


class CorrectiveActionViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = CorrectiveAction.objects.select_related("supplier", "owner")
    serializer_class = s.CorrectiveActionSerializer
    filterset_class = CorrectiveActionFilterSet
    ordering_fields = ["due_date", "status", "created_at"]
    ordering = ["status", "due_date"]

    def perform_update(self, serializer):
        serializer.instance = services.corrective_action_update(
            actor=self.request.user,
            action=serializer.instance,
            data=dict(serializer.validated_data),
        )
