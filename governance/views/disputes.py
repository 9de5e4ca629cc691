"""Pages of disputes and supplier requests."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from srm.core.views import GovernedViewMixin, ServiceActionView, ServiceFormView

from .. import selectors, services
from ..filtersets import DisputeFilterSet, SupplierRequestFilterSet
from ..forms import AnswerForm, DisputeForm, ResolveForm, SupplierRequestForm
from ..models import Dispute, SupplierRequest
from ..services.disputes import holds_dispute_rung
from ..tables import DisputeTable, SupplierRequestTable
from .base import audit_rows


class DisputeListView(GovernedViewMixin, SingleTableMixin, FilterView):
    model = Dispute
    table_class = DisputeTable
    filterset_class = DisputeFilterSet
    template_name = "governance/dispute_list.html"
    paginate_by = 25

    def get_queryset(self):
        return selectors.dispute_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ladder"] = services.dispute_ladder()
        return context


class DisputeCreateView(ServiceFormView):
    permission_model = Dispute
    permission_action = "add"
    form_class = DisputeForm
    title = gettext_lazy("Open a dispute")

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def save(self, form):
        return services.dispute_open(actor=self.request.user, **form.cleaned_data)

    def get_success_message(self, dispute):
        return _("Dispute #%(pk)s opened.") % {"pk": dispute.pk}


class DisputeDetailView(GovernedViewMixin, DetailView):
    model = Dispute
    template_name = "governance/dispute_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "supplier", "step_role", "assignee", "raised_by", "resolved_by", "meeting"
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dispute = self.object
        context.update(
            {
                "steps": dispute.steps.select_related("role", "assignee"),
                "ladder": services.dispute_ladder(),
                "overdue": dispute.is_overdue(timezone.now()),
                "resolve_form": ResolveForm(),
                # The permission says "may resolve disputes"; the ladder says "this one".
                "holds_rung": holds_dispute_rung(self.request.user, dispute),
                "audit": audit_rows(dispute),
            }
        )
        return context


class DisputeResolveView(ServiceActionView):
    model = Dispute
    permission_action = "resolve"

    def perform(self, obj):
        form = ResolveForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Write the resolution."))
        services.dispute_resolve(
            actor=self.request.user, dispute=obj, resolution=form.cleaned_data["resolution"]
        )
        return _("Resolution recorded; it is on the supplier's timeline.")


class SupplierRequestListView(GovernedViewMixin, SingleTableMixin, FilterView):
    model = SupplierRequest
    table_class = SupplierRequestTable
    filterset_class = SupplierRequestFilterSet
    template_name = "governance/request_list.html"
    paginate_by = 25

    def get_queryset(self):
        return selectors.supplier_request_list(user=self.request.user)


class SupplierRequestCreateView(ServiceFormView):
    permission_model = SupplierRequest
    permission_action = "add"
    form_class = SupplierRequestForm
    title = gettext_lazy("Send a request to a supplier")
    success_message = gettext_lazy("Request sent.")

    def get_form_kwargs(self):
        kwargs = {"user": self.request.user}
        if self.request.GET.get("supplier"):
            kwargs["initial"] = {"supplier": self.request.GET["supplier"]}
        return kwargs

    def save(self, form):
        return services.supplier_request_send(actor=self.request.user, **form.cleaned_data)


class SupplierRequestDetailView(GovernedViewMixin, DetailView):
    model = SupplierRequest
    template_name = "governance/request_detail.html"
    context_object_name = "supplier_request"

    def get_queryset(self):
        return selectors.supplier_request_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "answers": self.object.answers.select_related("author"),
                "answer_form": AnswerForm(),
                "audit": audit_rows(self.object),
            }
        )
        return context


class SupplierRequestAnswerView(ServiceActionView):
    model = SupplierRequest
    permission_action = "answer"

    def perform(self, obj):
        form = AnswerForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Write the answer."))
        services.supplier_request_answer(
            actor=self.request.user, request=obj, answer=form.cleaned_data["answer"]
        )
        return _("Answer recorded.")
