import json

import django_filters
import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from srm.core.filtersets import StyledFilterSet
from srm.core.tables import GovernedTable
from srm.core.views import GovernedViewMixin, TableExportMixin

from . import selectors
from .models import AuditEvent
from .readable import object_type_label, readable_changes
from .services import audit_chain_verify


def object_type_choices():
    """The kinds of object the trail holds, by their names (one query)."""
    types = AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct()
    return sorted(((t, object_type_label(t)) for t in types), key=lambda c: str(c[1]).lower())


class AuditEventFilterSet(StyledFilterSet):
    occurred_from = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label=_("From")
    )
    occurred_to = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__lte", label=_("To")
    )
    actor_repr = django_filters.CharFilter(lookup_expr="icontains", label=_("Actor"))
    object_type = django_filters.ChoiceFilter(choices=object_type_choices, label=_("Object type"))
    supplier_code = django_filters.CharFilter(lookup_expr="iexact", label=_("Supplier code"))
    action = django_filters.CharFilter(lookup_expr="icontains", label=_("Action"))

    class Meta:
        model = AuditEvent
        fields = [
            "occurred_from",
            "occurred_to",
            "actor_repr",
            "object_type",
            "supplier_code",
            "action",
        ]


SHOWN_CHANGES = 5


class AuditEventTable(GovernedTable):
    """The trail for people: what changed by field name, with the names of the rows an id
    pointed at (``readable.readable_changes``, batched over the page), the row as stored
    folded under it."""

    seq = tables.Column(verbose_name="#")
    occurred_at = tables.Column(verbose_name=_("When"), attrs={"td": {"class": "text-nowrap"}})
    actor_repr = tables.Column(verbose_name=_("Actor"))
    action = tables.Column(verbose_name=_("Action"))
    object_type = tables.Column(verbose_name=_("Object type"))
    object_repr = tables.Column(verbose_name=_("Object"))
    supplier_code = tables.Column(
        verbose_name=_("Supplier"), attrs={"td": {"class": "text-nowrap"}}
    )
    changes = tables.Column(verbose_name=_("Changes"), empty_values=(), orderable=False)
    hash = tables.Column(
        verbose_name=_("Hash"), orderable=False, attrs={"td": {"class": "font-monospace small"}}
    )

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
            "changes",
            "hash",
        )
        attrs = {"class": "table table-sm align-top small", "id": "audit-table"}
        empty_text = _("No audit rows match.")

    _readable: dict | None = None

    def changes_of(self, record) -> list:
        if self._readable is None or record.pk not in self._readable:
            page = getattr(self, "page", None)
            # A page holds bound rows; an export (no page) walks every record.
            rows = page.object_list if page is not None else self.data
            records = [getattr(row, "record", row) for row in rows]
            user = getattr(getattr(self, "request", None), "user", None)
            self._readable = readable_changes(records, user=user)
        return self._readable.get(record.pk, [])

    def render_object_type(self, value):
        return object_type_label(value)

    def render_changes(self, record):
        changes = self.changes_of(record)
        stored = json.dumps(
            {"before": record.before, "after": record.after},
            indent=2,
            ensure_ascii=False,
            sort_keys=True,
            default=str,
        )
        items = format_html_join(
            "",
            '<li><span class="fw-semibold">{}</span>: {} → {}</li>',
            ((c.field, c.before, c.after) for c in changes[:SHOWN_CHANGES]),
        )
        more = changes[SHOWN_CHANGES:]
        folded = format_html_join(
            "",
            '<li><span class="fw-semibold">{}</span>: {} → {}</li>',
            ((c.field, c.before, c.after) for c in more),
        )
        return format_html(
            '<ul class="list-unstyled mb-0 audit-changes">{}</ul>{}'
            '<details><summary>{}</summary><pre class="audit-json mb-0">{}</pre></details>',
            items,
            format_html(
                '<details><summary>{}</summary><ul class="list-unstyled mb-0">{}</ul></details>',
                _("and %(count)d more") % {"count": len(more)},
                folded,
            )
            if more
            else "",
            _("as stored"),
            stored,
        )

    def value_changes(self, record):
        return "; ".join(str(c) for c in self.changes_of(record))

    def value_object_type(self, value):
        return str(object_type_label(value))

    def render_hash(self, value):
        return value[:16] + "…"

    def value_hash(self, value):
        return value


class AuditEventListView(GovernedViewMixin, TableExportMixin, SingleTableMixin, FilterView):
    """The audit trail, filtered by date range, actor, object type and supplier; exported
    as shown (``?export=csv|xlsx``), restricted as the page is."""

    model = AuditEvent
    table_class = AuditEventTable
    filterset_class = AuditEventFilterSet
    template_name = "audit/event_list.html"
    paginate_by = 50
    export_name = "audit-trail"

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
