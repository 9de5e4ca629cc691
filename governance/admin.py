from django.contrib import admin

from srm.core.admin import AuditedModelAdmin

from .models import (
    ActionItem,
    DecisionRequest,
    DecisionRight,
    DecisionType,
    Dispute,
    LifecycleMove,
    Meeting,
    SteeringGroup,
    SupplierRequest,
)


class DecisionRightInline(admin.TabularInline):
    model = DecisionRight
    extra = 0


@admin.register(DecisionType)
class DecisionTypeAdmin(AuditedModelAdmin):
    """The decision rights are data: edit who proposes, signs off and is informed here."""

    list_display = ("code", "name", "effect", "high_impact_spend", "urgent_path", "is_active")
    inlines = [DecisionRightInline]


@admin.register(LifecycleMove)
class LifecycleMoveAdmin(AuditedModelAdmin):
    """The lifecycle map is data: which move is free (for whom) and which is governed."""

    list_display = ("__str__", "decision_type", "notify_role", "on_agenda")
    filter_horizontal = ("free_roles",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lifecycle records change through their services (audited), not raw admin edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DecisionRequest)
class DecisionRequestAdmin(ReadOnlyAdmin):
    list_display = ("id", "title", "decision_type", "supplier", "state", "requester", "decided_at")
    list_filter = ("state", "decision_type")
    search_fields = ("title", "supplier__code")


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    list_display = ("id", "subject", "supplier", "status", "level", "step_due_at")
    list_filter = ("status", "level")


@admin.register(SupplierRequest)
class SupplierRequestAdmin(ReadOnlyAdmin):
    list_display = ("subject", "supplier", "owner", "sent_at", "due_at", "status")
    list_filter = ("status",)


@admin.register(SteeringGroup)
class SteeringGroupAdmin(AuditedModelAdmin):
    list_display = ("name", "chair", "is_active")
    filter_horizontal = ("members",)


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("title", "group", "kind", "scheduled_for", "status")
    list_filter = ("kind", "status")


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "owner", "due_date", "status", "supplier")
    list_filter = ("status",)
