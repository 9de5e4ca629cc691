"""Joint demand forecasts: the list, drafting, sharing and the supplier's answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.generic import DetailView

from srm.core import permissions
from srm.core.views import GovernedViewMixin

from .. import forms, selectors, services
from ..filtersets import ForecastFilterSet
from ..models import Forecast
from ..tables import ForecastTable
from .base import CollaborationListView, ServiceFormView, SupplierParamMixin, add_service_error


class ForecastListView(CollaborationListView):
    model = Forecast
    table_class = ForecastTable
    filterset_class = ForecastFilterSet
    title, noun, create_url_name = (
        "Joint demand forecasts",
        "forecasts",
        "collaboration:forecast_create",
    )

    def selector(self, user):
        return selectors.forecast_list(user=user)


class ForecastDetailView(GovernedViewMixin, DetailView):
    model = Forecast
    template_name = "collaboration/forecast_detail.html"

    def get_queryset(self):
        return selectors.forecast_list(user=self.request.user)

    def get_object(self, queryset=None):
        return selectors.forecast_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forecast, user = self.object, self.request.user
        can_acknowledge = forecast.status == Forecast.Status.SHARED and permissions.can_object(
            user, "acknowledge", forecast
        )
        context.update(
            {
                "lines": forecast.lines.all(),
                "can_share": forecast.status == Forecast.Status.DRAFT
                and permissions.can_object(user, "change", forecast),
                "acknowledge_form": kwargs.get("acknowledge_form")
                or (forms.ForecastAcknowledgeForm(forecast=forecast) if can_acknowledge else None),
            }
        )
        return context


class ForecastCreateView(SupplierParamMixin, ServiceFormView):
    permission_model = Forecast
    permission_action = "add"
    form_class = forms.ForecastForm
    title = "New demand forecast"
    success_message = "Forecast saved."

    def save(self, form):
        data = form.cleaned_data
        return services.forecast_create(
            actor=self.request.user,
            supplier=self.supplier or data["supplier"],
            title=data["title"],
            lines=data["lines"],
            share=data["share"],
        )


class ForecastShareView(GovernedViewMixin, DetailView):
    model = Forecast
    permission_action = "change"
    http_method_names = ["post"]

    def get_queryset(self):
        return selectors.forecast_list(user=self.request.user)

    def post(self, request, *args, **kwargs):
        forecast = self.get_object()
        try:
            services.forecast_share(actor=request.user, forecast=forecast)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Forecast shared with the supplier.")
        return redirect(forecast)


class ForecastAcknowledgeView(ForecastDetailView):
    permission_action = "acknowledge"
    http_method_names = ["post"]

    def get_object(self, queryset=None):
        forecast = super().get_object(queryset)
        if not permissions.can_object(self.request.user, "acknowledge", forecast):
            raise PermissionDenied
        return forecast

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
                messages.success(request, "Thank you: your answer is recorded.")
                return redirect(forecast)
        context = self.get_context_data(object=forecast, acknowledge_form=form)
        return self.render_to_response(context, status=400)
