"""The supplier portal: the start page of a supplier collaborator and the pages where it
answers requests and corrective actions and contests a published score.

Only people bound to a supplier use it (403 for the buyer's staff); every row comes
through the choke point, so another supplier's rows, and data sets the supplier's
sharing policy withholds, answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from governance.models import SupplierRequest
from srm.core.views import GovernedViewMixin, ServiceFormView, add_service_error

from .. import forms, selectors, services
from ..models import Forecast, Idea, Pilot, ScoreAppeal

PORTAL_SCORECARD_MONTHS = 12


class PortalMixin(GovernedViewMixin):
    """Supplier collaborators only: the buyer's staff has the internal pages."""

    permission_model = Idea

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.is_supplier_side(request.user):
            raise PermissionDenied("The supplier portal is for people at a supplier.")
        return super().dispatch(request, *args, **kwargs)


class PortalHomeView(PortalMixin, TemplateView):
    template_name = "collaboration/portal_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        supplier = user.supplier
        requests = selectors.portal_requests(user=user)
        context.update(
            {
                "supplier": supplier,
                "policy": selectors.sharing_policy_for(supplier=supplier),
                "ideas": selectors.idea_list(user=user)[:10],
                "pilots": selectors.pilot_list(user=user).exclude(
                    status__in=[Pilot.Status.CANCELLED]
                )[:10],
                "forecasts": selectors.forecast_list(user=user)[:10],
                "forecasts_waiting": selectors.forecast_list(user=user)
                .filter(status=Forecast.Status.SHARED)
                .count(),
                "roadmap": selectors.roadmap_list(user=user)[:10],
                "requests": requests.select_related("supplier")[:20]
                if requests is not None
                else None,
                "corrective_actions": selectors.portal_corrective_actions(user=user)[:10],
                "scorecards": selectors.portal_scorecards(user=user)[:PORTAL_SCORECARD_MONTHS],
                "appeals": selectors.score_appeals(user=user)[:10],
            }
        )
        return context


class PortalRequestView(PortalMixin, ServiceFormView):
    """A request to the supplier and its answers; the supplier answers it here. Who may
    read it but not answer it is refused before the answer is read (403, not 400)."""

    model = SupplierRequest
    permission_model = SupplierRequest
    post_permission_action = "answer"
    template_name = "collaboration/portal_request.html"
    form_class = forms.RequestAnswerForm
    success_message = _("Thank you: your answer is sent.")

    def get_queryset(self):
        return selectors.portal_requests(user=self.request.user)

    def extra_context_data(self):
        return {
            "supplier_request": self.object,
            "answers": selectors.portal_request_answers(
                user=self.request.user, supplier_request=self.object
            ),
        }

    def save(self, form):
        services.supplier_request_answer(
            actor=self.request.user, request=self.object, answer=form.cleaned_data["answer"]
        )
        return reverse("collaboration:portal_request", args=[self.object.pk])


class PortalCorrectiveActionView(PortalMixin, TemplateView):
    """A corrective action plan on the supplier, with the supplier's answers."""

    template_name = "collaboration/portal_corrective_action.html"

    def get_permission_model(self):
        from scorecards.models import CorrectiveAction

        return CorrectiveAction

    def load(self):
        self.action = selectors.portal_corrective_action_get(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def render_page(self, form, status=200):
        user = self.request.user
        return render(
            self.request,
            self.template_name,
            {
                "action": self.action,
                "responses": selectors.corrective_action_responses(
                    user=user, corrective_action=self.action
                ),
                # A closed plan takes no more answers; the template offers the form to
                # whoever may answer for the supplier.
                "form": None if self.action.status == "closed" else form,
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        self.load()
        return self.render_page(forms.CorrectiveActionResponseForm())

    def post(self, request, *args, **kwargs):
        self.load()
        form = forms.CorrectiveActionResponseForm(request.POST)
        if form.is_valid():
            try:
                services.corrective_action_answer(
                    actor=request.user, corrective_action=self.action, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Thank you: your answer is recorded."))
                return redirect("collaboration:portal_corrective_action", pk=self.action.pk)
        return self.render_page(form, status=400)


class PortalScoreAppealView(PortalMixin, TemplateView):
    """Contest a published monthly score: opens a dispute on the escalation ladder."""

    permission_model = ScoreAppeal
    permission_action = "add"
    template_name = "collaboration/portal_appeal.html"

    def load(self):
        self.scorecard = selectors.portal_scorecard_get(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def render_page(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "scorecard": self.scorecard,
                "kpis": selectors.portal_scorecard_kpis(scorecard=self.scorecard),
                "appeal": self.scorecard.appeals.first(),
                "form": form,
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        self.load()
        return self.render_page(forms.ScoreAppealForm())

    def post(self, request, *args, **kwargs):
        self.load()
        form = forms.ScoreAppealForm(request.POST)
        if form.is_valid():
            try:
                services.score_appeal_open(
                    actor=request.user,
                    scorecard=self.scorecard,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request, _("Your appeal is recorded; the buyer's team will come back to you.")
                )
                return redirect(reverse("collaboration:portal"))
        return self.render_page(form, status=400)
