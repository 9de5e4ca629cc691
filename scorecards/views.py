"""Scorecard pages: the supplier's scorecard tab, the explain page, the portfolio,
what-if, KPI definitions, recompute runs and corrective actions. Thin: the choke-point
mixin, a selector or service, a template."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from srm.core import permissions
from srm.core.exports import file_response
from srm.core.views import GovernedViewMixin, ServiceFormView, TableExportMixin
from suppliers import selectors as supplier_selectors
from suppliers.views import SupplierTabMixin

from . import policy as scoring_policy
from . import scoring, selectors, services
from .answers import corrective_action_answers
from .explain import scorecard_explain
from .exports import scorecard_table
from .filtersets import CorrectiveActionFilterSet, PortfolioFilterSet, parse_month
from .forms import CorrectiveActionForm, ScoringSettingsForm
from .models import CorrectiveAction, KpiDefinition, RecomputeRun, Scorecard, ScoringPolicy
from .tables import CorrectiveActionTable, PortfolioTable, RecomputeRunTable
from .whatif import whatif_preview


class SupplierScorecardView(GovernedViewMixin, SupplierTabMixin, TemplateView):
    """The supplier page's scorecard tab: 24 months, a trend chart per KPI against its target."""

    permission_model = Scorecard
    tab = "scorecard"
    template_name = "scorecards/supplier_scorecard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        supplier = supplier_selectors.supplier_get(user=user, code=self.kwargs["code"])
        cards = selectors.supplier_scorecards(user=user, supplier=supplier)
        definitions = list(KpiDefinition.objects.filter(is_active=True))
        charts = [
            {
                "code": kpi.code,
                "name": kpi.name,
                "unit": kpi.unit,
                "target": float(kpi.target),
                "labels": [c.period_label for c in cards],
                "values": [c.kpis.get(kpi.code, {}).get("value") for c in cards],
            }
            for kpi in definitions
            if any(kpi.code in c.kpis for c in cards)
        ]
        latest = next((c for c in reversed(cards) if c.score is not None), None)
        context.update(self.supplier_context(supplier))
        context.update(
            {
                "cards": list(reversed(cards)),
                "latest": latest,
                "definitions": definitions,
                "charts": {
                    "score": {
                        "labels": [c.period_label for c in cards],
                        "values": [float(c.score) if c.score is not None else None for c in cards],
                        "trend": [
                            float(c.trend_score) if c.trend_score is not None else None
                            for c in cards
                        ],
                    },
                    "kpis": charts,
                },
            }
        )
        return context


class ExplainView(GovernedViewMixin, DetailView):
    """Every KPI value of one scorecard with the receipt lines behind it."""

    model = Scorecard
    template_name = "scorecards/explain.html"

    def get_queryset(self):
        return super().get_queryset().select_related("supplier")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        explained = scorecard_explain(user=self.request.user, scorecard=self.object)
        lines = {line["id"]: line for line in explained["receipts"] or []}
        context.update({"explained": explained, "lines": lines})
        return context


class PortfolioView(GovernedViewMixin, TableExportMixin, SingleTableMixin, FilterView):
    """Every supplier's score and standing for one month, with the movement since last month."""

    model = Scorecard
    table_class = PortfolioTable
    filterset_class = PortfolioFilterSet
    template_name = "scorecards/portfolio.html"
    paginate_by = 50

    def get_period(self) -> date | None:
        value = self.request.GET.get("period", "")
        try:
            return parse_month(value)
        except ValueError:
            return selectors.latest_period(user=self.request.user)

    def get_queryset(self):
        self.period = self.get_period()
        if self.period is None:
            return Scorecard.objects.none()
        return selectors.portfolio(user=self.request.user, period=self.period)

    def export_response(self, table, fmt: str):
        # The page's rows in the page's order (its filters and sort), under the columns the
        # API's export carries too (every KPI's value, score and record count).
        period = f"{self.period:%Y-%m}" if self.period else "none"
        rows = scorecard_table(
            [row.record for row in table.rows],
            user=self.request.user,
            title=f"scorecards {period}",
            headers="human",
        )
        return file_response(rows, fmt, f"scorecards-{period}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months = (
            selectors.scorecard_list(user=self.request.user)
            .order_by("-period")
            .values_list("period", flat=True)
            .distinct()[:36]
        )
        context.update({"period": self.period, "months": months})
        return context


