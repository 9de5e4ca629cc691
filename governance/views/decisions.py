"""Pages of decision rights and decision requests."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from srm.core import permissions
from srm.core.views import GovernedViewMixin

from .. import selectors, services
from ..filtersets import DecisionRequestFilterSet
from ..forms import DecisionRequestForm, SignOffForm
from ..models import DecisionRequest, DecisionType
from ..tables import DecisionRequestTable
from .base import ServiceActionView, audit_rows


class DecisionRightsMapView(GovernedViewMixin, TemplateView):
    permission_model = DecisionType
    template_name = "governance/decision_rights.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["map"] = selectors.decision_rights_map(user=self.request.user)
        return context


class DecisionListView(GovernedViewMixin, SingleTableMixin, FilterView):
    model = DecisionRequest
    table_class = DecisionRequestTable
    filterset_class = DecisionRequestFilterSet
    template_name = "governance/decision_list.html"
    paginate_by = 25

    def get_queryset(self):
        return selectors.decision_request_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["waiting"] = selectors.decisions_waiting_for(user=self.request.user)[:10]
        context["can_add"] = permissions.can(self.request.user, "add", DecisionRequest)
        return context


class DecisionFormMixin(GovernedViewMixin):
    model = DecisionRequest
    template_name = "governance/decision_form.html"

    def get_form(self):
        return DecisionRequestForm(
            self.request.POST or None,
            instance=getattr(self, "object", None),
            user=self.request.user,
        )


class DecisionCreateView(DecisionFormMixin, TemplateView):
    permission_action = "add"

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        for name in ("supplier", "decision_type"):
            if request.GET.get(name):
                form.initial[name] = request.GET[name]
        return render(request, self.template_name, {"form": form})

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                decision = services.decision_request_create(actor=request.user, **data)
                if "submit" in request.POST:
                    services.decision_request_submit(actor=request.user, request=decision)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                done = "submitted for sign-off" if "submit" in request.POST else "saved as draft"
                messages.success(request, f"Decision request #{decision.pk} {done}.")
                return redirect(decision)
        return render(request, self.template_name, {"form": form}, status=400)


class DecisionUpdateView(DecisionFormMixin, DetailView):
    permission_action = "change"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return render(
            request, self.template_name, {"form": self.get_form(), "decision": self.object}
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if form.is_valid():
            data = {
                k: v
                for k, v in form.cleaned_data.items()
                if k in services.decisions.EDITABLE_FIELDS
            }
            try:
                services.decision_request_update(
                    actor=request.user, request=self.get_object(), data=data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Draft saved.")
                return redirect(self.object)
        return render(
            request, self.template_name, {"form": form, "decision": self.object}, status=400
        )


class DecisionDetailView(GovernedViewMixin, DetailView):
    model = DecisionRequest
    template_name = "governance/decision_detail.html"
    context_object_name = "decision"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("decision_type", "supplier", "contract", "item", "requester", "meeting")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, decision = self.request.user, self.object
        can_change = permissions.can_object(user, "change", decision)
        context.update(
            {
                "slots": selectors.decision_request_sign_off_status(request=decision),
                "can_sign": selectors.decisions_waiting_for(user=user)
                .filter(pk=decision.pk)
                .exists(),
                "can_submit": can_change and decision.state == DecisionRequest.State.DRAFT,
                "can_edit": can_change and decision.state == DecisionRequest.State.DRAFT,
                "can_apply": can_change and decision.state == DecisionRequest.State.APPROVED,
                "sign_off_form": SignOffForm(),
                "actions": decision.action_items.select_related("owner"),
                "audit": audit_rows(user, decision),
            }
        )
        return context


class DecisionSubmitView(ServiceActionView):
    model = DecisionRequest

    def perform(self, obj):
        services.decision_request_submit(actor=self.request.user, request=obj)
        return "Submitted for sign-off."


class DecisionSignOffView(ServiceActionView):
    model = DecisionRequest
    permission_action = "sign_off"

    def perform(self, obj):
        form = SignOffForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError("Choose approve or reject.")
        approve = form.cleaned_data["decision"] == "approve"
        result = services.decision_request_sign_off(
            actor=self.request.user,
            request=obj,
            approve=approve,
            comment=form.cleaned_data["comment"],
        )
        if not approve:
            return "Rejected."
        if result.state == DecisionRequest.State.APPLIED:
            return "Signed. All sign-offs are in: the decision is approved and applied."
        if result.state == DecisionRequest.State.APPROVED:
            return "Signed and approved, but applying it failed; see below."
        return "Signed. Waiting for the other sign-offs."


class DecisionApplyView(ServiceActionView):
    model = DecisionRequest

    def perform(self, obj):
        services.decision_request_apply(actor=self.request.user, request=obj)
        return "Applied."
