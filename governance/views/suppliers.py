"""The Governance tab of the supplier page: its decisions, disputes, requests and actions."""

from django.utils import timezone
from django.views.generic import TemplateView

from srm.core.views import GovernedViewMixin
from suppliers import selectors as supplier_selectors
from suppliers.views import SupplierTabMixin

from .. import selectors
from ..models import DecisionRequest


class SupplierGovernanceView(GovernedViewMixin, SupplierTabMixin, TemplateView):
    """Each list is read only when the template shows it (``{% can "view" ... %}``)."""

    permission_model = DecisionRequest
    tab = "governance"
    template_name = "governance/supplier_governance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        supplier = supplier_selectors.supplier_get(user=user, code=self.kwargs["code"])
        context.update(self.supplier_context(supplier))
        context.update(
            {
                "decisions": selectors.decision_request_list(user=user).filter(supplier=supplier)[
                    :25
                ],
                "disputes": selectors.dispute_list(user=user).filter(supplier=supplier)[:25],
                "requests": selectors.supplier_request_list(user=user).filter(supplier=supplier)[
                    :25
                ],
                "actions": selectors.action_item_list(user=user).filter(supplier=supplier)[:25],
                "now": timezone.now(),
            }
        )
        return context
