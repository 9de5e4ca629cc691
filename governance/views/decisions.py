"""Pages of decision rights and decision requests."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from srm.accounts.stepup import step_up_page
from srm.core.views import GovernedViewMixin, ServiceActionView, ServiceFormView

from .. import rules, selectors, services
from ..filtersets import DecisionRequestFilterSet
from ..forms import DecisionRequestForm, SignOffForm
from ..models import DecisionRequest, DecisionType
from ..signers import sign_off_steps, signing_capacity
from ..tables import DecisionRequestTable
from .base import audit_rows


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
        return context


class DecisionCreateView(ServiceFormView):
    """Raise a decision request; "Save and submit" also submits it for sign-off."""

    permission_model = DecisionRequest
    permission_action = "add"
    form_class = DecisionRequestForm
    template_name = "governance/decision_form.html"

    def get_form_kwargs(self):
        kwargs = {"user": self.request.user}
        if self.request.method == "GET":
            # Opened from a supplier's or a decision type's page: preselect it.
            kwargs["initial"] = {
                name: self.request.GET[name]
                for name in ("supplier", "decision_type", "contract")
                if self.request.GET.get(name)
            }
            # ``?type=<code>``: the link a refused lifecycle move offers (and outside tools).
            code = self.request.GET.get("type")
            decision_type = DecisionType.objects.filter(code=code).first() if code else None
            if decision_type is not None:
                kwargs["initial"]["decision_type"] = decision_type.pk
        return kwargs

    def get(self, request, *args, **kwargs):
        if request.htmx and request.GET.get("signers"):
            # The form asks again whenever the type or the supplier changes.
            return render(
                request,
                "governance/includes/named_signers.html",
                {"steps": self._planned_steps(request.GET)},
            )
        return super().get(request, *args, **kwargs)

    def _planned_steps(self, data):
        """The steps the request would have if submitted now, with the named people who
        could sign each (never the requester); ``None`` until type (and supplier) are set."""
        form = DecisionRequestForm(data, user=self.request.user)
        form.is_valid()  # only to resolve the choices within reach
        decision_type = form.cleaned_data.get("decision_type")
        supplier = form.cleaned_data.get("supplier")
        if decision_type is None or supplier is None:
            return None
        draft = DecisionRequest(
            decision_type=decision_type,
            supplier=supplier,
            requester=self.request.user,
            urgent=bool(form.cleaned_data.get("urgent")),
        )
        return sign_off_steps(draft)

    def extra_context_data(self):
        if self.request.method == "POST":
            data = self.request.POST
        else:  # opened pre-filled (a refused lifecycle move, a supplier's page)
            initial = self.get_form_kwargs().get("initial") or {}
            data = {name: str(value) for name, value in initial.items()}
        return {"steps": self._planned_steps(data) if data else None}

    @transaction.atomic
    def save(self, form):
        decision = services.decision_request_create(actor=self.request.user, **form.cleaned_data)
        if "submit" in self.request.POST:
            # Refused (a step nobody but the requester could sign): nothing is kept.
            services.decision_request_submit(actor=self.request.user, request=decision)
        return decision

    def get_success_message(self, decision):
        if "submit" in self.request.POST:
            return _("Decision request #%(pk)s submitted for sign-off.") % {"pk": decision.pk}
        return _("Decision request #%(pk)s saved as draft.") % {"pk": decision.pk}


class DecisionUpdateView(ServiceFormView):
    model = DecisionRequest
    permission_action = "change"
    form_class = DecisionRequestForm
    template_name = "governance/decision_form.html"

    def get_form_kwargs(self):
        return {"user": self.request.user, "instance": self.object}

    def extra_context_data(self):
        return {"decision": self.object}

    def save(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k in DecisionRequest.EDITABLE_FIELDS}
        # A fresh copy: validating the ModelForm already wrote the new values onto
        # self.object, and the service must see the stored ones to audit the change.
        return services.decision_request_update(
            actor=self.request.user, request=self.get_object(), data=data
        )

    def get_success_message(self, decision):
        return _("Draft saved.")


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
        steps = sign_off_steps(decision)
        # Whether an open step waits for this user is the decision rights' answer (data,
        # with fallbacks and delegations), not a permission.
        my_step, signing_for = (
            signing_capacity(user, decision, steps)
            if decision.state == DecisionRequest.State.SUBMITTED
            else (None, None)
        )
        context.update(
            {
                "steps": steps,
                "impact": selectors.decision_request_impact(request=decision),
                "waits_for_my_sign_off": my_step is not None,
                "signing_for": signing_for,
                "is_requester": decision.requester_id == user.pk,
                "sign_off_form": SignOffForm(),
                "actions": decision.action_items.select_related("owner"),
                "audit": audit_rows(decision),
            }
        )
        return context


class DecisionSubmitView(ServiceActionView):
    model = DecisionRequest

    def perform(self, obj):
        services.decision_request_submit(actor=self.request.user, request=obj)
        return _("Submitted for sign-off.")


class DecisionWithdrawView(ServiceActionView):
    """The requester takes a submitted request back to a draft (the choke point asks
    "view"; the service allows only the requester)."""

    model = DecisionRequest
    permission_action = "view"

    def perform(self, obj):
        services.decision_request_withdraw(actor=self.request.user, request=obj)
        return _("Withdrawn: the request is a draft again.")


class DecisionReturnView(ServiceActionView):
    """A signer sends the request back to its requester for changes, with a comment."""

    model = DecisionRequest
    permission_action = "view"

    def perform(self, obj):
        services.decision_request_return(
            actor=self.request.user, request=obj, comment=self.request.POST.get("comment", "")
        )
        return _("Returned to the requester for changes.")


class DecisionSignOffView(ServiceActionView):
    model = DecisionRequest
    permission_action = "sign_off"

    def post(self, request, *args, **kwargs):
        decision = self.get_object()
        if request.POST.get("decision") == "approve" and rules.is_high_impact(decision):
            ask = step_up_page(request, decision.get_absolute_url())
            if ask is not None:
                return ask
        return super().post(request, *args, **kwargs)

    def perform(self, obj):
        form = SignOffForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose approve or reject."))
        approve = form.cleaned_data["decision"] == "approve"
        result = services.decision_request_sign_off(
            actor=self.request.user,
            request=obj,
            approve=approve,
            comment=form.cleaned_data["comment"],
        )
        if not approve:
            return _("Rejected.")
        if result.state == DecisionRequest.State.APPLIED:
            return _("Signed. All sign-offs are in: the decision is approved and applied.")
        if result.state == DecisionRequest.State.APPROVED:
            return _("Signed and approved, but applying it failed; see below.")
        return _("Signed. Waiting for the other sign-offs.")


class DecisionApplyView(ServiceActionView):
    model = DecisionRequest

    def perform(self, obj):
        services.decision_request_apply(actor=self.request.user, request=obj)
        return _("Applied.")
