"""REST endpoints of the collaboration track. Lists come from the same selectors as the
pages; writes go through the services; the choke point (``ActionPermission`` +
``RestrictedQuerysetBackend``) decides access."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from srm.core import permissions

from .. import selectors, services
from ..filtersets import ForecastFilterSet, IdeaFilterSet, PilotFilterSet, RoadmapItemFilterSet
from ..models import PilotTask, SharingDataset, SharingPolicy
from . import serializers as s


class WriteViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """List, retrieve, create and update (no delete: the collaboration record is kept)."""


@extend_schema_view(
    list=extend_schema(summary="List innovation pilots (4-week sprints)"),
    create=extend_schema(summary="Plan a pilot"),
)
class PilotViewSet(WriteViewSet):
    serializer_class = s.PilotSerializer
    filterset_class = PilotFilterSet
    ordering_fields = ["start_date", "title", "status"]
    ordering = ["-start_date", "title"]
    action_permissions = {"transition": "change"}

    def get_queryset(self):
        return selectors.pilot_list(user=self.request.user).prefetch_related("members")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.pilot_create(
            actor=self.request.user,
            supplier=data.pop("supplier"),
            members=data.pop("members", []),
            **{k: v for k, v in data.items() if k != "outcome"},
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("supplier", None)
        members = data.pop("members", None)
        serializer.instance = services.pilot_update(
            actor=self.request.user, pilot=serializer.instance, data=data, members=members
        )

    @extend_schema(
        summary="Start, complete or cancel a pilot",
        request=s.PilotTransitionSerializer,
        responses={200: s.PilotSerializer},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        pilot = self.get_object()
        body = s.PilotTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pilot = services.pilot_transition(actor=request.user, pilot=pilot, **body.validated_data)
        return Response(s.PilotSerializer(pilot, context=self.get_serializer_context()).data)


class PilotTaskViewSet(WriteViewSet):
    serializer_class = s.PilotTaskSerializer
    ordering_fields = ["due_date", "status"]
    ordering = ["due_date", "id"]
    filterset_fields = ["pilot", "status"]

    def get_queryset(self):
        return permissions.restrict(
            PilotTask.objects.select_related("assignee", "pilot"), self.request.user
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        pilot = data.pop("pilot")
        # A pilot the user does not see is named by no body (400, not the reach's 403,
        # which would name its supplier); the page reaches it through pilot_get (404).
        if not permissions.can_object(self.request.user, "view", pilot):
            raise ValidationError({"pilot": "No such pilot."})
        serializer.instance = services.pilot_task_create(
            actor=self.request.user, pilot=pilot, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("pilot", None)
        serializer.instance = services.pilot_task_update(
            actor=self.request.user, task=serializer.instance, data=data
        )


@extend_schema_view(
    list=extend_schema(
        summary="List improvement ideas",
        description="Filter by supplier, status and accepted date (`accepted_from`, "
        "`accepted_to`): the ideas behind an `improvements` KPI value.",
    ),
    create=extend_schema(summary="Submit an improvement idea"),
)
class IdeaViewSet(WriteViewSet):
    serializer_class = s.IdeaSerializer
    filterset_class = IdeaFilterSet
    ordering_fields = ["submitted_on", "accepted_on", "estimated_value", "status"]
    ordering = ["-submitted_on", "-id"]
    action_permissions = {"transition": "review"}

    def get_queryset(self):
        return selectors.idea_list(user=self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.idea_submit(
            actor=self.request.user, supplier=data.pop("supplier", None), **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("supplier", None)
        serializer.instance = services.idea_update(
            actor=self.request.user, idea=serializer.instance, data=data
        )

    @extend_schema(
        summary="Move an idea along its workflow",
        description="submitted → under_review → accepted → implemented, or declined. "
        "Accepting records the accepted date counted by the `improvements` KPI.",
        request=s.IdeaTransitionSerializer,
        responses={200: s.IdeaSerializer},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        idea = self.get_object()
        body = s.IdeaTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        idea = services.idea_transition(actor=request.user, idea=idea, **body.validated_data)
        return Response(s.IdeaSerializer(idea, context=self.get_serializer_context()).data)


class RoadmapItemViewSet(WriteViewSet):
    serializer_class = s.RoadmapItemSerializer
    filterset_class = RoadmapItemFilterSet
    ordering_fields = ["target_quarter", "title", "status"]
    ordering = ["target_quarter", "title"]

    def get_queryset(self):
        return selectors.roadmap_list(user=self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.roadmap_item_create(
            actor=self.request.user, supplier=data.pop("supplier"), **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("supplier", None)
        serializer.instance = services.roadmap_item_update(
            actor=self.request.user, item=serializer.instance, data=data
        )


@extend_schema_view(
    list=extend_schema(summary="List joint demand forecasts"),
    create=extend_schema(summary="Draft a forecast (optionally share it at once)"),
)
class ForecastViewSet(WriteViewSet):
    serializer_class = s.ForecastSerializer
    filterset_class = ForecastFilterSet
    ordering_fields = ["created_at", "title", "status"]
    ordering = ["-created_at", "-id"]
    action_permissions = {"share": "change", "acknowledge": "acknowledge"}

    def get_queryset(self):
        return selectors.forecast_list(user=self.request.user).prefetch_related("lines__item")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.forecast_create(
            actor=self.request.user,
            supplier=data["supplier"],
            title=data["title"],
            lines=data["lines"],
            share=data.get("share", False),
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("supplier", None)
        data.pop("share", None)
        lines = data.pop("lines", None)
        serializer.instance = services.forecast_update(
            actor=self.request.user, forecast=serializer.instance, data=data, lines=lines
        )

    def _answer(self, forecast):
        forecast = self.get_queryset().get(pk=forecast.pk)
        return Response(s.ForecastSerializer(forecast, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Share a draft forecast with the supplier",
        request=None,
        responses={200: s.ForecastSerializer},
    )
    @action(detail=True, methods=["post"])
    def share(self, request, pk=None):
        forecast = services.forecast_share(actor=request.user, forecast=self.get_object())
        return self._answer(forecast)

    @extend_schema(
        summary="The supplier's answer: commit the capacity or flag a shortfall",
        request=s.ForecastAcknowledgeSerializer,
        responses={200: s.ForecastSerializer},
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        forecast = self.get_object()
        body = s.ForecastAcknowledgeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        forecast = services.forecast_acknowledge(
            actor=request.user,
            forecast=forecast,
            commit=data["response"] == "commit",
            capacities={c["line"]: c["quantity"] for c in data["capacities"]},
            note=data["note"],
        )
        return self._answer(forecast)


@extend_schema_view(
    list=extend_schema(
        summary="List data-sharing policies",
        description="Which data sets each supplier's collaborators see: "
        + ", ".join(SharingDataset.values)
        + ". A supplier without a policy shares nothing.",
    ),
)
class SharingPolicyViewSet(WriteViewSet):
    serializer_class = s.SharingPolicySerializer
    filterset_fields = {"supplier__code": ["exact"]}
    ordering = ["supplier__name"]
    ordering_fields = ["supplier__name"]

    def get_queryset(self):
        return permissions.restrict(
            SharingPolicy.objects.select_related("supplier"), self.request.user
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        supplier = data.pop("supplier")
        if SharingPolicy.objects.filter(supplier=supplier).exists():
            raise ValidationError({"supplier": "This supplier has a policy: change that one."})
        serializer.instance = self._save(supplier, data, current=None)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("supplier", None)
        serializer.instance = self._save(
            serializer.instance.supplier, data, current=serializer.instance
        )

    def _save(self, supplier, data, current):
        datasets = [d for d in SharingDataset.values if data.get(d, getattr(current, d, False))]
        note = data.get("note", getattr(current, "note", ""))
        return services.sharing_policy_set(
            actor=self.request.user, supplier=supplier, datasets=datasets, note=note
        )
