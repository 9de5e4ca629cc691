import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from srm.core import permissions
from srm.core.tables import GovernedTable

from .models import Forecast, Idea, Pilot, RoadmapItem

BADGES = {
    "planned": "secondary",
    "running": "primary",
    "completed": "success",
    "cancelled": "dark",
    "submitted": "secondary",
    "under_review": "info",
    "accepted": "success",
    "implemented": "primary",
    "declined": "dark",
    "in_progress": "info",
    "done": "success",
    "dropped": "dark",
    "draft": "secondary",
    "shared": "warning",
    "committed": "success",
    "shortfall": "danger",
}


def badge(value: str, label: str):
    return format_html(
        '<span class="badge text-bg-{}" data-status="{}">{}</span>',
        BADGES.get(value, "light"),
        value,
        label,
    )


TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}


class StatusBadgeMixin:
    def render_status(self, record):
        return badge(record.status, record.get_status_display())


class PilotTable(StatusBadgeMixin, GovernedTable):
    title = tables.Column(linkify=True)
    supplier = tables.Column(linkify=True, order_by=("supplier__name",))
    end_date = tables.Column(empty_values=(), orderable=False, verbose_name="Sprint ends")
    budget = tables.Column(attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Pilot
        fields = ("title", "supplier", "status", "start_date", "end_date", "budget")
        attrs = {**TABLE_ATTRS, "id": "pilot-table"}
        empty_text = "No pilots match these filters."

    def render_end_date(self, record):
        return record.end_date

    def render_budget(self, record):
        return f"{record.budget:,.0f} {record.currency}"


class IdeaTable(StatusBadgeMixin, GovernedTable):
    title = tables.Column(linkify=True)
    supplier = tables.Column(linkify=True, order_by=("supplier__name",))
    estimated_value = tables.Column(attrs={"td": {"class": "text-end"}})
    realised_value = tables.Column(attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Idea
        fields = (
            "title",
            "supplier",
            "proposer",
            "status",
            "submitted_on",
            "accepted_on",
            "estimated_value",
            "realised_value",
        )
        attrs = {**TABLE_ATTRS, "id": "idea-table"}
        empty_text = "No ideas match these filters."

    def render_estimated_value(self, record):
        return f"{record.estimated_value:,.0f} {record.currency}"

    def render_realised_value(self, record):
        return f"{record.realised_value:,.0f} {record.currency}"


class RoadmapItemTable(StatusBadgeMixin, GovernedTable):
    supplier = tables.Column(linkify=True, order_by=("supplier__name",))

    class Meta:
        model = RoadmapItem
        fields = ("target_quarter", "title", "supplier", "led_by", "status")
        attrs = {**TABLE_ATTRS, "id": "roadmap-table"}
        empty_text = "No roadmap items match these filters."

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The title links to the edit page for whoever may change roadmap items.
        self.can_change = user is not None and permissions.can(user, "change", RoadmapItem)

    def render_title(self, record):
        if not self.can_change:
            return record.title
        return format_html('<a href="{}">{}</a>', record.get_edit_url(), record.title)


class ForecastTable(StatusBadgeMixin, GovernedTable):
    title = tables.Column(linkify=True)
    supplier = tables.Column(linkify=True, order_by=("supplier__name",))
    line_count = tables.Column(verbose_name="Lines", attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Forecast
        fields = ("title", "supplier", "status", "line_count", "shared_at", "acknowledged_at")
        attrs = {**TABLE_ATTRS, "id": "forecast-table"}
        empty_text = "No forecasts match these filters."


class SharingPolicyTable(GovernedTable):
    """One row per supplier: which data sets its collaborators see."""

    code = tables.Column(attrs={"td": {"class": "font-monospace text-nowrap"}})
    name = tables.Column(linkify=lambda record: record.get_absolute_url())
    forecasts = tables.Column(empty_values=(), orderable=False, verbose_name="Forecasts")
    scorecard = tables.Column(empty_values=(), orderable=False, verbose_name="Scorecard")
    corrective_actions = tables.Column(
        empty_values=(), orderable=False, verbose_name="Corrective actions"
    )
    requests = tables.Column(empty_values=(), orderable=False, verbose_name="Requests")
    edit = tables.Column(empty_values=(), orderable=False, verbose_name="")

    class Meta:
        attrs = {**TABLE_ATTRS, "id": "policy-table"}
        empty_text = "No suppliers within your reach."
        order_by = ("name",)

    def _flag(self, record, dataset: str):
        policy = getattr(record, "sharing_policy", None)
        shared = bool(policy and getattr(policy, dataset))
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            "success" if shared else "light",
            "shared" if shared else "withheld",
        )

    def render_forecasts(self, record):
        return self._flag(record, "forecasts")

    def render_scorecard(self, record):
        return self._flag(record, "scorecard")

    def render_corrective_actions(self, record):
        return self._flag(record, "corrective_actions")

    def render_requests(self, record):
        return self._flag(record, "requests")

    def render_edit(self, record):
        if not getattr(record, "editable", False):
            return ""
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">Edit</a>',
            reverse("collaboration:policy_edit", args=[record.code]),
        )
