from django.contrib import admin
from django.db import transaction

from srm.audit.services import audit_record, diff, snapshot


class AuditedAdminMixin:
    """Admin edits land in the audit trail like every other write."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
            super().save_model(request, obj, form, change)
            if change:
                old, new = diff(before, snapshot(obj))
                if old:
                    audit_record(
                        actor=request.user,
                        action="admin:update",
                        instance=obj,
                        before=old,
                        after=new,
                    )
            else:
                audit_record(
                    actor=request.user, action="admin:create", instance=obj, after=snapshot(obj)
                )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user, action="admin:delete", instance=obj, before=snapshot(obj)
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class AuditedModelAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass
