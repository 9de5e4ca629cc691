import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from srm.core.tables import GovernedTable

from .models import ActionItem, DecisionRequest, Dispute, Meeting, SupplierRequest

BADGES = {
    "draft": "secondary",
    "submitted": "info",
    "approved": "primary",
    "rejected": "danger",
    "applied": "success",
    "open": "warning",
    "resolved": "success",
    "answered": "success",
    "planned": "info",
    "held": "success",
    "cancelled": "dark",
    "in_progress": "info",
    "done": "success",
}


def badge(value: str, label: str):
    return format_html(
        '<span class="badge text-bg-{}">{}</span>', BADGES.get(value, "light"), label
    )


OVERDUE = mark_safe('<span class="badge text-bg-danger" data-testid="overdue">overdue</span>')
TABLE_CLASS = "table table-sm table-hover align-middle"


class DecisionRequestTable(GovernedTable):
    id = tables.Column(linkify=True, verbose_name="#")
    title = tables.Column(linkify=True)
    supplier = tables.Column(
        accessor="supplier__code", verbose_name="Supplier", default=gettext_lazy("portfolio")
    )
    decision_type = tables.Column(order_by=("decision_type__order",), verbose_name="Type")

    class Meta:
        model = DecisionRequest
        fields = (
            "id",
            "title",
            "decision_type",
            "supplier",
            "state",
            "path",
            "requester",
            "submitted_at",
            "decided_at",
        )
        attrs = {"class": TABLE_CLASS, "id": "decision-table"}
        empty_text = "No decision requests match these filters."
        order_by = ("-id",)

    def render_state(self, record):
        return badge(record.state, record.get_state_display())


class DisputeTable(GovernedTable):
    id = tables.Column(linkify=True, verbose_name="#")
    subject = tables.Column(linkify=True)
    supplier = tables.Column(accessor="supplier__code", verbose_name="Supplier")
    step_role = tables.Column(verbose_name="With", orderable=False)

    class Meta:
        model = Dispute
        fields = (
            "id",
            "subject",
            "supplier",
            "status",
            "level",
            "step_role",
            "step_due_at",
            "created_at",
        )
        attrs = {"class": TABLE_CLASS, "id": "dispute-table"}
        empty_text = "No disputes match these filters."
        order_by = ("-id",)

    def render_status(self, record):
        html = badge(record.status, record.get_status_display())
        if record.is_overdue(timezone.now()):
            html = format_html("{} {}", html, OVERDUE)
        return html


class SupplierRequestTable(GovernedTable):
    subject = tables.Column(linkify=True)
    supplier = tables.Column(accessor="supplier__code", verbose_name="Supplier")

    class Meta:
        model = SupplierRequest
        fields = (
            "subject",
            "supplier",
            "owner",
            "sent_at",
            "due_at",
            "status",
            "first_answered_at",
        )
        attrs = {"class": TABLE_CLASS, "id": "request-table"}
        empty_text = "No requests match these filters."

    def render_status(self, record):
        html = badge(record.status, record.get_status_display())
        if getattr(record, "overdue", False):
            html = format_html("{} {}", html, OVERDUE)
        return html


class MeetingTable(GovernedTable):
    title = tables.Column(linkify=True)

    class Meta:
        model = Meeting
        fields = ("title", "group", "kind", "scheduled_for", "status")
        attrs = {"class": TABLE_CLASS, "id": "meeting-table"}
        empty_text = "No meetings."

    def render_status(self, record):
        return badge(record.status, record.get_status_display())


class ActionItemTable(GovernedTable):
    title = tables.Column(linkify=True)
    supplier = tables.Column(accessor="supplier__code", verbose_name="Supplier", default="")
    meeting = tables.Column(orderable=False, default="")

    class Meta:
        model = ActionItem
        fields = ("title", "owner", "due_date", "status", "supplier", "meeting")
        attrs = {"class": TABLE_CLASS, "id": "action-table"}
        empty_text = "No actions."

    def render_status(self, record):
        html = badge(record.status, record.get_status_display())
        if getattr(record, "overdue", False):
            html = format_html("{} {}", html, OVERDUE)
        return html
