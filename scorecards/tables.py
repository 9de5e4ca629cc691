import django_tables2 as tables
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from srm.core.tables import FoldedJSONColumn, GovernedTable

from .models import CorrectiveAction, RecomputeRun, Scorecard

DASH = mark_safe('<span class="text-muted">–</span>')


def standing_badge(value):
    if not value:
        return DASH
    return format_html('<span class="standing standing-{}">{}</span>', value, value)


class KpiColumn(tables.Column):
    """One KPI value from the stored scorecard, linking to the lines behind it."""

    def __init__(self, code, **kwargs):
        self.code = code
        super().__init__(empty_values=(), orderable=False, **kwargs)

    def render(self, record):
        kpi = record.kpis.get(self.code)
        if not kpi:
            return DASH
        url = reverse("scorecards:explain", args=[record.pk]) + f"#kpi-{self.code}"
        return format_html(
            '<a href="{}" title="score {} from {} records">{}</a>',
            url,
            kpi["score"],
            kpi["n"],
            f"{kpi['value']:.2f}",
        )


class PortfolioTable(GovernedTable):
    supplier = tables.Column(
        accessor="supplier__name", verbose_name="Supplier", order_by=("supplier__name",)
    )
    region = tables.Column(accessor="supplier__region", verbose_name="Region")
    score = tables.Column(attrs={"td": {"class": "text-end fw-semibold"}})
    standing = tables.Column()
    previous_score = tables.Column(verbose_name="Last month", attrs={"td": {"class": "text-end"}})
    movement = tables.Column(empty_values=(), attrs={"td": {"class": "text-end"}})
    trend_score = tables.Column(verbose_name="Trend (12 m)", attrs={"td": {"class": "text-end"}})
    otif = KpiColumn("otif", verbose_name="OTIF %")
    defect_rate = KpiColumn("defect_rate", verbose_name="Defects %")
    lead_time_var = KpiColumn("lead_time_var", verbose_name="Lead-time sd")
    cost_variance = KpiColumn("cost_variance", verbose_name="Cost var. %")
    response_hours = KpiColumn("response_hours", verbose_name="Response h")

    class Meta:
        model = Scorecard
        fields = (
            "supplier",
            "region",
            "score",
            "standing",
            "previous_score",
            "movement",
            "trend_score",
        )
        attrs = {"class": "table table-sm table-hover align-middle", "id": "portfolio-table"}
        empty_text = "No scorecards match: there may be no receipts for this month yet."
        order_by = ("-score",)

    def render_supplier(self, record):
        url = reverse("scorecards:supplier_scorecard", args=[record.supplier.code])
        return format_html(
            '<a href="{}">{}</a> <span class="text-muted small font-monospace">{}</span>',
            url,
            record.supplier.name,
            record.supplier.code,
        )

    def render_standing(self, value, record):
        return standing_badge(value)

    def render_previous_score(self, value):
        return f"{value:.1f}"

    def render_movement(self, record):
        if record.score is None or record.previous_score is None:
            return "–"
        delta = record.score - record.previous_score
        css = "text-success" if delta > 0 else "text-danger" if delta < 0 else "text-muted"
        arrow = "▲" if delta > 0 else "▼" if delta < 0 else "="
        return format_html('<span class="{}">{} {}</span>', css, arrow, f"{delta:+.1f}")

    def order_score(self, queryset, is_descending):
        # Unscored suppliers last, whichever the direction (issue 11).
        score = F("score")
        ordered = score.desc(nulls_last=True) if is_descending else score.asc(nulls_last=True)
        return queryset.order_by(ordered, "supplier__name"), True

    def order_movement(self, queryset, is_descending):

        expression = F("score") - F("previous_score")
        ordered = (
            expression.desc(nulls_last=True) if is_descending else expression.asc(nulls_last=True)
        )
        return queryset.order_by(ordered), True


class CorrectiveActionTable(GovernedTable):
    title = tables.Column(
        linkify=lambda record: reverse("scorecards:corrective_action_detail", args=[record.pk])
    )
    supplier = tables.Column(linkify=True, order_by=("supplier__name",))

    class Meta:
        model = CorrectiveAction
        fields = ("title", "supplier", "source", "owner", "due_date", "status")
        attrs = {
            "class": "table table-sm table-hover align-middle",
            "id": "corrective-action-table",
        }
        empty_text = "No corrective actions match."

    def render_due_date(self, value, record):
        from django.utils import timezone

        if record.status != "closed" and value < timezone.localdate():
            return format_html('<span class="text-danger fw-semibold">{} (overdue)</span>', value)
        return value


class RecomputeRunTable(GovernedTable):
    seconds = tables.Column(empty_values=(), orderable=False)
    started_at = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    period_from = tables.DateColumn(format="Y-m", verbose_name="From")
    period_to = tables.DateColumn(format="Y-m", verbose_name="To")
    counts = FoldedJSONColumn()
    timings = FoldedJSONColumn()

    class Meta:
        model = RecomputeRun
        fields = (
            "id",
            "started_at",
            "scope",
            "period_from",
            "period_to",
            "status",
            "seconds",
            "triggered_by",
            "counts",
            "timings",
            "error",
        )
        attrs = {"class": "table table-sm align-middle small", "id": "run-table"}
        empty_text = "No runs yet."

    def render_seconds(self, record):
        return f"{record.seconds:.1f}" if record.seconds is not None else "running…"
