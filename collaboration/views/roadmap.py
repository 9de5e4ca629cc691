"""The shared roadmap: the list, adding and editing items."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from srm.core import permissions

from .. import forms, selectors, services
from ..filtersets import RoadmapItemFilterSet
from ..models import RoadmapItem
from ..tables import RoadmapItemTable
from .base import CollaborationListView, ServiceFormView, SupplierParamMixin, supplier_space_url


class RoadmapListView(CollaborationListView):
    model = RoadmapItem
    table_class = RoadmapItemTable
    filterset_class = RoadmapItemFilterSet
    title, noun, create_url_name = "Shared roadmap", "roadmap items", "collaboration:roadmap_create"

    def selector(self, user):
        return selectors.roadmap_list(user=user)

    def get_table_kwargs(self):
        return {"can_change": permissions.can(self.request.user, "change", RoadmapItem)}


class RoadmapCreateView(SupplierParamMixin, ServiceFormView):
    permission_model = RoadmapItem
    permission_action = "add"
    form_class = forms.RoadmapItemForm
    title = "New roadmap item"
    success_message = "Roadmap item added."

    def save(self, form):
        data = dict(form.cleaned_data)
        supplier = self.supplier or data.pop("supplier")
        data.pop("supplier", None)
        services.roadmap_item_create(actor=self.request.user, supplier=supplier, **data)
        return supplier_space_url(supplier)


class RoadmapUpdateView(ServiceFormView):
    permission_model = RoadmapItem
    permission_action = "change"
    form_class = forms.RoadmapItemForm
    title = "Edit roadmap item"
    success_message = "Roadmap item saved."

    def load(self):
        self.item = self._fetch()
        if not permissions.can_object(self.request.user, "change", self.item):
            raise PermissionDenied

    def _fetch(self):
        return selectors.roadmap_item_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {"user": self.request.user, "instance": self.item}

    def cancel_url(self):
        return supplier_space_url(self.item.supplier)

    def save(self, form):
        item = services.roadmap_item_update(
            actor=self.request.user, item=self._fetch(), data=dict(form.cleaned_data)
        )
        return supplier_space_url(item.supplier)
