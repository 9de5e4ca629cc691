"""The shared roadmap: the list, adding and editing items."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from srm.core.views import ServiceFormView

from .. import forms, selectors, services
from ..filtersets import RoadmapItemFilterSet
from ..models import RoadmapItem
from ..tables import RoadmapItemTable
from .base import CollaborationListView, SupplierParamMixin, supplier_space_url


class RoadmapListView(CollaborationListView):
    model = RoadmapItem
    table_class = RoadmapItemTable
    filterset_class = RoadmapItemFilterSet
    title, noun, create_url_name = (
        gettext_lazy("Shared roadmap"),
        gettext_lazy("roadmap items"),
        "collaboration:roadmap_create",
    )

    def selector(self, user):
        return selectors.roadmap_list(user=user)

    def get_table_kwargs(self):
        return {"user": self.request.user}


class RoadmapCreateView(SupplierParamMixin, ServiceFormView):
    permission_model = RoadmapItem
    permission_action = "add"
    form_class = forms.RoadmapItemForm
    title = gettext_lazy("New roadmap item")
    success_message = gettext_lazy("Roadmap item added.")

    def save(self, form):
        data = dict(form.cleaned_data)
        supplier = self.supplier or data.pop("supplier")
        data.pop("supplier", None)
        services.roadmap_item_create(actor=self.request.user, supplier=supplier, **data)
        return supplier_space_url(supplier)


class RoadmapUpdateView(ServiceFormView):
    model = RoadmapItem
    permission_action = "change"
    form_class = forms.RoadmapItemForm
    title = gettext_lazy("Edit roadmap item")
    success_message = gettext_lazy("Roadmap item saved.")

    def get_queryset(self):
        return selectors.roadmap_list(user=self.request.user)

    def get_form_kwargs(self):
        return {"user": self.request.user, "instance": self.object}

    def cancel_url(self):
        return supplier_space_url(self.object.supplier)

    def save(self, form):
        # A fresh copy: validating the ModelForm already wrote the new values onto
        # self.object, and the service must see the stored ones to audit the change.
        item = services.roadmap_item_update(
            actor=self.request.user, item=self.get_object(), data=dict(form.cleaned_data)
        )
        return supplier_space_url(item.supplier)
