from django.contrib.auth import get_user_model
from rest_framework import serializers

from srm.core.api.fields import PrimaryKeyRelatedField, SlugRelatedField
from suppliers.models import Item, Supplier

from ..models import (
    Forecast,
    ForecastLine,
    Idea,
    Pilot,
    PilotTask,
    RoadmapItem,
    SharingDataset,
    SharingPolicy,
)
from ..selectors import is_supplier_side
from ..services.pilots import NOT_AN_ASSIGNEE

User = get_user_model()


class SupplierField(SlugRelatedField):
    """The supplier by its code; set on creation, never changed afterwards."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Supplier.objects.all(), **kwargs)

    def run_validation(self, data=serializers.empty):
        value = super().run_validation(data)
        instance = getattr(self.parent, "instance", None)
        if instance is not None and value is not None and value.pk != instance.supplier_id:
            raise serializers.ValidationError("A record cannot move to another supplier.")
        return value


class PilotSerializer(serializers.ModelSerializer):
    supplier = SupplierField()
    members = SlugRelatedField(
        many=True, slug_field="username", queryset=User.objects.all(), required=False
    )
    end_date = serializers.DateField(read_only=True, help_text="Last day of the 4-week sprint.")

    class Meta:
        model = Pilot
        fields = [
            "id",
            "supplier",
            "title",
            "goal",
            "budget",
            "currency",
            "start_date",
            "end_date",
            "status",
            "outcome",
            "members",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "created_at", "updated_at"]


class PilotTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(
        choices=[c for c in Pilot.Status.choices if c[0] != Pilot.Status.PLANNED]
    )
    outcome = serializers.CharField(required=False, allow_blank=True, default="")


class PilotTaskSerializer(serializers.ModelSerializer):
    pilot = PrimaryKeyRelatedField(queryset=Pilot.objects.all())

    def validate_pilot(self, value):
        if self.instance is not None and value.pk != self.instance.pilot_id:
            raise serializers.ValidationError("A task cannot move to another pilot.")
        return value

    # A person who exists but may not be given the task answers like one who does not.
    assignee = SlugRelatedField(
        slug_field="username",
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": NOT_AN_ASSIGNEE},
    )

    class Meta:
        model = PilotTask
        fields = ["id", "pilot", "title", "assignee", "due_date", "status", "created_at"]
        read_only_fields = ["created_at"]


class IdeaSerializer(serializers.ModelSerializer):
    supplier = SupplierField(
        required=False, help_text="Defaults to your own supplier when you work for one."
    )
    proposer = SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Idea
        fields = [
            "id",
            "supplier",
            "title",
            "description",
            "proposer",
            "estimated_value",
            "realised_value",
            "currency",
            "status",
            "submitted_on",
            "accepted_on",
            "implemented_on",
            "review_note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "realised_value",
            "status",
            "submitted_on",
            "accepted_on",
            "implemented_on",
            "review_note",
            "created_at",
            "updated_at",
        ]


class IdeaTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(
        choices=[c for c in Idea.Status.choices if c[0] != Idea.Status.SUBMITTED]
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    realised_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )


class RoadmapItemSerializer(serializers.ModelSerializer):
    supplier = SupplierField()

    class Meta:
        model = RoadmapItem
        fields = [
            "id",
            "supplier",
            "title",
            "description",
            "target_quarter",
            "led_by",
            "status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class ForecastLineSerializer(serializers.ModelSerializer):
    item = SlugRelatedField(slug_field="code", queryset=Item.objects.all())
    shortfall = serializers.DecimalField(
        max_digits=14, decimal_places=3, read_only=True, allow_null=True
    )

    class Meta:
        model = ForecastLine
        fields = ["id", "item", "month", "quantity", "committed_quantity", "shortfall"]
        read_only_fields = ["committed_quantity"]

    def validate_month(self, value):
        if value.day != 1:
            raise serializers.ValidationError("Give the first day of the month.")
        return value


class ForecastSerializer(serializers.ModelSerializer):
    supplier = SupplierField()
    lines = ForecastLineSerializer(
        many=True, required=False, help_text="Required on creation; replaces a draft's lines."
    )
    acknowledged_by = SlugRelatedField(slug_field="username", read_only=True)
    share = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="Share with the supplier now."
    )

    class Meta:
        model = Forecast
        fields = [
            "id",
            "supplier",
            "title",
            "status",
            "lines",
            "share",
            "shared_at",
            "acknowledged_at",
            "acknowledged_by",
            "response_note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "shared_at",
            "acknowledged_at",
            "response_note",
            "created_at",
            "updated_at",
        ]

    def validate(self, attrs):
        if self.instance is None and "lines" not in attrs:
            raise serializers.ValidationError({"lines": "A forecast needs at least one line."})
        return attrs

    def validate_lines(self, value):
        if not value:
            raise serializers.ValidationError("A forecast needs at least one line.")
        if any({"item", "month", "quantity"} - set(line) for line in value):
            raise serializers.ValidationError("Each line needs an item, a month and a quantity.")
        keys = [(line["item"].pk, line["month"]) for line in value]
        if len(keys) != len(set(keys)):
            raise serializers.ValidationError("An item and month appear twice.")
        return value


class CapacitySerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="A line id of this forecast.")
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=0)


class ForecastAcknowledgeSerializer(serializers.Serializer):
    response = serializers.ChoiceField(
        choices=[("commit", "Commit the capacity"), ("shortfall", "Flag a shortfall")]
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    capacities = CapacitySerializer(
        many=True,
        required=False,
        default=list,
        help_text="For a shortfall: the quantity you can commit per line.",
    )


class SharingPolicySerializer(serializers.ModelSerializer):
    supplier = SupplierField()
    datasets = serializers.ListField(
        child=serializers.ChoiceField(choices=SharingDataset.choices), read_only=True
    )

    class Meta:
        model = SharingPolicy
        fields = [
            "id",
            "supplier",
            "forecasts",
            "scorecard",
            "corrective_actions",
            "requests",
            "datasets",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and is_supplier_side(request.user):
            # Why the buyer shares what it shares is its own business.
            data.pop("note", None)
        return data
