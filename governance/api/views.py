"""REST endpoints of the governance domain. Writes go through the services; the choke
point (``ActionPermission`` + ``RestrictedQuerysetBackend``) decides access, and each
transition endpoint maps to its permission in ``action_permissions``."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from srm.accounts.stepup import StepUpRequired, require_fresh_second_factor

from .. import rules, services
from ..filtersets import (
    ActionItemFilterSet,
    DecisionRequestFilterSet,
    DisputeFilterSet,
    MeetingFilterSet,
    SupplierRequestFilterSet,
)
from ..models import (
    ActionItem,
    DecisionRequest,
    DecisionType,
    Delegation,
    Dispute,
    Meeting,
    SteeringGroup,
    SupplierRequest,
)
from ..review import parse_period, review_build, review_data
from . import serializers as s


def _keep(instance, data: dict, *fields: str) -> None:
    """Refuse a change of fields that are fixed once the row exists; drop unchanged ones."""
    for field in fields:
        if field in data:
            if data[field] != getattr(instance, field):
                raise ValidationError({field: "This cannot be changed once created."})
            del data[field]


class DecisionTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """Decision types with their rights: who proposes, signs off (per path) and is informed."""

    queryset = DecisionType.objects.select_related("urgent_follow_up_role").prefetch_related(
        "rights__role"
    )
    serializer_class = s.DecisionTypeSerializer
    lookup_field = "code"
    ordering = ["order", "code"]
    ordering_fields = ["order", "code", "name"]


TRANSITION_RESPONSES = {
    200: s.DecisionRequestSerializer,
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="Not possible in this state"),
    403: OpenApiResponse(OpenApiTypes.OBJECT, description="Not allowed (e.g. your own request)"),
}


@extend_schema_view(
    list=extend_schema(summary="List decision requests"),
    create=extend_schema(summary="Raise a decision request (a draft)"),
)
class DecisionRequestViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = DecisionRequest.objects.select_related(
        "decision_type", "supplier", "contract", "item", "requester"
    ).prefetch_related("sign_offs__role", "sign_offs__signer")
    serializer_class = s.DecisionRequestSerializer
    filterset_class = DecisionRequestFilterSet
    ordering = ["-created_at"]
    ordering_fields = ["created_at", "submitted_at", "decided_at", "state"]
    action_permissions = {
        "submit": "change",
        "sign_off": "sign_off",
        "reject": "sign_off",
        "apply": "change",
        # Who may withdraw (the requester) or return (a signer) is the service's rule.
        "withdraw": "view",
        "return_": "view",
    }

    def perform_create(self, serializer):
        serializer.instance = services.decision_request_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        _keep(serializer.instance, data, "decision_type", "supplier")
        if "payload" in data:
            raise ValidationError(
                {"payload": _("The proposed policy is fixed once raised: raise a new request.")}
            )
        serializer.instance = services.decision_request_update(
            actor=self.request.user, request=serializer.instance, data=data
        )

    def _answer(self, request):
        request.refresh_from_db()
        return Response(
            s.DecisionRequestSerializer(request, context=self.get_serializer_context()).data
        )

    @extend_schema(
        summary="Submit a draft for sign-off", request=None, responses=TRANSITION_RESPONSES
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        decision = services.decision_request_submit(actor=request.user, request=self.get_object())
        return self._answer(decision)

    @extend_schema(
        summary="Sign off in one of the roles the request still needs",
        description="When the last sign-off is in, the request is approved and applied.",
        request=s.ApproveRequestSerializer,
        responses=TRANSITION_RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        decision = self.get_object()  # 404 outside reach comes before any validation
        body = s.ApproveRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if rules.is_high_impact(decision):
            try:
                require_fresh_second_factor(request, totp=body.validated_data.get("totp"))
            except StepUpRequired as exc:
                raise PermissionDenied(exc.args[0]) from exc
        decision = services.decision_request_sign_off(
            actor=request.user,
            request=decision,
            approve=True,
            comment=body.validated_data["comment"],
        )
        return self._answer(decision)

    @extend_schema(
        summary="Reject the request",
        request=s.RejectRequestSerializer,
        responses=TRANSITION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        decision = self.get_object()  # 404 outside reach comes before any validation
        body = s.RejectRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = services.decision_request_sign_off(
            actor=request.user,
            request=decision,
            approve=False,
            comment=body.validated_data["comment"],
        )
        return self._answer(decision)

    @extend_schema(
        summary="Withdraw a submitted request (requester only): it becomes a draft again",
        request=s.SignOffRequestSerializer,
        responses=TRANSITION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        decision = self.get_object()
        body = s.SignOffRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = services.decision_request_withdraw(
            actor=request.user, request=decision, comment=body.validated_data["comment"]
        )
        return self._answer(decision)

    @extend_schema(
        summary="Return a submitted request to its requester for changes (a signer)",
        request=s.ReturnRequestSerializer,
        responses=TRANSITION_RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        decision = self.get_object()
        body = s.ReturnRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = services.decision_request_return(
            actor=request.user, request=decision, comment=body.validated_data["comment"]
        )
        return self._answer(decision)

    @extend_schema(
        summary="Apply an approved request whose automatic apply failed (idempotent)",
        request=None,
        responses=TRANSITION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        decision = services.decision_request_apply(actor=request.user, request=self.get_object())
        return self._answer(decision)


class DisputeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Dispute.objects.select_related(
        "supplier", "step_role", "assignee", "raised_by", "resolved_by"
    ).prefetch_related("steps__role", "steps__assignee")
    serializer_class = s.DisputeSerializer
    filterset_class = DisputeFilterSet
    ordering = ["-created_at"]
    ordering_fields = ["created_at", "step_due_at", "level"]
    action_permissions = {"resolve": "resolve"}

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.dispute_open(
            actor=self.request.user,
            supplier=data["supplier"],
            subject=data["subject"],
            description=data["description"],
        )

    @extend_schema(
        summary="Record the resolution (shown on the supplier's timeline)",
        request=s.ResolveRequestSerializer,
        responses={200: s.DisputeSerializer},
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        dispute = self.get_object()  # 404 outside reach comes before any validation
        body = s.ResolveRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        dispute = services.dispute_resolve(
            actor=request.user,
            dispute=dispute,
            resolution=body.validated_data["resolution"],
        )
        dispute.refresh_from_db()
        return Response(s.DisputeSerializer(dispute, context=self.get_serializer_context()).data)


class SupplierRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = SupplierRequest.objects.select_related(
        "supplier", "owner", "sent_by"
    ).prefetch_related("answers__author")
    serializer_class = s.SupplierRequestSerializer
    filterset_class = SupplierRequestFilterSet
    ordering = ["-sent_at"]
    ordering_fields = ["sent_at", "due_at", "first_answered_at"]
    action_permissions = {"answer": "answer"}

    def perform_create(self, serializer):
        serializer.instance = services.supplier_request_send(
            actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(
        summary="Record an answer (the first one stops the response clock)",
        request=s.AnswerRequestSerializer,
        responses={200: s.SupplierRequestSerializer},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        supplier_request = self.get_object()  # 404 outside reach comes before validation
        body = s.AnswerRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.supplier_request_answer(
            actor=request.user, request=supplier_request, answer=body.validated_data["answer"]
        )
        supplier_request = self.get_queryset().get(pk=supplier_request.pk)
        return Response(
            s.SupplierRequestSerializer(
                supplier_request, context=self.get_serializer_context()
            ).data
        )


class SteeringGroupViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = SteeringGroup.objects.select_related("chair").prefetch_related("members")
    serializer_class = s.SteeringGroupSerializer
    ordering = ["name"]


class MeetingViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = Meeting.objects.select_related("group")
    serializer_class = s.MeetingSerializer
    filterset_class = MeetingFilterSet
    ordering = ["-scheduled_for"]
    ordering_fields = ["scheduled_for"]

    def perform_create(self, serializer):
        serializer.instance = services.meeting_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.meeting_update(
            actor=self.request.user,
            meeting=serializer.instance,
            data=dict(serializer.validated_data),
        )


class ActionItemViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = ActionItem.objects.select_related("owner", "supplier", "meeting")
    serializer_class = s.ActionItemSerializer
    filterset_class = ActionItemFilterSet
    ordering = ["due_date", "pk"]
    ordering_fields = ["due_date", "status", "created_at"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        if data.pop("status", ActionItem.Status.OPEN) != ActionItem.Status.OPEN:
            raise ValidationError({"status": "A new action item is open."})
        serializer.instance = services.action_item_create(actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        _keep(serializer.instance, data, "meeting")
        serializer.instance = services.action_item_update(
            actor=self.request.user, item=serializer.instance, data=data
        )


class ReviewViewSet(viewsets.ViewSet):
    """The monthly steering review as data: the same figures as the page and the PDF."""

    permission_model = Meeting
    action_permissions = {"retrieve": "review"}

    @extend_schema(
        summary="The monthly steering review",
        description=(
            "`{section key: context}` for every section of the review page "
            "(`/review/YYYY-MM/`), computed by the same call as the page and the PDF."
        ),
        parameters=[
            OpenApiParameter(
                "period", OpenApiTypes.STR, OpenApiParameter.PATH, description="YYYY-MM"
            )
        ],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="Sections by key"),
            404: OpenApiResponse(OpenApiTypes.OBJECT, description="Not a month"),
        },
    )
    def retrieve(self, request, period=None):
        month = parse_period(period)
        try:
            built = review_build(user=request.user, period=month)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(review_data(built))


@extend_schema_view(
    list=extend_schema(summary="My delegations (given and held)"),
    create=extend_schema(summary="Delegate my sign-off rights for a date range (inclusive)"),
)
class DelegationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Delegation.objects.select_related("delegator", "delegate")
    serializer_class = s.DelegationSerializer
    ordering = ["-starts"]
    action_permissions = {"end": "change"}

    def get_queryset(self):
        user = self.request.user
        return super().get_queryset().filter(Q(delegator=user) | Q(delegate=user))

    def perform_create(self, serializer):
        serializer.instance = services.delegation_create(
            actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(summary="End my delegation", request=None, responses=s.DelegationSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        delegation = self.get_object()
        if delegation.delegator_id != request.user.pk:
            raise PermissionDenied(_("Only the person who delegated may end the delegation."))
        services.delegation_end(actor=request.user, delegation=delegation)
        return Response(status=204)
