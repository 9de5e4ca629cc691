from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from srm.core.api.fields import PrimaryKeyRelatedField, SlugRelatedField
from suppliers.models import Contract, Item, Supplier

from ..models import (
    ActionItem,
    DecisionRequest,
    DecisionRight,
    DecisionType,
    Delegation,
    Dispute,
    DisputeStep,
    Meeting,
    SignOff,
    SteeringGroup,
    SupplierRequest,
    SupplierRequestAnswer,
)
from ..selectors import agenda_visible_to, decision_request_impact
from ..signers import sign_off_steps

User = get_user_model()


class UsernameField(SlugRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "username")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", User.objects.filter(is_active=True))
        super().__init__(**kwargs)


class DecisionRightSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.code", read_only=True, help_text="Role code")

    class Meta:
        model = DecisionRight
        fields = ["role", "kind", "path", "step", "days"]


class DecisionTypeSerializer(serializers.ModelSerializer):
    rights = DecisionRightSerializer(many=True, read_only=True)
    urgent_follow_up_role = serializers.SerializerMethodField(help_text="Role code")
    high_impact_risk_levels = serializers.SerializerMethodField()

    class Meta:
        model = DecisionType
        fields = [
            "id",
            "code",
            "name",
            "description",
            "effect",
            "high_impact_spend",
            "high_impact_risk_levels",
            "urgent_path",
            "urgent_follow_up_role",
            "urgent_follow_up_days",
            "is_active",
            "rights",
        ]

    def get_high_impact_risk_levels(self, obj) -> list[str]:
        return sorted(obj.risk_levels)

    def get_urgent_follow_up_role(self, obj) -> str | None:
        role = obj.urgent_follow_up_role
        return role.code if role else None


class SignOffSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.code", read_only=True, help_text="Role code")
    signer = UsernameField(read_only=True)

    class Meta:
        model = SignOff
        fields = ["role", "signer", "decision", "comment", "signed_at"]


class SignOffStepSerializer(serializers.Serializer):
    """One sign-off step: its role, where it stands, who signed (and for whom) or who may."""

    role = serializers.CharField(source="role.code", help_text="Role code")
    status = serializers.ChoiceField(choices=["waiting", "signed", "rejected"])
    signed_by = serializers.CharField(source="sign_off.signer.username", default=None)
    on_behalf_of = serializers.CharField(source="sign_off.on_behalf_of.username", default=None)
    eligible_signers = serializers.ListField(
        source="eligible_usernames", child=serializers.CharField(), help_text="Never the requester"
    )
    comment = serializers.CharField(source="sign_off.comment", default="")
    signed_at = serializers.DateTimeField(source="sign_off.signed_at", default=None)
    fallback_role = serializers.CharField(source="right.fallback_role.code", default=None)
    on_fallback = serializers.BooleanField()
    overdue = serializers.BooleanField()


class DecisionRequestSerializer(serializers.ModelSerializer):
    decision_type = SlugRelatedField(
        slug_field="code", queryset=DecisionType.objects.filter(is_active=True)
    )
    supplier = SlugRelatedField(
        slug_field="code",
        queryset=Supplier.objects.all(),
        required=False,
        allow_null=True,
        help_text="The supplier's code; null for a portfolio-wide scoring policy change.",
    )
    contract = SlugRelatedField(
        slug_field="number", queryset=Contract.objects.all(), required=False, allow_null=True
    )
    item = SlugRelatedField(
        slug_field="code", queryset=Item.objects.all(), required=False, allow_null=True
    )
    requester = UsernameField(read_only=True)
    payload = serializers.JSONField(
        required=False,
        help_text="A scoring policy change: the proposed policy, "
        '{"kpis": {"otif": {"target": "96", "floor": "80", "weight": "40"}}, '
        '"thresholds": {"a_min": "85", "b_min": "70", "c_min": "50"}} (parts left out keep '
        "their value); answered with the what-if ``preview`` attached. Fixed once raised.",
    )
    sign_offs = serializers.SerializerMethodField()
    impact = serializers.SerializerMethodField()

    class Meta:
        model = DecisionRequest
        fields = [
            "id",
            "decision_type",
            "supplier",
            *DecisionRequest.EDITABLE_FIELDS,
            "payload",
            "state",
            "path",
            "requester",
            "submitted_at",
            "decided_at",
            "applied_at",
            "outcome_note",
            "apply_error",
            "applied_effect",
            "meeting",
            "sign_offs",
            "impact",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "state",
            "path",
            "submitted_at",
            "decided_at",
            "applied_at",
            "outcome_note",
            "apply_error",
            "applied_effect",
            "meeting",
            "created_at",
            "updated_at",
        ]

    def get_impact(self, obj) -> dict | None:
        # What the signers see (SPEC §3), on the detail only: a list stays one query.
        view = self.context.get("view")
        if view is not None and getattr(view, "action", None) == "list":
            return None
        return decision_request_impact(request=obj)

    @extend_schema_field(SignOffStepSerializer(many=True))
    def get_sign_offs(self, obj) -> list:
        return SignOffStepSerializer(sign_off_steps(obj), many=True).data


class SignOffRequestSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ApproveRequestSerializer(SignOffRequestSerializer):
    totp = serializers.CharField(
        required=False,
        max_length=12,
        write_only=True,
        help_text="A high-impact request needs a fresh second factor (step-up): the current "
        "code of your authenticator app, unless you confirmed a factor in the browser "
        "session in the last 15 minutes.",
    )


class RejectRequestSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=5000, help_text="Why the request is rejected.")


class DisputeStepSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.code", read_only=True, help_text="Role code")
    assignee = UsernameField(read_only=True)

    class Meta:
        model = DisputeStep
        fields = ["level", "role", "assignee", "started_at", "due_at", "ended_at", "outcome"]


class DisputeSerializer(serializers.ModelSerializer):
    supplier = SlugRelatedField(slug_field="code", queryset=Supplier.objects.all())
    step_role = serializers.SerializerMethodField(help_text="Role code of the current step")
    assignee = UsernameField(read_only=True)
    raised_by = UsernameField(read_only=True)
    resolved_by = UsernameField(read_only=True)
    steps = DisputeStepSerializer(many=True, read_only=True)

    class Meta:
        model = Dispute
        fields = [
            "id",
            "supplier",
            "subject",
            "description",
            "scorecard",
            "raised_by",
            "status",
            "level",
            "step_role",
            "step_started_at",
            "step_due_at",
            "assignee",
            "meeting",
            "resolution",
            "resolved_by",
            "resolved_at",
            "steps",
            "created_at",
        ]
        read_only_fields = [
            "scorecard",
            "status",
            "level",
            "step_started_at",
            "step_due_at",
            "meeting",
            "resolution",
            "resolved_at",
            "created_at",
        ]
        extra_kwargs = {"subject": {"max_length": 200}}

    def get_step_role(self, obj) -> str | None:
        return obj.step_role.code if obj.step_role_id else None


class ResolveRequestSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=5000)


class SupplierRequestAnswerSerializer(serializers.ModelSerializer):
    author = UsernameField(read_only=True)

    class Meta:
        model = SupplierRequestAnswer
        fields = ["id", "author", "body", "answered_at", "on_behalf_of_supplier"]


@extend_schema_serializer(component_name="RequestToSupplier")
class SupplierRequestSerializer(serializers.ModelSerializer):
    supplier = SlugRelatedField(slug_field="code", queryset=Supplier.objects.all())
    owner = UsernameField(queryset=User.objects.filter(is_active=True, supplier__isnull=True))
    sent_by = UsernameField(read_only=True)
    overdue = serializers.SerializerMethodField()
    response_hours = serializers.SerializerMethodField()
    answers = SupplierRequestAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = SupplierRequest
        fields = [
            "id",
            "supplier",
            "subject",
            "body",
            "owner",
            "sent_by",
            "sent_at",
            "due_at",
            "status",
            "first_answered_at",
            "overdue",
            "response_hours",
            "answers",
        ]
        read_only_fields = ["sent_at", "status", "first_answered_at"]

    def get_overdue(self, obj) -> bool:
        from django.utils import timezone

        return obj.is_overdue(timezone.now())

    def get_response_hours(self, obj) -> str | None:
        from ..kpi import hours_between

        if obj.first_answered_at is None:
            return None
        return str(hours_between(obj.sent_at, obj.first_answered_at))


class AnswerRequestSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=20000)


class SteeringGroupSerializer(serializers.ModelSerializer):
    chair = UsernameField(read_only=True)
    members = UsernameField(many=True, read_only=True)

    class Meta:
        model = SteeringGroup
        fields = ["id", "name", "description", "chair", "members", "is_active"]


class MeetingSerializer(serializers.ModelSerializer):
    group = PrimaryKeyRelatedField(queryset=SteeringGroup.objects.filter(is_active=True))
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    # The model's default: without it a body that leaves out the kind reached the service
    # without one and answered 500 (schemathesis, issue 12).
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices, default=Meeting.Kind.MONTHLY)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "group",
            *Meeting.EDITABLE_FIELDS,
            "status",
            "agenda",
            "held_at",
            "created_at",
        ]
        read_only_fields = ["status", "agenda", "held_at", "created_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        # The frozen agenda holds what the meeting's holder could see; each reader
        # gets only the items within their own reach.
        if request is not None and data.get("agenda"):
            data["agenda"] = agenda_visible_to(data["agenda"], user=request.user)
        return data


class ActionItemSerializer(serializers.ModelSerializer):
    owner = UsernameField(
        queryset=User.objects.filter(is_active=True, supplier__isnull=True),
        required=False,
        allow_null=True,
    )
    supplier = SlugRelatedField(
        slug_field="code", queryset=Supplier.objects.all(), required=False, allow_null=True
    )
    meeting = PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(), required=False, allow_null=True
    )
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = [
            "id",
            *ActionItem.EDITABLE_FIELDS,
            "meeting",
            "decision_request",
            "dispute",
            "completed_at",
            "overdue",
            "created_at",
        ]
        read_only_fields = ["decision_request", "dispute", "completed_at", "created_at"]

    def get_overdue(self, obj) -> bool:
        from django.utils import timezone

        return obj.is_overdue(timezone.localdate())


class DelegationSerializer(serializers.ModelSerializer):
    delegator = UsernameField(read_only=True)
    delegate = UsernameField(help_text="Username of the colleague who signs on your behalf")

    class Meta:
        model = Delegation
        fields = ["id", "delegator", "delegate", "starts", "ends", "created_at"]
        read_only_fields = ["created_at"]


class ReturnRequestSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=5000, help_text="What the requester should change.")
