from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from srm.core.admin import AuditedAdminMixin, AuditedModelAdmin

from .models import (
    Category,
    Certificate,
    Contract,
    ContractPrice,
    ImportBatch,
    Item,
    Receipt,
    ServiceLevel,
    Supplier,
    SupplierEvent,
)


@admin.register(Category)
class CategoryAdmin(AuditedAdminMixin, GuardedModelAdmin):
    """'Object permissions' on a category grants it to a category manager."""

    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Supplier)
class SupplierAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "country", "region", "tier", "status", "blocked_for_orders")
    list_filter = ("region", "tier", "status", "categories")
    search_fields = ("code", "name")
    filter_horizontal = ("categories",)
    # The lifecycle moves through the supplier page (audited transitions), not a raw edit.
    readonly_fields = ("status",)


@admin.register(Item)
class ItemAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "category", "is_critical")
    search_fields = ("code", "name")
    list_filter = ("is_critical", "category")


class ContractPriceInline(admin.TabularInline):
    model = ContractPrice
    extra = 0
    autocomplete_fields = ("item",)


class ServiceLevelInline(admin.TabularInline):
    model = ServiceLevel
    extra = 0


@admin.register(Contract)
class ContractAdmin(AuditedModelAdmin):
    list_display = (
        "number",
        "title",
        "supplier",
        "status",
        "start_date",
        "end_date",
        "renewal_date",
    )
    list_filter = ("status",)
    search_fields = ("number", "title", "supplier__code", "supplier__name")
    autocomplete_fields = ("supplier",)
    inlines = [ContractPriceInline, ServiceLevelInline]


@admin.register(Certificate)
class CertificateAdmin(AuditedModelAdmin):
    list_display = ("supplier", "kind", "reference", "expires_on")
    list_filter = ("kind",)
    search_fields = ("supplier__code", "reference")
    autocomplete_fields = ("supplier",)


@admin.register(Receipt)
class ReceiptAdmin(admin.ModelAdmin):
    """Receipts arrive by import or API; the admin only reads them."""

    list_display = ("supplier", "po_number", "po_line", "item", "received_date", "received_qty")
    search_fields = ("po_number", "supplier__code")
    list_select_related = ("supplier", "item")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "kind",
        "filename",
        "status",
        "rows",
        "created_count",
        "updated_count",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SupplierEvent)
class SupplierEventAdmin(admin.ModelAdmin):
    list_display = ("occurred_at", "supplier", "kind", "title")
    list_filter = ("kind",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
