"""REST endpoints of the risk domain. Writes go through the services; the choke point
(``ActionPermission`` + ``RestrictedQuerysetBackend``) decides access."""

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import engine, selectors, services
from ..filtersets import IncidentFilterSet, RiskScoreAPIFilterSet
from ..models import (
    ContinuityExercise,
    ContinuityPlan,
    Incident,
    RiskAssessment,
    RiskDimension,
    RiskDimensionValue,
    RiskScore,
    TrainingRecord,
)
from . import serializers as s


class RiskDimensionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = RiskDimension.objects.all()
    serializer_class = s.RiskDimensionSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    ordering = ["order", "code"]
    ordering_fields = ["order", "code", "weight"]


@extend_schema_view(
    list=extend_schema(
        summary="Risk scores",
        description=(
            "Each supplier's stored risk: composite 0-100 (weighted mean of the dimensions "
            "with a value, mapped (mean − 1) / 4 × 100), level (low < 25 ≤ medium < 50 ≤ high "
            "< 75 ≤ critical), the dimension values 1-5 and the Kraljic segment "
            "(strategic, leverage, bottleneck, non_critical; null without a composite). "
            "Filter with `supplier=CODE`, `level=`, `segment=`, `region=`."
        ),
    ),
    retrieve=extend_schema(summary="One supplier's risk score"),
)
class RiskScoreViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = RiskScore.objects.select_related("supplier")
    serializer_class = s.RiskScoreSerializer
    filterset_class = RiskScoreAPIFilterSet
    ordering_fields = ["composite", "as_of", "spend_share", "review_due_on"]
    ordering = ["-composite", "supplier__code"]


@extend_schema_view(
    create=extend_schema(
        summary="Record a manual risk assessment",
        description="A value 1-5 with evidence per rated dimension; the supplier's risk score "
        "is recomputed at once.",
    )
)
class RiskAssessmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = RiskAssessment.objects.select_related("supplier", "assessed_by").prefetch_related(
        Prefetch("values", queryset=RiskDimensionValue.objects.select_related("dimension"))
    )
    serializer_class = s.RiskAssessmentSerializer
    ordering = ["-assessed_on", "-id"]
    ordering_fields = ["assessed_on"]
    filterset_fields = {"supplier__code": ["exact"], "assessed_on": ["gte", "lte"]}

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.risk_assessment_create(
            actor=self.request.user,
            supplier=data["supplier"],
            assessed_on=data["assessed_on"],
            summary=data.get("summary", ""),
            ratings=[
                services.DimensionInput(r["dimension"], r["value"], r["evidence"])
                for r in data["ratings"]
            ],
        )


class PlanGapsMixin:
    """Lists and shows plans with their gap flags, computed for the page in a fixed
    number of queries."""

    def _context_with_gaps(self, plans):
        today = timezone.localdate()
        facts = selectors.plan_facts(plans, today)
        return {
            **self.get_serializer_context(),
            "gaps": {pk: engine.plan_gaps(f, today) for pk, f in facts.items()},
        }

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        plans = list(page if page is not None else queryset)
        data = self.get_serializer_class()(
            plans, many=True, context=self._context_with_gaps(plans)
        ).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        plan = self.get_object()
        return Response(
            self.get_serializer_class()(plan, context=self._context_with_gaps([plan])).data
        )


