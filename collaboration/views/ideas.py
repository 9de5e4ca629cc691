"""Improvement ideas: the list, an idea with its workflow, submitting and reviewing."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from srm.core.views import GovernedViewMixin, ServiceFormView, TransitionView

from .. import forms, selectors, services
from ..filtersets import IdeaFilterSet
from ..models import Idea
from ..tables import IdeaTable
from .base import CollaborationListView, SupplierParamMixin, transition_choices


class IdeaListView(CollaborationListView):
    model = Idea
    table_class = IdeaTable
    filterset_class = IdeaFilterSet
    title, noun, create_url_name = (
        gettext_lazy("Improvement ideas"),
        gettext_lazy("ideas"),
        "collaboration:idea_create",
    )

    def selector(self, user):
        return selectors.idea_list(user=user)


class IdeaDetailView(GovernedViewMixin, DetailView):
    model = Idea
    template_name = "collaboration/idea_detail.html"

    def get_queryset(self):
        return selectors.idea_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                # The moves the workflow allows; the template offers them to reviewers.
                "transitions": transition_choices(self.object, Idea.Status),
                "steps": [s for s in Idea.Status if s != Idea.Status.DECLINED],
            }
        )
        return context


class IdeaCreateView(SupplierParamMixin, ServiceFormView):
    permission_model = Idea
    permission_action = "add"
    form_class = forms.IdeaForm
    title = gettext_lazy("Submit an improvement idea")
    submit_label = gettext_lazy("Submit idea")
    success_message = gettext_lazy("Thank you: your idea is submitted.")

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


class IdeaTransitionView(TransitionView):
    model = Idea
    permission_action = "review"
    form_class = forms.IdeaTransitionForm
    service = staticmethod(services.idea_transition)
    object_arg = "idea"

    def get_queryset(self):
        return selectors.idea_list(user=self.request.user)

    def perform(self, obj):
        super().perform(obj)
        return _("The idea is %(status)s.") % {"status": obj.get_status_display().lower()}
