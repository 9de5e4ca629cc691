"""Joint demand forecasts: the list, drafting, sharing and the supplier's answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from srm.core.views import GovernedViewMixin, ServiceActionView, ServiceFormView, add_service_error

from .. import forms, selectors, services
from ..filtersets import ForecastFilterSet
from ..models import Forecast, ForecastLine
from ..tables import ForecastTable
from .base import CollaborationListView, SupplierParamMixin


class ForecastListView(CollaborationListView):
    model = Forecast
    table_class = ForecastTable
    filterset_class = ForecastFilterSet
    title, noun, create_url_name = (
        gettext_lazy("Joint demand forecasts"),
        gettext_lazy("forecasts"),
        "collaboration:forecast_create",
    )

    def selector(self, user):
        return selectors.forecast_list(user=user)


class ForecastDetailView(GovernedViewMixin, DetailView):
    """The forecast and its lines; a shared forecast carries the answer form, which the
    template shows to whoever may acknowledge it."""

    model = Forecast
    template_name = "collaboration/forecast_detail.html"

    def get_queryset(self):
        return selectors.forecast_list(user=self.request.user).prefetch_related(
            Prefetch("lines", queryset=ForecastLine.objects.select_related("item"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forecast = self.object
        context.update(
            {
                "lines": forecast.lines.all(),
                "acknowledge_form": kwargs.get("acknowledge_form")
                or (
                    forms.ForecastAcknowledgeForm(forecast=forecast)
                    if forecast.status == Forecast.Status.SHARED
                    else None
                ),
            }
        )
        return context


class ForecastCreateView(SupplierParamMixin, ServiceFormView):
    permission_model = Forecast
    permission_action = "add"
    form_class = forms.ForecastForm
    title = gettext_lazy("New demand forecast")
    success_message = gettext_lazy("Forecast saved.")

    def save(self, form):
        data = form.cleaned_data
        return services.forecast_create(
            actor=self.request.user,
            supplier=self.supplier or data["supplier"],
            title=data["title"],
            lines=data["lines"],
            share=data["share"],
        )


class ForecastShareView(ServiceActionView):
    model = Forecast

    def get_queryset(self):
        return selectors.forecast_list(user=self.request.user)

    def perform(self, obj):
        services.forecast_share(actor=self.request.user, forecast=obj)
        return _("Forecast shared with the supplier.")


class ForecastAcknowledgeView(ForecastDetailView):
    """The supplier's answer; a wrong answer is shown on the forecast's page (400)."""

    permission_action = "acknowledge"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = forecast = self.get_object()
        form = forms.ForecastAcknowledgeForm(request.POST, forecast=forecast)
        if form.is_valid():
            try:
                services.forecast_acknowledge(
                    actor=request.user,
                    forecast=forecast,
                    commit=form.cleaned_data["response"] == "commit",
                    capacities=form.capacities(),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Thank you: your answer is recorded."))
                return redirect(forecast)
        context = self.get_context_data(object=forecast, acknowledge_form=form)
        return self.render_to_response(context, status=400)
