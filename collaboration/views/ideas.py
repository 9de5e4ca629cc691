"""Improvement ideas: the list, an idea with its workflow, submitting and reviewing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import DetailView

from srm.core import permissions
from srm.core.views import GovernedViewMixin

from .. import forms, selectors, services
from ..filtersets import IdeaFilterSet
from ..models import Idea
from ..tables import IdeaTable
from .base import CollaborationListView, ServiceFormView, SupplierParamMixin, transition_choices


class IdeaListView(CollaborationListView):
    model = Idea
    table_class = IdeaTable
    filterset_class = IdeaFilterSet
    title, noun, create_url_name = "Improvement ideas", "ideas", "collaboration:idea_create"

    def selector(self, user):
        return selectors.idea_list(user=user)


class IdeaDetailView(GovernedViewMixin, DetailView):
    model = Idea
    template_name = "collaboration/idea_detail.html"

    def get_queryset(self):
        return selectors.idea_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        idea, user = self.object, self.request.user
        can_review = permissions.can_object(user, "review", idea)
        context.update(
            {
                "can_review": can_review,
                "transitions": transition_choices(idea, Idea.Status) if can_review else [],
                "steps": [s for s in Idea.Status if s != Idea.Status.DECLINED],
            }
        )
        return context


class IdeaCreateView(SupplierParamMixin, ServiceFormView):
    permission_model = Idea
    permission_action = "add"
    form_class = forms.IdeaForm
    title = "Submit an improvement idea"
    submit_label = "Submit idea"
    success_message = "Thank you: your idea is submitted."

    def save(self, form):
        data = form.cleaned_data
        return services.idea_submit(
            actor=self.request.user,
            supplier=self.supplier or data["supplier"],
            title=data["title"],
            description=data["description"],
            estimated_value=data["estimated_value"],
            currency=data["currency"],
        )


class IdeaTransitionView(GovernedViewMixin, DetailView):
    model = Idea
    permission_action = "review"
    http_method_names = ["post"]

    def get_queryset(self):
        return selectors.idea_list(user=self.request.user)

    def post(self, request, *args, **kwargs):
        idea = self.get_object()
        form = forms.IdeaTransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose a status.")
            return redirect(idea)
        try:
            services.idea_transition(actor=request.user, idea=idea, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"The idea is {idea.get_status_display().lower()}.")
        return redirect(idea)