class ContinuityPlanViewSet(
    PlanGapsMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    serializer_class = s.ContinuityPlanSerializer
    ordering = ["item__code", "supplier__code"]
    ordering_fields = ["rto_hours", "item__code"]
    filterset_fields = {"supplier__code": ["exact"], "item__code": ["exact"]}

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return s.ContinuityPlanUpdateSerializer
        return super().get_serializer_class()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        alternates = data.pop("alternate_sources", [])
        serializer.instance = services.continuity_plan_create(
            actor=self.request.user, alternate_sources=alternates, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        alternates = data.pop("alternate_sources", None)
        data.pop("item", None)
        data.pop("supplier", None)
        serializer.instance = services.continuity_plan_update(
            actor=self.request.user,
            plan=serializer.instance,
            data=data,
            alternate_sources=alternates,
        )

    def _fresh(self, pk: int, status: int = 200) -> Response:
        plan = selectors.plan_get(user=self.request.user, pk=pk)
        data = s.ContinuityPlanSerializer(plan, context=self._context_with_gaps([plan])).data
        return Response(data, status=status)

    def update(self, request, *args, **kwargs):
        serializer = self.get_serializer(
            self.get_object(), data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return self._fresh(serializer.instance.pk)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return self._fresh(serializer.instance.pk, status=201)


class ContinuityExerciseViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = ContinuityExercise.objects.select_related("plan")
    serializer_class = s.ContinuityExerciseSerializer
    ordering = ["-held_on", "-id"]
    filterset_fields = {"plan": ["exact"], "held_on": ["gte", "lte"]}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.continuity_exercise_record(
            actor=self.request.user, plan=data.pop("plan"), **data
        )


class ContinuityGapView(APIView):
    """Every continuity gap within reach (SPEC §6)."""

    permission_model = ContinuityPlan

    @extend_schema(
        summary="Continuity gaps",
        description="Critical items without a plan, single-source items without an alternate, "
        "plans not exercised in the last 90 days, and recovery time objectives beyond the "
        "contract's SLA.",
        responses=s.ContinuityGapRowSerializer(many=True),
    )
    def get(self, request):
        rows = selectors.continuity_gaps(user=request.user, today=timezone.localdate())
        data = [
            {
                "item": r.item.code,
                "item_name": r.item.name,
                "supplier": r.supplier.code if r.supplier else None,
                "plan": r.plan.pk if r.plan else None,
                "gap": r.gap.code,
                "label": r.gap.label,
                "detail": r.gap.detail,
            }
            for r in rows
        ]
        return Response(s.ContinuityGapRowSerializer(data, many=True).data)


class RegionalView(APIView):
    """SPEC §8: per region over whole quarters."""

    permission_model = TrainingRecord

    @extend_schema(
        summary="Regional view",
        description=(
            "Per region (Americas, EMEA, APAC) over the quarters `from`..`to` (inclusive; "
            "default: the four whole quarters before the current one): training hours per "
            "quarter (Σ hours / quarters), forecast accuracy (1 − Σ|forecast − actual| / "
            "Σ actual, %, null without actuals), disruption incidents per quarter, and "
            "regulatory alignment (checks passed / checks, %, null without checks)."
        ),
        parameters=[
            OpenApiParameter("from", OpenApiTypes.STR, description="first quarter, e.g. 2025Q1"),
            OpenApiParameter("to", OpenApiTypes.STR, description="last quarter, e.g. 2025Q4"),
        ],
        responses={200: s.RegionalViewSerializer, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        default = engine.QuarterSpan.default(timezone.localdate())
        errors = {}
        quarters = {}
        for name, fallback in (("from", default.first), ("to", default.last)):
            raw = request.query_params.get(name)
            try:
                quarters[name] = engine.Quarter.parse(raw) if raw else fallback
            except ValueError as exc:
                errors[name] = [str(exc)]
        if not errors:
            try:
                span = engine.QuarterSpan(quarters["from"], quarters["to"])
            except ValueError as exc:
                errors["to"] = [str(exc)]
        if errors:
            raise serializers.ValidationError(errors)
        figures = selectors.region_figures(user=request.user, span=span)
        data = {
            "from_quarter": str(span.first),
            "to_quarter": str(span.last),
            "quarters": span.quarters,
            "regions": [
                {"region": region, **figures[region].__dict__}
                for region in ("Americas", "EMEA", "APAC")
            ],
        }
        return Response(s.RegionalViewSerializer(data).data)


@extend_schema_view(
    list=extend_schema(
        summary="List incidents",
        description="Filter by supplier, kind, severity (repeatable), item, date range and "
        "`corrective_action=true|false`.",
    ),
    create=extend_schema(
        summary="Log an incident",
        description="A quality incident of high or critical severity opens a corrective "
        "action (its id comes back in `corrective_action`). Linked receipts must be the "
        "supplier's own.",
    ),
)
class IncidentViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    serializer_class = s.IncidentSerializer
    filterset_class = IncidentFilterSet
    ordering = ["-occurred_on", "-id"]
    ordering_fields = ["occurred_on", "severity", "kind", "supplier__code"]
    search_fields = ["description", "impact"]

    def get_queryset(self):
        return selectors.incident_list(user=self.request.user).prefetch_related("receipts")

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return s.IncidentUpdateSerializer
        return super().get_serializer_class()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        receipts = data.pop("receipts", [])
        serializer.instance = services.incident_create(
            actor=self.request.user, receipts=receipts, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        receipts = data.pop("receipts", None)
        data = {k: v for k, v in data.items() if k in Incident.EDITABLE_FIELDS}
        serializer.instance = services.incident_update(
            actor=self.request.user, incident=serializer.instance, data=data, receipts=receipts
        )
