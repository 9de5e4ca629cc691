"""Pilot pages: the list, the sprint's page with its task board (htmx), planning and moving."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from srm.core.views import (
    GovernedViewMixin,
    ServiceActionView,
    ServiceFormView,
    TransitionView,
    error_text,
)

from .. import forms, selectors, services
from ..filtersets import PilotFilterSet
from ..models import Pilot, PilotTask
from ..tables import PilotTable
from .base import CollaborationListView, SupplierParamMixin, transition_choices


class PilotListView(CollaborationListView):
    model = Pilot
    table_class = PilotTable
    filterset_class = PilotFilterSet
    title, noun, create_url_name = (
        gettext_lazy("Innovation pilots"),
        gettext_lazy("pilots"),
        "collaboration:pilot_create",
    )

    def selector(self, user):
        return selectors.pilot_list(user=user)


class PilotDetailView(GovernedViewMixin, DetailView):
    model = Pilot
    template_name = "collaboration/pilot_detail.html"

    def get_queryset(self):
        return selectors.pilot_list(user=self.request.user).prefetch_related("members")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pilot, user = self.object, self.request.user
        members = list(pilot.members.all())
        open_pilot = pilot.status in (Pilot.Status.PLANNED, Pilot.Status.RUNNING)
        context.update(
            {
                "buyer_members": [m for m in members if not m.supplier_id],
                "supplier_members": [m for m in members if m.supplier_id],
                "board": selectors.task_board(tasks=selectors.pilot_tasks(user=user, pilot=pilot)),
                # Tasks are added while the sprint is open; the template offers the form
                # to whoever may add tasks for the pilot's supplier.
                "task_form": forms.PilotTaskForm(pilot=pilot, user=user) if open_pilot else None,
                "transitions": transition_choices(pilot, Pilot.Status),
            }
        )
        return context


class PilotCreateView(SupplierParamMixin, ServiceFormView):
    permission_model = Pilot
    permission_action = "add"
    form_class = forms.PilotForm
    title = gettext_lazy("New innovation pilot")
    success_message = gettext_lazy("Pilot planned.")

    def save(self, form):
        data = form.cleaned_data
        return services.pilot_create(
            actor=self.request.user,
            supplier=self.supplier or data["supplier"],
            title=data["title"],
            goal=data["goal"],
            start_date=data["start_date"],
            budget=data["budget"],
            currency=data["currency"],
            members=data["members"],
        )


class PilotUpdateView(ServiceFormView):
    model = Pilot
    permission_action = "change"
    form_class = forms.PilotForm
    title = gettext_lazy("Edit pilot")
    success_message = gettext_lazy("Pilot saved.")

    def get_queryset(self):
        return selectors.pilot_list(user=self.request.user)

    def get_form_kwargs(self):
        return {"user": self.request.user, "instance": self.object}

    def save(self, form):
        data = {k: form.cleaned_data[k] for k in ("title", "goal", "budget", "currency")}
        data["start_date"] = form.cleaned_data["start_date"]
        # A fresh copy: validating the ModelForm already wrote the new values onto the
        # instance, and the service must see the stored ones to audit the change.
        return services.pilot_update(
            actor=self.request.user,
            pilot=self.get_object(),
            data=data,
            members=form.cleaned_data["members"],
        )


class PilotTransitionView(TransitionView):
    model = Pilot
    form_class = forms.PilotTransitionForm
    service = staticmethod(services.pilot_transition)
    object_arg = "pilot"

    def get_queryset(self):
        return selectors.pilot_list(user=self.request.user)

    def perform(self, obj):
        super().perform(obj)
        return _("The pilot is %(status)s.") % {"status": obj.get_status_display().lower()}


class PilotTaskCreateView(ServiceActionView):
    """Adding a task is the act; the pilot (seen through ``view``) is its context."""

    model = Pilot
    permission_model = PilotTask
    permission_action = "add"

    def get_queryset(self):
        return selectors.pilot_list(user=self.request.user)

    def perform(self, obj):
        form = forms.PilotTaskForm(self.request.POST, pilot=obj, user=self.request.user)
        if not form.is_valid():
            raise ValidationError(_("Give the task a title (and a member as assignee)."))
        services.pilot_task_create(actor=self.request.user, pilot=obj, **form.cleaned_data)
        return _("Task added.")


class PilotTaskMoveView(GovernedViewMixin, DetailView):
    """Move a task across the board; htmx swaps only the board."""

    model = PilotTask
    permission_action = "change"
    http_method_names = ["post"]

    def get_queryset(self):
        return super().get_queryset().select_related("pilot__supplier")

    def post(self, request, *args, **kwargs):
        task = self.get_object()
        form = forms.TaskMoveForm(request.POST)
        if form.is_valid():
            try:
                services.pilot_task_update(
                    actor=request.user, task=task, data={"status": form.cleaned_data["status"]}
                )
            except ValidationError as exc:
                messages.error(request, error_text(exc))
        pilot = task.pilot
        if not request.htmx:
            return redirect(pilot)
        tasks = selectors.pilot_tasks(user=request.user, pilot=pilot)
        return render(
            request,
            "collaboration/_task_board.html",
            {"board": selectors.task_board(tasks=tasks)},
            status=200 if form.is_valid() else 400,
        )
