import django_filters
import django_tables2 as tables
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from srm.core.filtersets import StyledFilterSet
from srm.core.tables import FoldedJSONColumn, GovernedTable
from srm.core.views import GovernedViewMixin

from . import selectors
from .models import AuditEvent
from .services import audit_chain_verify


class AuditEventFilterSet(StyledFilterSet):
    supplier_code = django_filters.CharFilter(label="Supplier code")
    object_type = django_filters.CharFilter(lookup_expr="icontains", label="Object type")
    action = django_filters.CharFilter(lookup_expr="icontains")
    actor_repr = django_filters.CharFilter(lookup_expr="iexact", label="Actor")

    class Meta:
        model = AuditEvent
        fields = ["supplier_code", "object_type", "action", "actor_repr"]


class AuditEventTable(GovernedTable):
    occurred_at = tables.Column(verbose_name="When", attrs={"td": {"class": "text-nowrap"}})
    actor_repr = tables.Column(verbose_name="Actor")
    object_repr = tables.Column(verbose_name="Object")
    supplier_code = tables.Column(verbose_name="Supplier", attrs={"td": {"class": "text-nowrap"}})
    before = FoldedJSONColumn()
    after = FoldedJSONColumn()
    hash = tables.Column(orderable=False, attrs={"td": {"class": "font-monospace small"}})

    class Meta:
        model = AuditEvent
        fields = (
            "seq",
            "occurred_at",
            "actor_repr",
            "action",
            "object_type",
            "object_repr",
            "supplier_code",
            "before",
            "after",
            "hash",
        )
        attrs = {"class": "table table-sm align-top small", "id": "audit-table"}
        empty_text = "No audit rows match."

    def render_hash(self, value):
        return value[:16] + "…"


class AuditEventListView(GovernedViewMixin, SingleTableMixin, FilterView):
    model = AuditEvent
    table_class = AuditEventTable
    filterset_class = AuditEventFilterSet
    template_name = "audit/event_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.audit_event_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["head_hash"] = selectors.audit_head_hash()
        return context


class AuditVerifyView(GovernedViewMixin, TemplateView):
    """Re-verifies the whole chain on demand (POST, since it may take a while)."""

    permission_model = AuditEvent
    template_name = "audit/verify.html"
    http_method_names = ["get", "post"]

    def post(self, request, *args, **kwargs):
        return self.render_to_response({"verdict": audit_chain_verify()})
