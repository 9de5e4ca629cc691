from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from srm.core.api.fields import PrimaryKeyRelatedField, SlugRelatedField
from suppliers.models import Contract, Item, Receipt, Supplier

from ..models import (
    ContinuityExercise,
    ContinuityPlan,
    Incident,
    RiskAssessment,
    RiskDimension,
    RiskDimensionValue,
    RiskScore,
)


class RiskDimensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskDimension
        fields = ["id", "code", "name", "weight", "method", "description", "is_active"]


class RiskScoreSerializer(serializers.ModelSerializer):
    supplier = SlugRelatedField(slug_field="code", read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)
    composite = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        coerce_to_string=False,
        allow_null=True,
        help_text="0-100: (weighted mean of the dimensions − 1) / 4 × 100",
    )
    dimensions = serializers.DictField(
        child=serializers.FloatField(min_value=1, max_value=5),
        help_text="dimension code → value 1 (low) … 5 (high); dimensions without data are absent",
    )
    spend_share = serializers.DecimalField(
        max_digits=8, decimal_places=4, coerce_to_string=False, help_text="% of trailing-12m spend"
    )

    class Meta:
        model = RiskScore
        fields = [
            "id",
            "supplier",
            "supplier_name",
            "as_of",
            "composite",
            "level",
            "dimensions",
            "segment",
            "spend_share",
            "high_profit_impact",
            "last_reviewed_on",
            "review_due_on",
        ]
        read_only_fields = fields


class RatingSerializer(serializers.Serializer):
    dimension = serializers.SlugField(help_text="code of a dimension assessed by hand")
    value = serializers.IntegerField(min_value=1, max_value=5)
    evidence = serializers.CharField()


class RiskDimensionValueSerializer(serializers.ModelSerializer):
    dimension = SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RiskDimensionValue
        fields = ["dimension", "value", "evidence"]


class RiskAssessmentSerializer(serializers.ModelSerializer):
    supplier = SlugRelatedField(slug_field="code", queryset=Supplier.objects.all())
    assessed_by = SlugRelatedField(slug_field="username", read_only=True)
    ratings = RatingSerializer(many=True, write_only=True)
    values = RiskDimensionValueSerializer(many=True, read_only=True)

    class Meta:
        model = RiskAssessment
        fields = ["id", "supplier", "assessed_on", "assessed_by", "summary", "ratings", "values"]


class ContinuityGapSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    detail = serializers.CharField()


class ContinuityPlanSerializer(serializers.ModelSerializer):
    item = SlugRelatedField(slug_field="code", queryset=Item.objects.filter(is_critical=True))
    supplier = SlugRelatedField(slug_field="code", queryset=Supplier.objects.all())
    contract = SlugRelatedField(
        slug_field="number", queryset=Contract.objects.all(), required=False, allow_null=True
    )
    alternate_sources = SlugRelatedField(
        slug_field="code", queryset=Supplier.objects.all(), many=True, required=False
    )
    owner = SlugRelatedField(slug_field="username", read_only=True)
    last_exercised = serializers.DateField(read_only=True, allow_null=True)
    gaps = serializers.SerializerMethodField()

    class Meta:
        model = ContinuityPlan
        fields = [
            "id",
            "item",
            "supplier",
            *ContinuityPlan.EDITABLE_FIELDS,
            "alternate_sources",
            "last_exercised",
            "gaps",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    @extend_schema_field(ContinuityGapSerializer(many=True))
    def get_gaps(self, plan) -> list[dict]:
        gaps = self.context.get("gaps", {}).get(plan.pk, [])
        return ContinuityGapSerializer(
            [{"code": g.code, "label": g.label, "detail": g.detail} for g in gaps], many=True
        ).data


class ContinuityPlanUpdateSerializer(ContinuityPlanSerializer):
    class Meta(ContinuityPlanSerializer.Meta):
        read_only_fields = ["item", "supplier", "created_at", "updated_at"]


class ContinuityExerciseSerializer(serializers.ModelSerializer):
    plan = PrimaryKeyRelatedField(queryset=ContinuityPlan.objects.all())

    class Meta:
        model = ContinuityExercise
        fields = ["id", "plan", "held_on", "scenario", "participants", "findings", "created_at"]
        read_only_fields = ["created_at"]


class ContinuityGapRowSerializer(serializers.Serializer):
    item = serializers.CharField(help_text="item code")
    item_name = serializers.CharField()
    supplier = serializers.CharField(allow_null=True, help_text="the plan's source, if any")
    plan = serializers.IntegerField(allow_null=True)
    gap = serializers.CharField(
        help_text="no_plan | single_source_no_alternate | not_exercised | rto_beyond_sla"
    )
    label = serializers.CharField()
    detail = serializers.CharField()


class RegionFiguresSerializer(serializers.Serializer):
    region = serializers.ChoiceField(choices=["Americas", "EMEA", "APAC"])
    training_hours_per_quarter = serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=False, help_text="Σ hours / quarters"
    )
    forecast_accuracy = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        coerce_to_string=False,
        allow_null=True,
        help_text="(1 − Σ|forecast − actual| / Σ actual) × 100, floored at 0; "
        "null when no record in the span has an actual",
    )
    disruptions_per_quarter = serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=False, help_text="incidents / quarters"
    )
    regulatory_alignment = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        coerce_to_string=False,
        allow_null=True,
        help_text="checks passed / checks × 100; null when there were no checks",
    )


class RegionalViewSerializer(serializers.Serializer):
    from_quarter = serializers.CharField(help_text="first quarter, e.g. 2025Q1")
    to_quarter = serializers.CharField(help_text="last quarter, inclusive")
    quarters = serializers.IntegerField()
    regions = RegionFiguresSerializer(many=True)


class IncidentSerializer(serializers.ModelSerializer):
    supplier = SlugRelatedField(slug_field="code", queryset=Supplier.objects.all())
    date = serializers.DateField(source="occurred_on")
    item = SlugRelatedField(
        slug_field="code", queryset=Item.objects.all(), required=False, allow_null=True
    )
    receipts = PrimaryKeyRelatedField(
        many=True,
        queryset=Receipt.objects.all(),
        required=False,
        help_text="Ids of the supplier's receipts the incident concerns.",
    )
    corrective_action = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "supplier",
            "date",
            "kind",
            "severity",
            "description",
            "item",
            "receipts",
            "impact",
            "corrective_action",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["corrective_action", "created_at", "updated_at"]
        validators = []  # the service names a clashing incident on its description


class IncidentUpdateSerializer(IncidentSerializer):
    class Meta(IncidentSerializer.Meta):
        read_only_fields = ["supplier", "corrective_action", "created_at", "updated_at"]
