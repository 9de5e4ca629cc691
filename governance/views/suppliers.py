"""The Governance tab of the supplier page: its decisions, disputes, requests and actions."""

from django.utils import timezone
from django.views.generic import TemplateView

from srm.core import permissions
from srm.core.views import GovernedViewMixin
from suppliers import selectors as supplier_selectors
from suppliers.views import SupplierTabMixin

from .. import selectors
from ..models import ActionItem, DecisionRequest, Dispute, SupplierRequest


class SupplierGovernanceView(GovernedViewMixin, SupplierTabMixin, TemplateView):
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
                "disputes": selectors.dispute_list(user=user).filter(supplier=supplier)[:25]
                if permissions.can(user, "view", Dispute)
                else None,
                "requests": selectors.supplier_request_list(user=user).filter(supplier=supplier)[
                    :25
                ]
                if permissions.can(user, "view", SupplierRequest)
                else None,
                "actions": selectors.action_item_list(user=user).filter(supplier=supplier)[:25]
                if permissions.can(user, "view", ActionItem)
                else None,
                "can_raise": permissions.can_supplier(user, DecisionRequest, "add", supplier.pk),
                "can_send": permissions.can_supplier(user, SupplierRequest, "add", supplier.pk),
                "now": timezone.now(),
            }
        )
        return context