class WhatIfView(GovernedViewMixin, TemplateView):
    """Change weights, targets or thresholds; preview 12 months of standings; then raise
    the change for sign-off (a scoring policy change decision request)."""

    permission_model = KpiDefinition
    permission_action = "change"
    template_name = "scorecards/what_if.html"

    def form(self, data=None):
        return ScoringSettingsForm(
            data,
            kpis=list(KpiDefinition.objects.filter(is_active=True)),
            policy=ScoringPolicy.objects.get_or_create(pk=1)[0],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.form())
        return context

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            if request.htmx:  # into #preview: what is wrong, instead of the last preview
                return render(
                    request, "scorecards/_what_if_preview.html", {"form": form}, status=400
                )
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if request.POST.get("action") in ("propose", "save"):
            # A new policy can block suppliers: it is raised for sign-off (a scoring policy
            # change decision request, with this preview), never saved in one click.
            justification = request.POST.get("justification", "").strip()
            if not justification:
                form.add_error(None, _("Say why the scoring policy should change."))
                return self.render_to_response(self.get_context_data(form=form), status=400)
            proposed = scoring_policy.policy_from_form(
                kpis=form.kpi_changes(), thresholds=form.policy_changes()
            )
            try:
                raised = scoring_policy.policy_change_propose(
                    actor=request.user,
                    proposed=proposed,
                    justification=justification,
                )
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
                return self.render_to_response(self.get_context_data(form=form), status=400)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                return self.render_to_response(self.get_context_data(form=form), status=403)
            messages.success(
                request,
                _(
                    "Decision request #%(pk)s raised as a draft with this preview: submit it "
                    "for sign-off; the policy changes once it is signed."
                )
                % {"pk": raised.pk},
            )
            return redirect(raised.get_absolute_url())
        definitions = [
            scoring.KpiDef(
                kpi.code,
                kpi.formula,
                kpi.direction,
                **{
                    part: form.kpi_changes()[kpi.code][part]
                    for part in ("target", "floor", "weight")
                },
                unit=kpi.unit,
            )
            for kpi in form.kpis
        ]
        policy = scoring.Policy(**form.policy_changes())
        preview = whatif_preview(user=request.user, definitions=definitions, policy=policy)
        template = "scorecards/_what_if_preview.html" if request.htmx else self.template_name
        return render(request, template, self.get_context_data(form=form, preview=preview))


class KpiListView(GovernedViewMixin, TemplateView):
    permission_model = KpiDefinition
    template_name = "scorecards/kpi_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kpis"] = permissions.restrict(KpiDefinition.objects.all(), self.request.user)
        context["policy"] = ScoringPolicy.objects.filter(pk=1).first()
        return context


class RunListView(GovernedViewMixin, SingleTableMixin, TemplateView):
    """Recompute runs; refreshes itself while a run is in progress."""

    permission_model = RecomputeRun
    table_class = RecomputeRunTable
    template_name = "scorecards/run_list.html"
    paginate_by = 25

    def get_table_data(self):
        return selectors.recompute_run_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["running"] = RecomputeRun.objects.filter(running=True).exists()
        return context


class RunStartView(GovernedViewMixin, View):
    permission_model = RecomputeRun
    permission_action = "add"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        scope = "full" if request.POST.get("scope") == "full" else "nightly"
        services.recompute_request(actor=request.user, full=scope == "full")
        messages.info(
            request, f"A {scope} recompute was started; this page refreshes until it ends."
        )
        return redirect("scorecards:run_list")


class CorrectiveActionListView(GovernedViewMixin, SingleTableMixin, FilterView):
    model = CorrectiveAction
    table_class = CorrectiveActionTable
    filterset_class = CorrectiveActionFilterSet
    template_name = "scorecards/corrective_action_list.html"
    paginate_by = 25

    def get_queryset(self):
        return selectors.corrective_action_list(user=self.request.user)


class CorrectiveActionDetailView(ServiceFormView):
    """The corrective action, and for whoever may change it, its update form."""

    model = CorrectiveAction
    form_class = CorrectiveActionForm
    template_name = "scorecards/corrective_action_detail.html"
    success_message = _("Corrective action saved.")
    # One page: whoever sees it reads it, and the form posts back to it.
    post_permission_action = "change"

    def get_queryset(self):
        return super().get_queryset().select_related("supplier", "owner", "scorecard")

    def get_form_kwargs(self):
        return {"instance": self.object, "user": self.request.user}

    def extra_context_data(self):
        return {
            "responses": corrective_action_answers(
                user=self.request.user, corrective_action=self.object
            )
        }

    def save(self, form):
        data = {f: form.cleaned_data[f] for f in CorrectiveAction.EDITABLE_FIELDS}
        # A fresh copy: validating the form already set the new values on self.object.
        services.corrective_action_update(
            actor=self.request.user,
            action=CorrectiveAction.objects.get(pk=self.object.pk),
            data=data,
        )
        return reverse("scorecards:corrective_action_detail", args=[self.object.pk])
