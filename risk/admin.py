from django.contrib import admin

from srm.core.admin import AuditedModelAdmin

from .models import (
    ComplianceCheck,
    ContinuityExercise,
    ContinuityPlan,
    CountryRisk,
    ForecastAccuracyRecord,
    Incident,
    RiskAssessment,
    RiskDimension,
    RiskDimensionValue,
    RiskScore,
    TrainingRecord,
)


@admin.register(RiskDimension)
class RiskDimensionAdmin(AuditedModelAdmin):
    """Weights are data: a changed weight applies from the next recompute."""

    list_display = ("code", "name", "weight", "method", "is_active", "order")
    list_editable = ("weight", "is_active")
    readonly_fields = ("method",)


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(AuditedModelAdmin):
    list_display = ("supplier", "assessed_on", "assessed_by")
    search_fields = ("supplier__code", "supplier__name")
    raw_id_fields = ("supplier",)


@admin.register(RiskDimensionValue)
class RiskDimensionValueAdmin(AuditedModelAdmin):
    list_display = ("supplier", "dimension", "value", "observed_on", "source")
    list_filter = ("dimension", "source")
    search_fields = ("supplier__code",)
    raw_id_fields = ("supplier", "assessment", "import_batch")


@admin.register(CountryRisk)
class CountryRiskAdmin(AuditedModelAdmin):
    list_display = ("country", "as_of", "index")


@admin.register(RiskScore)
class RiskScoreAdmin(admin.ModelAdmin):
    """Computed by the recompute; read-only here."""

    list_display = ("supplier", "composite", "level", "segment", "as_of", "review_due_on")
    list_filter = ("level", "segment")
    search_fields = ("supplier__code", "supplier__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ExerciseInline(admin.TabularInline):
    model = ContinuityExercise
    extra = 0


@admin.register(ContinuityPlan)
class ContinuityPlanAdmin(AuditedModelAdmin):
    list_display = ("item", "supplier", "rto_hours", "buffer_stock_days")
    raw_id_fields = ("item", "supplier", "contract")
    filter_horizontal = ("alternate_sources",)
    inlines = [ExerciseInline]


for model in (TrainingRecord, ForecastAccuracyRecord, Incident, ComplianceCheck):
    admin.site.register(model, AuditedModelAdmin)
