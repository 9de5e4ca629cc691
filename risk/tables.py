import django_tables2 as tables
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from srm.core.tables import GovernedTable

from .models import ContinuityPlan, Incident, RiskScore

LEVEL_BADGES = {"low": "success", "medium": "info", "high": "warning", "critical": "danger"}
SEGMENT_BADGES = {
    "strategic": "danger",
    "bottleneck": "warning",
    "leverage": "primary",
    "non_critical": "secondary",
}


def level_badge(level: str | None, label: str | None = None):
    if not level:
        return "—"
    return format_html(
        '<span class="badge text-bg-{}" data-level="{}">{}</span>',
        LEVEL_BADGES.get(level, "light"),
        level,
        label or level.capitalize(),
    )


def segment_badge(segment: str | None, label: str | None = None):
    if not segment:
        return "—"
    return format_html(
        '<span class="badge text-bg-{}">{}</span>',
        SEGMENT_BADGES.get(segment, "light"),
        label or segment.replace("_", "-").capitalize(),
    )


class NullsLastColumn(tables.Column):
    """Sorts rows without a value last in both directions, the same on SQLite and
    PostgreSQL (which disagree on where NULL goes); ``nulls_first_ascending`` puts them
    first when sorting up (a review that never happened is the most overdue)."""

    nulls_first_ascending = False

    def __init__(self, *args, nulls_first_ascending: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.nulls_first_ascending = nulls_first_ascending

    def order(self, queryset, is_descending):
        names = [str(n).lstrip("-") for n in (self.order_by or (str(self.accessor),))]
        if is_descending:
            terms = [F(n).desc(nulls_last=True) for n in names]
        elif self.nulls_first_ascending:
            terms = [F(n).asc(nulls_first=True) for n in names]
        else:
            terms = [F(n).asc(nulls_last=True) for n in names]
        return queryset.order_by(*terms, "pk"), True


def dimension_column(code: str, name: str) -> tuple[str, tables.Column]:
    return (
        f"dim_{code}",
        NullsLastColumn(
            accessor=f"dimensions__{code}",
            verbose_name=name,
            order_by=(f"dimensions__{code}",),
            attrs={"td": {"class": "text-end"}},
            default="—",
        ),
    )


class RiskScoreTable(GovernedTable):
    """The risk register: every supplier in reach, highest composite first."""

    supplier = tables.Column(
        accessor="supplier__code",
        verbose_name="Code",
        order_by=("supplier__code",),
        attrs={"td": {"class": "font-monospace text-nowrap"}},
    )
    name = tables.Column(
        accessor="supplier__name", verbose_name="Supplier", order_by=("supplier__name",)
    )
    region = tables.Column(accessor="supplier__region", verbose_name="Region")
    composite = NullsLastColumn(
        order_by=("composite",), attrs={"td": {"class": "text-end fw-semibold"}}
    )
    level = tables.Column()
    segment = tables.Column(verbose_name="Kraljic")
    spend_share = NullsLastColumn(
        verbose_name="Spend share", order_by=("spend_share",), attrs={"td": {"class": "text-end"}}
    )
    review_due_on = NullsLastColumn(
        verbose_name="Review due",
        order_by=("review_due_on",),
        nulls_first_ascending=True,
        empty_values=(),
    )

    class Meta:
        model = RiskScore
        fields = ("supplier", "name", "region", "composite", "level", "segment", "spend_share")
        sequence = ("supplier", "name", "region", "composite", "level", "segment", "...")
        attrs = {"class": "table table-sm table-hover align-middle", "id": "risk-table"}
        empty_text = "No suppliers match these filters."
        order_by = ("-composite",)

    def render_supplier(self, record):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("risk:supplier_risk", args=[record.supplier.code]),
            record.supplier.code,
        )

    def render_name(self, record):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("risk:supplier_risk", args=[record.supplier.code]),
            record.supplier.name,
        )

    def render_level(self, record):
        return level_badge(record.level, record.get_level_display())

    def render_segment(self, record):
        return segment_badge(record.segment, record.get_segment_display())

    def render_spend_share(self, value):
        return f"{value:.2f} %"

    def render_review_due_on(self, record):
        due = record.review_due_on
        if due is None:
            return format_html('<span class="badge text-bg-danger">{}</span>', "never reviewed")
        if due < timezone.localdate():
            return format_html(
                '<span class="badge text-bg-danger" data-overdue="1">{} overdue</span>', due
            )
        return due


class ContinuityPlanTable(GovernedTable):
    item = tables.Column(accessor="item__code", verbose_name="Item", order_by=("item__code",))
    item_name = tables.Column(accessor="item__name", verbose_name="Item name", orderable=False)
    supplier = tables.Column(order_by=("supplier__name",))
    rto_hours = tables.Column(verbose_name="RTO (h)", attrs={"td": {"class": "text-end"}})
    alternates = tables.Column(empty_values=(), orderable=False, verbose_name="Alternates")
    last_exercised = tables.Column(verbose_name="Last exercised", default="never")

    class Meta:
        model = ContinuityPlan
        fields = ("item", "item_name", "supplier", "rto_hours", "buffer_stock_days", "owner")
        sequence = ("item", "item_name", "supplier", "rto_hours", "alternates", "...")
        attrs = {"class": "table table-sm table-hover align-middle", "id": "plan-table"}
        empty_text = "No continuity plans match."

    def render_item(self, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.item.code)

    def render_alternates(self, record):
        codes = [s.code for s in record.alternate_sources.all()]
        return ", ".join(codes) if codes else "—"


SEVERITY_BADGES = {"low": "secondary", "medium": "info", "high": "warning", "critical": "danger"}


class IncidentTable(GovernedTable):
    occurred_on = tables.Column(linkify=True, verbose_name=_("Date"))
    supplier = tables.Column(linkify=True, verbose_name=_("Supplier"), order_by=("supplier__name",))
    kind = tables.Column(verbose_name=_("Kind"))
    severity = tables.Column(verbose_name=_("Severity"))
    description = tables.Column(verbose_name=_("Description"))
    item = tables.Column(
        verbose_name=_("Item"), accessor="item__code", order_by=("item__code",), default=""
    )
    corrective_action = tables.Column(
        verbose_name=_("Corrective action"), orderable=False, default="", empty_values=(None,)
    )

    class Meta:
        model = Incident
        fields = (
            "occurred_on",
            "supplier",
            "kind",
            "severity",
            "description",
            "item",
            "corrective_action",
        )
        attrs = {"class": "table table-sm table-hover align-middle", "id": "incident-table"}
        empty_text = _("No incidents match these filters.")
        order_by = ("-occurred_on",)

    def render_severity(self, record, value):
        return format_html(
            '<span class="badge text-bg-{}" data-severity="{}">{}</span>',
            SEVERITY_BADGES.get(record.severity, "light"),
            record.severity,
            value,
        )

    def render_corrective_action(self, record):
        url = reverse("scorecards:corrective_action_detail", args=[record.corrective_action_id])
        return format_html('<a href="{}">#{}</a>', url, record.corrective_action_id)
