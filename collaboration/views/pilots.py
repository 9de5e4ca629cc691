"""Pilot pages: the list, the sprint's page with its task board (htmx), planning and moving."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.generic import DetailView

from srm.core import permissions
from srm.core.views import GovernedViewMixin

from .. import forms, selectors, services
from ..filtersets import PilotFilterSet
from ..models import Pilot, PilotTask
from ..tables import PilotTable
from .base import CollaborationListView, ServiceFormView, SupplierParamMixin, transition_choices


class PilotListView(CollaborationListView):
    model = Pilot
    table_class = PilotTable
    filterset_class = PilotFilterSet
    title, noun, create_url_name = "Innovation pilots", "pilots", "collaboration:pilot_create"

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
        can_add_task = permissions.can_supplier(user, PilotTask, "add", pilot.supplier_id)
        open_pilot = pilot.status in (Pilot.Status.PLANNED, Pilot.Status.RUNNING)
        context.update(
            {
                "buyer_members": [m for m in members if not m.supplier_id],
                "supplier_members": [m for m in members if m.supplier_id],
                "board": selectors.task_board(tasks=selectors.pilot_tasks(user=user, pilot=pilot)),
                "can_move_tasks": permissions.can(user, "change", PilotTask),
                "task_form": forms.PilotTaskForm(pilot=pilot)
                if can_add_task and open_pilot
                else None,
                "can_change": permissions.can_object(user, "change", pilot),
                "transitions": transition_choices(pilot, Pilot.Status),
            }
        )
        return context


class PilotCreateView(SupplierParamMixin, ServiceFormView):
    permission_model = Pilot
    permission_action = "add"
    form_class = forms.PilotForm
    title = "New innovation pilot"
    success_message = "Pilot planned."

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
    permission_model = Pilot
    permission_action = "change"
    form_class = forms.PilotForm
    title = "Edit pilot"
    success_message = "Pilot saved."

    def load(self):
        self.pilot = self._fetch()
        if not permissions.can_object(self.request.user, "change", self.pilot):
            raise PermissionDenied

    def _fetch(self):
        return selectors.pilot_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {"user": self.request.user, "instance": self.pilot}

    def cancel_url(self):
        return self.pilot.get_absolute_url()

    def save(self, form):
        data = {k: form.cleaned_data[k] for k in ("title", "goal", "budget", "currency")}
        data["start_date"] = form.cleaned_data["start_date"]
        # A fresh copy: validating the ModelForm already wrote the new values onto the
        # instance, and the service must see the stored ones to audit the change.
        return services.pilot_update(
            actor=self.request.user,
            pilot=self._fetch(),
            data=data,
            members=form.cleaned_data["members"],
        )


class PilotTransitionView(GovernedViewMixin, DetailView):
    model = Pilot
    permission_action = "change"
    http_method_names = ["post"]

    def get_queryset(self):
        return selectors.pilot_list(user=self.request.user)

    def post(self, request, *args, **kwargs):
        pilot = self.get_object()
        form = forms.PilotTransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose a status.")
            return redirect(pilot)
        try:
            services.pilot_transition(
                actor=request.user,
                pilot=pilot,
                target=form.cleaned_data["target"],
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"The pilot is {pilot.get_status_display().lower()}.")
        return redirect(pilot)


class PilotTaskCreateView(GovernedViewMixin, DetailView):
    model = PilotTask
    permission_action = "add"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        pilot = selectors.pilot_get(user=request.user, pk=kwargs["pk"])
        form = forms.PilotTaskForm(request.POST, pilot=pilot)
        if not form.is_valid():
            messages.error(request, "Give the task a title (and a member as assignee).")
            return redirect(pilot)
        try:
            services.pilot_task_create(actor=request.user, pilot=pilot, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Task added.")
        return redirect(pilot)


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
                messages.error(request, " ".join(exc.messages))
        pilot = task.pilot
        if not request.htmx:
            return redirect(pilot)
        tasks = selectors.pilot_tasks(user=request.user, pilot=pilot)
        return render(
            request,
            "collaboration/_task_board.html",
            {"board": selectors.task_board(tasks=tasks), "can_move_tasks": True},
            status=200 if form.is_valid() else 400,
        )
