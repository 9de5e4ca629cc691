from django.contrib import admin

from srm.core.admin import AuditedModelAdmin

from .models import (
    CorrectiveActionResponse,
    Forecast,
    ForecastLine,
    Idea,
    Pilot,
    PilotTask,
    RoadmapItem,
    ScoreAppeal,
    SharingPolicy,
)


@admin.register(SharingPolicy)
class SharingPolicyAdmin(AuditedModelAdmin):
    list_display = ("supplier", "forecasts", "scorecard", "corrective_actions", "requests")
    list_filter = ("forecasts", "scorecard", "corrective_actions", "requests")
    search_fields = ("supplier__code", "supplier__name")
    autocomplete_fields = ("supplier",)


class PilotTaskInline(admin.TabularInline):
    model = PilotTask
    extra = 0
    autocomplete_fields = ("assignee",)


@admin.register(Pilot)
class PilotAdmin(AuditedModelAdmin):
    list_display = ("title", "supplier", "status", "start_date", "budget")
    list_filter = ("status",)
    search_fields = ("title", "supplier__code", "supplier__name")
    autocomplete_fields = ("supplier", "members")
    # The sprint status moves through the services (audited transitions), not by hand.
    readonly_fields = ("status",)
    inlines = [PilotTaskInline]


@admin.register(Idea)
class IdeaAdmin(AuditedModelAdmin):
    list_display = ("title", "supplier", "status", "submitted_on", "accepted_on")
    list_filter = ("status",)
    search_fields = ("title", "supplier__code", "supplier__name")
    autocomplete_fields = ("supplier", "proposer")
    readonly_fields = ("status", "accepted_on", "implemented_on")


@admin.register(RoadmapItem)
class RoadmapItemAdmin(AuditedModelAdmin):
    list_display = ("target_quarter", "title", "supplier", "led_by", "status")
    list_filter = ("status", "led_by")
    search_fields = ("title", "supplier__code")
    autocomplete_fields = ("supplier",)


class ForecastLineInline(admin.TabularInline):
    model = ForecastLine
    extra = 0
    autocomplete_fields = ("item",)


@admin.register(Forecast)
class ForecastAdmin(AuditedModelAdmin):
    list_display = ("title", "supplier", "status", "shared_at", "acknowledged_at")
    list_filter = ("status",)
    search_fields = ("title", "supplier__code")
    autocomplete_fields = ("supplier",)
    readonly_fields = ("status", "shared_at", "acknowledged_at", "acknowledged_by")
    inlines = [ForecastLineInline]


@admin.register(CorrectiveActionResponse)
class CorrectiveActionResponseAdmin(AuditedModelAdmin):
    list_display = ("corrective_action", "author", "created_at")
    readonly_fields = ("corrective_action", "author")


@admin.register(ScoreAppeal)
class ScoreAppealAdmin(AuditedModelAdmin):
    list_display = ("scorecard", "supplier", "author", "dispute", "created_at")
    readonly_fields = ("supplier", "scorecard", "author", "dispute")
