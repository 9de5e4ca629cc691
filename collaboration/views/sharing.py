"""The sharing-policy editor (management roles) and the collaboration tab of the supplier
page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_tables2 import SingleTableMixin

from srm.core.views import GovernedViewMixin, ServiceFormView
from suppliers import selectors as supplier_selectors
from suppliers.views import SupplierTabMixin

from .. import forms, selectors, services
from ..models import Pilot, SharingDataset, SharingPolicy
from ..tables import SharingPolicyTable


class SharingPolicyListView(GovernedViewMixin, SingleTableMixin, TemplateView):
    """Who shares what: readable by whoever may see policies, editable row by row."""

    permission_model = SharingPolicy
    table_class = SharingPolicyTable
    template_name = "collaboration/policy_list.html"
    table_pagination = {"per_page": 50}

    def get_table_data(self):
        return selectors.sharing_policy_suppliers(user=self.request.user)


class SharingPolicyEditView(ServiceFormView):
    permission_model = SharingPolicy
    permission_action = "change"
    form_class = forms.SharingPolicyForm
    submit_label = gettext_lazy("Save policy")
    success_message = gettext_lazy("Sharing policy saved.")

    def load(self):
        self.supplier = selectors.sharing_policy_supplier_get(
            user=self.request.user, code=self.kwargs["code"]
        )
        self.title = _("What %(supplier)s sees") % {"supplier": self.supplier.name}

    def get_form(self):
        policy = selectors.sharing_policy_for(supplier=self.supplier)
        if self.request.method == "POST":
            return self.form_class(self.request.POST)
        return self.form_class(initial={"datasets": policy.datasets, "note": policy.note})

    def extra_context_data(self):
        return {"supplier": self.supplier, "datasets": SharingDataset.choices}

    def cancel_url(self):
        return reverse("collaboration:policy_list")

    def save(self, form):
        services.sharing_policy_set(
            actor=self.request.user,
            supplier=self.supplier,
            datasets=form.cleaned_data["datasets"],
            note=form.cleaned_data["note"],
        )
        return self.cancel_url()


# --- the supplier's collaboration space (a tab of the supplier page) -------------------------


class SupplierSpaceView(GovernedViewMixin, SupplierTabMixin, TemplateView):
    permission_model = Pilot
    template_name = "collaboration/supplier_space.html"
    tab = "collaboration"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        supplier = supplier_selectors.supplier_get(user=user, code=self.kwargs["code"])
        context.update(self.supplier_context(supplier))
        context.update(selectors.supplier_space(user=user, supplier=supplier))
        context["datasets"] = SharingDataset.choices
        return context
