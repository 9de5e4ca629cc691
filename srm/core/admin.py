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

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields and inline rows are saved after the row itself: their
        # changes are audited here (the decision rights of a type, a move's free roles).
        with transaction.atomic():
            obj = form.instance
            before = snapshot(type(obj).objects.get(pk=obj.pk))
            super().save_related(request, form, formsets, change)
            old, new = diff(before, snapshot(obj))
            if old:
                audit_record(
                    actor=request.user, action="admin:update", instance=obj, before=old, after=new
                )

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            model = formset.model
            pks = [f.instance.pk for f in formset.forms if f.instance.pk]
            before = {o.pk: snapshot(o) for o in model._default_manager.filter(pk__in=pks)}
            for deleted in formset.deleted_forms:
                if deleted.instance.pk:
                    audit_record(
                        actor=request.user,
                        action="admin:delete",
                        instance=deleted.instance,
                        before=before.get(deleted.instance.pk),
                    )
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                audit_record(
                    actor=request.user, action="admin:create", instance=obj, after=snapshot(obj)
                )
            for obj, _fields in formset.changed_objects:
                old, new = diff(before.get(obj.pk), snapshot(obj))
                if old:
                    audit_record(
                        actor=request.user,
                        action="admin:update",
                        instance=obj,
                        before=old,
                        after=new,
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
