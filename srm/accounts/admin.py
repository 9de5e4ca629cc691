from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from srm.core.admin import AuditedModelAdmin

from .models import DirectoryGroupRule, Role, User
from .services import user_deactivate


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Supplier", {"fields": ("supplier",)}))
    list_display = ("username", "email", "first_name", "last_name", "supplier", "is_staff")
    list_filter = (*DjangoUserAdmin.list_filter, "groups")
    autocomplete_fields = ("supplier",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            user_deactivate(actor=request.user, user=obj)


@admin.register(Role)
class RoleAdmin(AuditedModelAdmin):
    list_display = ("name", "code", "scope", "collaboration_track", "management_track")
    readonly_fields = ("code", "group")


@admin.register(DirectoryGroupRule)
class DirectoryGroupRuleAdmin(AuditedModelAdmin):
    list_display = ("group", "role")
    list_filter = ("role",)
    search_fields = ("group",)
    filter_horizontal = ("categories",)
