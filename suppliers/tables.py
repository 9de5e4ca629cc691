import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from srm.core.tables import GovernedTable
from srm.core.templatetags.srm import number

from .models import Contract, Item, Receipt, Supplier, SupplierContact
from .supplier_list import supplier_list_columns

STATUS_BADGES = {
    "prospect": "secondary",
    "onboarding": "info",
    "approved": "success",
    "suspended": "warning",
    "exited": "dark",
    "draft": "secondary",
    "active": "success",
    "expired": "warning",
    "terminated": "dark",
}


def badge(value: str, label: str):
    return format_html(
        '<span class="badge text-bg-{}">{}</span>', STATUS_BADGES.get(value, "light"), label
    )


class SupplierTable(GovernedTable):
    code = tables.Column(linkify=True, attrs={"td": {"class": "font-monospace text-nowrap"}})
    name = tables.Column(linkify=True)
    categories = tables.Column(empty_values=(), orderable=False)
    # Shown and sorted only for who may read it (``Supplier.field_permissions``).
    expected_annual_spend = tables.Column(
        verbose_name="Expected spend / yr", attrs={"td": {"class": "text-end text-nowrap"}}
    )

    class Meta:
        model = Supplier
        fields = (
            "code",
            "name",
            "country",
            "region",
            "categories",
            "tier",
            "status",
            "expected_annual_spend",
            "relationship_owner",
        )
        attrs = {"class": "table table-sm table-hover align-middle", "id": "supplier-table"}
        empty_text = "No suppliers match these filters."
        order_by = ("name",)

    def __init__(self, *args, **kwargs):
        # The standing and risk columns are the scorecards' and risk's (see
        # suppliers.supplier_list), after the supplier's own.
        kwargs["extra_columns"] = [*supplier_list_columns(), *(kwargs.get("extra_columns") or ())]
        super().__init__(*args, **kwargs)

    def render_categories(self, record):
        return format_html_join(", ", "{}", ((c.name,) for c in record.categories.all()))

    def render_status(self, record):
        badge_html = badge(record.status, record.get_status_display())
        if record.blocked_for_orders:
            badge_html = format_html(
                '{} <span class="badge text-bg-danger">blocked</span>', badge_html
            )
        return badge_html

    def render_country(self, record):
        return record.country.code

    def render_tier(self, value, record):
        return record.tier

    def render_expected_annual_spend(self, record):
        return f"{record.expected_annual_spend:,.0f} {record.currency}"


class ContractTable(GovernedTable):
    number = tables.Column(linkify=True, attrs={"td": {"class": "font-monospace text-nowrap"}})
    supplier = tables.Column(linkify=True, order_by=("supplier__name",))
    notice_deadline = tables.Column(
        verbose_name=_("Notice deadline"), accessor="notice_deadline", orderable=False
    )

    class Meta:
        model = Contract
        fields = (
            "number",
            "title",
            "supplier",
            "status",
            "start_date",
            "end_date",
            "renewal_date",
            "notice_period_days",
            "notice_deadline",
            "owner",
        )
        attrs = {"class": "table table-sm table-hover align-middle", "id": "contract-table"}
        empty_text = "No contracts match these filters."

    def render_status(self, record):
        return badge(record.status, record.get_status_display())

    def render_notice_deadline(self, record):
        flag = record.get_notice_flag_display(timezone.localdate())
        if not flag:
            return record.notice_deadline
        return format_html(
            '{} <span class="badge text-bg-warning" data-notice-flag="{}">{}</span>',
            record.notice_deadline,
            record.notice_flag(timezone.localdate()),
            flag,
        )


NOWRAP = {"td": {"class": "text-nowrap"}}


class NumberColumn(tables.Column):
    """A quantity or price, right-aligned, without the trailing zeros of its decimal places
    (1000, not 1000.000)."""

    def __init__(self, *, places: int = 3, **kwargs):
        self.places = places
        kwargs.setdefault("attrs", {"th": {"class": "text-end"}, "td": {"class": "text-end"}})
        super().__init__(**kwargs)

    def render(self, value):
        return number(value, self.places)


class ReceiptTable(GovernedTable):
    supplier = tables.Column(order_by=("supplier__name",))
    po_number = tables.Column(verbose_name="PO number", attrs=NOWRAP)
    po_line = tables.Column(verbose_name="PO line", attrs={"td": {"class": "text-end"}})
    item = tables.Column(accessor="item__code", verbose_name="Item", attrs=NOWRAP)
    order_date = tables.Column(attrs=NOWRAP)
    promised_date = tables.Column(attrs=NOWRAP)
    received_date = tables.Column(attrs=NOWRAP)
    days_late = tables.Column(
        empty_values=(),
        orderable=False,
        verbose_name="Days late",
        attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}},
    )
    ordered_qty = NumberColumn()
    received_qty = NumberColumn()
    rejected_qty = NumberColumn()
    defective_qty = NumberColumn()
    unit_price = NumberColumn(places=4)
    agreed_unit_price = NumberColumn(places=4)

    class Meta:
        model = Receipt
        fields = (
            "supplier",
            "po_number",
            "po_line",
            "item",
            "order_date",
            "promised_date",
            "received_date",
            "days_late",
            "ordered_qty",
            "received_qty",
            "rejected_qty",
            "defective_qty",
            "unit_price",
            "agreed_unit_price",
        )
        attrs = {"class": "table table-sm table-hover align-middle", "id": "receipt-table"}
        empty_text = "No receipts match these filters."

    def render_supplier(self, record):
        supplier = record.supplier
        return format_html(
            '<a href="{}">{}</a> <span class="text-muted small text-nowrap">{}</span>',
            supplier.get_absolute_url(),
            supplier.name,
            supplier.code,
        )

    def render_days_late(self, record):
        days = record.days_late
        if days > 0:
            return format_html('<span class="text-danger fw-semibold">{}</span>', days)
        return days


class ItemTable(GovernedTable):
    code = tables.Column(
        linkify=True, verbose_name=_("Code"), attrs={"td": {"class": "font-monospace text-nowrap"}}
    )
    name = tables.Column(verbose_name=_("Name"))
    category = tables.Column(verbose_name=_("Category"), order_by=("category__name",))
    unit = tables.Column(verbose_name=_("Unit"))
    is_critical = tables.BooleanColumn(verbose_name=_("Critical"), yesno=("✔", ""))

    class Meta:
        model = Item
        fields = ("code", "name", "category", "unit", "is_critical")
        attrs = {"class": "table table-sm table-hover align-middle", "id": "item-table"}
        empty_text = _("No items match these filters.")
        order_by = ("code",)


class ContactTable(GovernedTable):
    name = tables.Column(verbose_name=_("Name"))
    supplier = tables.Column(linkify=True, verbose_name=_("Supplier"), order_by=("supplier__name",))
    function = tables.Column(verbose_name=_("Function"))
    email = tables.EmailColumn(verbose_name=_("E-mail"))
    phone = tables.Column(verbose_name=_("Phone"))
    works_on = tables.Column(verbose_name=_("Track"))
    is_primary = tables.BooleanColumn(verbose_name=_("Primary"), yesno=("✔", ""))

    class Meta:
        model = SupplierContact
        fields = ("name", "supplier", "function", "email", "phone", "works_on", "is_primary")
        attrs = {"class": "table table-sm table-hover align-middle", "id": "contact-table"}
        empty_text = _("No contacts match these filters.")
        order_by = ("supplier", "name")

    def render_name(self, record, value):
        url = reverse("suppliers:contact_update", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, value)
