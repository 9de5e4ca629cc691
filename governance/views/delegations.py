"""Pages of one's own delegations of sign-off rights (out of office)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from srm.core.views import GovernedViewMixin, ServiceActionView, ServiceFormView

from .. import selectors, services
from ..forms import DelegationForm
from ..models import Delegation


class DelegationListView(GovernedViewMixin, TemplateView):
    permission_model = Delegation
    template_name = "governance/delegation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        given, held = selectors.delegations_of(user=self.request.user)
        context.update({"given": given, "held": held, "today": timezone.localdate()})
        return context


class DelegationCreateView(ServiceFormView):
    permission_model = Delegation
    permission_action = "add"
    form_class = DelegationForm
    title = gettext_lazy("Delegate my sign-off rights")

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def cancel_url(self):
        return reverse("governance:delegation_list")

    def save(self, form):
        return services.delegation_create(actor=self.request.user, **form.cleaned_data)

    def get_success_message(self, delegation):
        return _("%(who)s signs on your behalf from %(starts)s to %(ends)s.") % {
            "who": delegation.delegate,
            "starts": delegation.starts,
            "ends": delegation.ends,
        }


class DelegationEndView(ServiceActionView):
    model = Delegation
    permission_action = "change"

    def get_queryset(self):
        return super().get_queryset().filter(delegator=self.request.user)

    def get_success_url(self):
        return reverse("governance:delegation_list")

    def perform(self, obj):
        services.delegation_end(actor=self.request.user, delegation=obj)
        return _("Delegation ended.")
