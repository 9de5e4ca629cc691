from datetime import date

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from srm.core.api.fields import SlugRelatedField

from ..models import CorrectiveAction, KpiDefinition, RecomputeRun, Scorecard


class KpiValueSerializer(serializers.Serializer):
    value = serializers.FloatField(help_text="The KPI value in its unit")
    score = serializers.FloatField(help_text="0-100: 100 at or better than target, 0 at the floor")
    target = serializers.FloatField(help_text="The target the value was measured against")
    n = serializers.IntegerField(help_text="Number of records behind the value")
    unit = serializers.CharField()
    floor = serializers.FloatField(help_text="Current floor (score 0)")
    weight = serializers.FloatField(help_text="Current weight; 0: reported, not weighted")
    direction = serializers.CharField(help_text="higher or lower is better")


def kpi_context() -> dict[str, dict]:
    """What the stored KPI values do not repeat: unit, floor, weight, direction."""
    return {
        k.code: {
            "unit": k.unit,
            "floor": float(k.floor),
            "weight": float(k.weight),
            "direction": k.direction,
        }
        for k in KpiDefinition.objects.all()
    }


class ScorecardSerializer(serializers.ModelSerializer):
    supplier = serializers.CharField(source="supplier.code", read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)
    period = serializers.CharField(source="period_label", read_only=True, help_text="YYYY-MM")
    score = serializers.FloatField(read_only=True, allow_null=True)
    trend_score = serializers.FloatField(read_only=True, allow_null=True)
    kpis = serializers.SerializerMethodField()
    explain = serializers.HyperlinkedIdentityField(view_name="api:scorecard-explain")

    class Meta:
        model = Scorecard
        fields = [
            "id",
            "supplier",
            "supplier_name",
            "period",
            "score",
            "standing",
            "trend_score",
            "kpis",
            "explain",
            "updated_at",
        ]

    @extend_schema_field(serializers.DictField(child=KpiValueSerializer()))
    def get_kpis(self, obj) -> dict:
        definitions = self.context.get("kpi_definitions")
        if definitions is None:
            definitions = self.context["kpi_definitions"] = kpi_context()
        return {code: {**definitions.get(code, {}), **kpi} for code, kpi in obj.kpis.items()}


class KpiDefinitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = KpiDefinition
        fields = [
            "id",
            "code",
            "name",
            "formula",
            "unit",
            "direction",
            "target",
            "floor",
            "weight",
            "kpi_track",
            "cadence",
            "description",
            "is_active",
        ]
        read_only_fields = ["code", "formula", "unit", "direction", "kpi_track", "cadence"]

    def validate(self, attrs):
        # Targets, floors and weights are the scoring policy: a change can block suppliers,
        # so it is a signed decision (scorecards.policy), not an edit.
        governed = {
            name: _(
                "Changing a KPI's %(part)s is a scoring policy change: raise a decision "
                "request (POST /api/decision-requests/ with decision_type "
                "scoring_policy_change and the proposed policy in payload)."
            )
            % {"part": name}
            for name in ("target", "floor", "weight")
            if name in attrs and attrs[name] != getattr(self.instance, name, None)
        }
        if governed:
            raise serializers.ValidationError(governed)
        target = attrs.get("target", getattr(self.instance, "target", None))
        floor = attrs.get("floor", getattr(self.instance, "floor", None))
        direction = getattr(self.instance, "direction", "higher")
        if target is not None and floor is not None:
            if target == floor:
                raise serializers.ValidationError(
                    {"floor": "The floor must differ from the target."}
                )
            if (direction == "higher") != (floor < target):
                raise serializers.ValidationError(
                    {
                        "floor": f"For a KPI where {direction} is better the floor must be "
                        f"{'below' if direction == 'higher' else 'above'} the target."
                    }
                )
        return attrs


class RecomputeRunSerializer(serializers.ModelSerializer):
    seconds = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = RecomputeRun
        fields = [
            "id",
            "started_at",
            "finished_at",
            "status",
            "scope",
            "period_from",
            "period_to",
            "triggered_by",
            "counts",
            "timings",
            "error",
            "seconds",
        ]


class RecomputeRequestSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=["nightly", "full", "since"], default="nightly")
    since = serializers.RegexField(
        r"^\d{4}-(0[1-9]|1[0-2])$", required=False, help_text="YYYY-MM, with scope=since"
    )

    def validate_since(self, value):
        try:
            date.fromisoformat(f"{value}-01")
        except ValueError:  # year 0000 passes the pattern but is no month
            raise serializers.ValidationError("Not a month: give YYYY-MM.") from None
        return value

    def validate(self, attrs):
        if attrs["scope"] == "since" and not attrs.get("since"):
            raise serializers.ValidationError({"since": "Give the first month (YYYY-MM)."})
        return attrs


class CorrectiveActionSerializer(serializers.ModelSerializer):
    supplier = SlugRelatedField(slug_field="code", read_only=True)
    owner = SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "supplier",
            "source",
            "scorecard",
            *CorrectiveAction.EDITABLE_FIELDS,
            "closed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["source", "scorecard", "closed_at", "created_at", "updated_at"]
