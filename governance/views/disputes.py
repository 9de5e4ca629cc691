"""Pages of disputes and supplier requests."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from srm.core import permissions
from srm.core.views import GovernedViewMixin

from .. import selectors, services
from ..filtersets import DisputeFilterSet, SupplierRequestFilterSet
from ..forms import AnswerForm, DisputeForm, ResolveForm, SupplierRequestForm
from ..models import Dispute, SupplierRequest
from ..tables import DisputeTable, SupplierRequestTable
from .base import ServiceActionView, audit_rows


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
        context["can_add"] = permissions.can(self.request.user, "add", Dispute)
        context["ladder"] = services.dispute_ladder()
        return context


class DisputeCreateView(GovernedViewMixin, FormView):
    permission_model = Dispute
    permission_action = "add"
    template_name = "governance/form.html"
    extra_context = {"heading": "Open a dispute"}

    def get_form(self, form_class=None):
        return DisputeForm(self.request.POST or None, user=self.request.user)

    def form_valid(self, form):
        try:
            dispute = services.dispute_open(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Dispute #{dispute.pk} opened.")
        return redirect(dispute)


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
        user, dispute = self.request.user, self.object
        context.update(
            {
                "steps": dispute.steps.select_related("role", "assignee"),
                "ladder": services.dispute_ladder(),
                "can_resolve": dispute.status == Dispute.Status.OPEN
                and permissions.can_object(user, "resolve", dispute),
                "overdue": dispute.is_overdue(timezone.now()),
                "resolve_form": ResolveForm(),
                "audit": audit_rows(user, dispute),
            }
        )
        return context


class DisputeResolveView(ServiceActionView):
    model = Dispute
    permission_action = "resolve"

    def perform(self, obj):
        form = ResolveForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError("Write the resolution.")
        services.dispute_resolve(
            actor=self.request.user, dispute=obj, resolution=form.cleaned_data["resolution"]
        )
        return "Resolution recorded; it is on the supplier's timeline."


class SupplierRequestListView(GovernedViewMixin, SingleTableMixin, FilterView):
    model = SupplierRequest
    table_class = SupplierRequestTable
    filterset_class = SupplierRequestFilterSet
    template_name = "governance/request_list.html"
    paginate_by = 25

    def get_queryset(self):
        return selectors.supplier_request_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = permissions.can(self.request.user, "add", SupplierRequest)
        return context


class SupplierRequestCreateView(GovernedViewMixin, FormView):
    permission_model = SupplierRequest
    permission_action = "add"
    template_name = "governance/form.html"
    extra_context = {"heading": "Send a request to a supplier"}

    def get_form(self, form_class=None):
        form = SupplierRequestForm(self.request.POST or None, user=self.request.user)
        if self.request.GET.get("supplier"):
            form.initial["supplier"] = self.request.GET["supplier"]
        return form

    def form_valid(self, form):
        try:
            sent = services.supplier_request_send(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, "Request sent.")
        return redirect(sent)


class SupplierRequestDetailView(GovernedViewMixin, DetailView):
    model = SupplierRequest
    template_name = "governance/request_detail.html"
    context_object_name = "supplier_request"

    def get_queryset(self):
        return selectors.supplier_request_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            {
                "answers": self.object.answers.select_related("author"),
                "can_answer": permissions.can_object(user, "answer", self.object),
                "answer_form": AnswerForm(),
                "audit": audit_rows(user, self.object),
            }
        )
        return context


class SupplierRequestAnswerView(ServiceActionView):
    model = SupplierRequest
    permission_action = "answer"

    def perform(self, obj):
        form = AnswerForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError("Write the answer.")
        services.supplier_request_answer(
            actor=self.request.user, request=obj, answer=form.cleaned_data["answer"]
        )
        return "Answer recorded."
