"""Pages of the risk domain. Thin: the choke point mixin, a selector, a template."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from srm.core.views import (
    GovernedViewMixin,
    PrefillSupplierMixin,
    ServiceFormView,
    TableExportMixin,
)
from suppliers import selectors as supplier_selectors
from suppliers.models import Region
from suppliers.views import SupplierTabMixin

from . import engine, selectors, services
from .filtersets import ContinuityPlanFilterSet, IncidentFilterSet, RiskScoreFilterSet
from .forms import (
    ContinuityExerciseForm,
    ContinuityPlanForm,
    IncidentForm,
    QuarterSpanForm,
    RiskAssessmentForm,
)
from .models import (
    ContinuityExercise,
    ContinuityPlan,
    Incident,
    RiskAssessment,
    RiskDimension,
    RiskScore,
    Segment,
    TrainingRecord,
)
from .tables import ContinuityPlanTable, IncidentTable, RiskScoreTable, dimension_column

EVIDENCE_SOURCES = {
    "manual": "manual assessment",
    "credit_rating": "credit rating",
    "country_risk": "country risk index",
    "derived": "derived",
}
SEGMENT_COLOURS = {
    "strategic": "#c0392b",
    "bottleneck": "#e69f00",
    "leverage": "#1f77b4",
    "non_critical": "#7f8c8d",
}


class RiskRegisterView(GovernedViewMixin, TableExportMixin, SingleTableMixin, FilterView):
    """Every supplier in reach by composite risk, filterable by level, segment, region,
    a dimension rated high, and overdue review; exported as shown (``?export=csv|xlsx``)."""

    model = RiskScore
    table_class = RiskScoreTable
    filterset_class = RiskScoreFilterSet
    template_name = "risk/register.html"
    paginate_by = 50
    title = "Risk register"
    export_name = "risk-scores"

    def get_queryset(self):
        return selectors.risk_score_list(user=self.request.user)

    def get_table_kwargs(self):
        return {
            "extra_columns": [dimension_column(d.code, d.name) for d in selectors.dimension_list()]
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        return context


class OverdueReviewListView(RiskRegisterView):
    """Suppliers whose scheduled risk reassessment is overdue (SPEC §7)."""

    title = "Overdue risk reviews"
    export_name = "risk-reviews"
    template_name = "risk/reviews.html"

    def get_queryset(self):
        return selectors.overdue_reviews(user=self.request.user, today=timezone.localdate())

    def get_table_kwargs(self):
        return {"order_by": ("review_due_on",)}


class SupplierRiskView(GovernedViewMixin, SupplierTabMixin, TemplateView):
    """The risk tab of the supplier page: radar of the dimensions, evidence, history."""

    permission_model = RiskScore
    template_name = "risk/supplier_risk.html"
    tab = "risk"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        supplier = supplier_selectors.supplier_get(user=user, code=self.kwargs["code"])
        score = selectors.risk_score_of(user=user, supplier=supplier)
        dimensions = selectors.dimension_list()
        rows = []
        for dimension in dimensions:
            value = score.dimensions.get(dimension.code) if score else None
            rows.append(
                {
                    "code": dimension.code,
                    "name": dimension.name,
                    "weight": dimension.weight,
                    "value": value,
                    "evidence": (score.evidence.get(dimension.code) if score else None) or {},
                }
            )
            rows[-1]["source_label"] = EVIDENCE_SOURCES.get(rows[-1]["evidence"].get("source"), "")
        today = timezone.localdate()
        context.update(self.supplier_context(supplier))
        context.update(
            {
                "score": score,
                "rows": rows,
                "radar": {
                    "labels": [r["name"] for r in rows],
                    "values": [r["value"] for r in rows],
                },
                "history": selectors.risk_history(user=user, supplier=supplier),
                "values": selectors.risk_values(user=user, supplier=supplier),
                "assessments": selectors.risk_assessments(user=user, supplier=supplier),
                "incidents": selectors.supplier_incidents(user=user, supplier=supplier),
                "overdue": bool(score) and engine.review_overdue(score.review_due_on, today),
            }
        )
        return context


class RiskAssessmentCreateView(SupplierTabMixin, ServiceFormView):
    permission_model = RiskAssessment
    permission_action = "add"
    form_class = RiskAssessmentForm
    template_name = "risk/assessment_form.html"
    tab = "risk"
    success_message = _("Risk assessment recorded.")

    def load(self):
        user = self.request.user
        self.supplier = supplier_selectors.supplier_get(user=user, code=self.kwargs["code"])
        # The form is only for a supplier the user may assess: the service's own check.
        services.require_supplier_reach(user, RiskAssessment, "add", self.supplier)

    def extra_context_data(self):
        return self.supplier_context(self.supplier)

    def save(self, form):
        services.risk_assessment_create(
            actor=self.request.user,
            supplier=self.supplier,
            assessed_on=form.cleaned_data["assessed_on"],
            ratings=form.ratings(),
            summary=form.cleaned_data["summary"],
        )
        return reverse("risk:supplier_risk", args=[self.supplier.code])


class KraljicMatrixView(GovernedViewMixin, TemplateView):
    """Spend share against supply risk, one dot per supplier, coloured by segment."""

    permission_model = RiskScore
    template_name = "risk/matrix.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        points = selectors.kraljic_points(user=self.request.user)
        counts = {s.value: 0 for s in Segment}
        for point in points:
            counts[point["segment"]] += 1
        context.update(
            {
                "segments": [
                    {
                        "code": s.value,
                        "label": s.label,
                        "colour": SEGMENT_COLOURS[s.value],
                        "count": counts[s.value],
                    }
                    for s in Segment
                ],
                "chart": {
                    "points": points,
                    "segments": [
                        {"code": s.value, "label": s.label, "colour": SEGMENT_COLOURS[s.value]}
                        for s in Segment
                    ],
                    "threshold": float(engine.HIGH_SUPPLY_RISK),
                },
            }
        )
        return context


class ContinuityView(GovernedViewMixin, SingleTableMixin, FilterView):
    """Every continuity gap in reach, and the plans."""

    model = ContinuityPlan
    table_class = ContinuityPlanTable
    filterset_class = ContinuityPlanFilterSet
    template_name = "risk/continuity.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        gaps = selectors.continuity_gaps(user=self.request.user, today=timezone.localdate())
        wanted = self.request.GET.get("gap")
        context.update(
            {
                "gaps": [g for g in gaps if not wanted or g.gap.code == wanted],
                "gap_total": len(gaps),
                "gap_kinds": [
                    (code, label, sum(1 for g in gaps if g.gap.code == code))
                    for code, label in engine.GAP_LABELS.items()
                ],
                "gap_selected": wanted or "",
            }
        )
        return context


def plan_context(*, user, plan: ContinuityPlan) -> dict:
    """What the plan page shows around the exercise form: its facts, gaps and exercises."""
    today = timezone.localdate()
    facts = selectors.plan_facts([plan], today)[plan.pk]
    return {
        "plan": plan,
        "facts": facts,
        "gaps": engine.plan_gaps(facts, today),
        "exercises": selectors.plan_exercises(user=user, plan=plan),
    }


class PlanDetailView(GovernedViewMixin, DetailView):
    model = ContinuityPlan
    template_name = "risk/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan_context(user=self.request.user, plan=self.object))
        context["form"] = ContinuityExerciseForm()
        return context


class ExerciseCreateView(ServiceFormView):
    """The plan page's exercise form: the plan is the context (seeing it is enough), the
    service checks that the user may record exercises for its supplier."""

    model = ContinuityPlan
    permission_model = ContinuityExercise
    permission_action = "add"
    http_method_names = ["post"]
    form_class = ContinuityExerciseForm
    template_name = "risk/plan_detail.html"
    success_message = _("Exercise recorded.")

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user)

    def extra_context_data(self):
        return plan_context(user=self.request.user, plan=self.object)

    def save(self, form):
        services.continuity_exercise_record(
            actor=self.request.user, plan=self.object, **form.cleaned_data
        )
        return self.object


class PlanCreateView(ServiceFormView):
    model = ContinuityPlan
    permission_action = "add"
    form_class = ContinuityPlanForm
    template_name = "risk/plan_form.html"
    success_message = _("Continuity plan saved.")

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def get_form(self):
        form = super().get_form()
        item = self.request.GET.get("item")
        if item and not form.is_bound:
            form.initial["item"] = form.fields["item"].queryset.filter(code=item).first()
        return form

    def save(self, form):
        data = dict(form.cleaned_data)
        alternates = list(data.pop("alternate_sources"))
        try:
            return services.continuity_plan_create(
                actor=self.request.user, alternate_sources=alternates, **data
            )
        except PermissionDenied as exc:
            # A source outside the user's categories is a choice to correct on the form.
            raise ValidationError({"supplier": str(exc)}) from exc


class PlanUpdateView(ServiceFormView):
    model = ContinuityPlan
    permission_action = "change"
    form_class = ContinuityPlanForm
    template_name = "risk/plan_form.html"
    success_message = _("Continuity plan saved.")

    def get_form_kwargs(self):
        return {"user": self.request.user, "instance": self.object}

    def extra_context_data(self):
        return {"plan": self.object}

    def save(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k in ContinuityPlan.EDITABLE_FIELDS}
        # A fresh copy: validating the ModelForm already wrote the new values onto
        # self.object, and the service must see the stored ones to audit the change.
        return services.continuity_plan_update(
            actor=self.request.user,
            plan=self.get_object(),
            data=data,
            alternate_sources=list(form.cleaned_data["alternate_sources"]),
        )


class RegionalView(GovernedViewMixin, TemplateView):
    """SPEC §8: per region over whole quarters, training hours, forecast accuracy,
    disruptions and regulatory alignment."""

    permission_model = TrainingRecord
    template_name = "risk/regions.html"

    def get(self, request, *args, **kwargs):
        default = engine.QuarterSpan.default(timezone.localdate())
        data = {
            "from_quarter": request.GET.get("from", str(default.first)),
            "to_quarter": request.GET.get("to", str(default.last)),
        }
        form = QuarterSpanForm(data)
        context = self.get_context_data(form=form)
        if form.is_valid():
            span = form.cleaned_data["span"]
            figures = selectors.region_figures(user=request.user, span=span)
            context.update(
                {
                    "span": span,
                    "regions": [{"region": r.value, **figures[r.value].__dict__} for r in Region],
                }
            )
            return self.render_to_response(context)
        return self.render_to_response(context, status=400)


class DimensionListView(GovernedViewMixin, TemplateView):
    """The risk dimensions as data: weights, and how each gets its value."""

    permission_model = RiskDimension
    template_name = "risk/dimensions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dimensions"] = RiskDimension.objects.all()
        context["levels"] = engine.LEVEL_BOUNDS
        return context


class IncidentListView(GovernedViewMixin, SingleTableMixin, FilterView):
    """Every incident in reach, filterable by supplier, kind, severity, item, dates and
    whether it opened a corrective action."""

    model = Incident
    table_class = IncidentTable
    filterset_class = IncidentFilterSet
    template_name = "risk/incident_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.incident_list(user=self.request.user)


class IncidentDetailView(GovernedViewMixin, DetailView):
    model = Incident
    template_name = "risk/incident_detail.html"
    context_object_name = "incident"

    def get_queryset(self):
        return selectors.incident_list(user=self.request.user).prefetch_related("receipts__item")


class IncidentCreateView(PrefillSupplierMixin, ServiceFormView):
    model = Incident
    permission_action = "add"
    form_class = IncidentForm
    title = _("Log an incident")

    def cancel_url(self):
        return reverse("risk:incident_list")

    def get_success_message(self, incident):
        if incident.corrective_action_id:
            return _("Incident logged; it opened a corrective action.")
        return _("Incident logged.")

    def create(self, form):
        data = {k: form.cleaned_data[k] for k in ("supplier", *Incident.EDITABLE_FIELDS)}
        return services.incident_create(
            actor=self.request.user, receipts=form.cleaned_data["receipts"], **data
        )


class IncidentUpdateView(ServiceFormView):
    model = Incident
    permission_action = "change"
    form_class = IncidentForm
    success_message = _("Incident saved.")

    def get_queryset(self):
        return selectors.incident_list(user=self.request.user)

    def get_form_kwargs(self):
        return {"user": self.request.user, "instance": self.object}

    def extra_context_data(self):
        return {"title": _("Edit incident"), "supplier": self.object.supplier}

    def save(self, form):
        data = {k: form.cleaned_data[k] for k in Incident.EDITABLE_FIELDS}
        # A fresh copy: the ModelForm already wrote the new values onto self.object.
        return services.incident_update(
            actor=self.request.user,
            incident=self.get_object(),
            data=data,
            receipts=form.cleaned_data["receipts"],
        )
