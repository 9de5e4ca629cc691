"""What the collaboration pages share besides the page kit (``srm.core.views``): the list
page, and the creation page opened for one supplier."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from srm.core import permissions
from srm.core.views import GovernedViewMixin
from suppliers.models import Supplier

from .. import selectors


class SupplierParamMixin:
    """A creation page opened for one supplier (``?supplier=CODE``), or choosing one.

    A supplier collaborator always works for its own supplier. The form gets the user and
    the fixed supplier (None: the form offers the suppliers within reach)."""

    def load(self):
        self.supplier = self.fixed_supplier(self.permission_model)

    def get_form_kwargs(self):
        return {"user": self.request.user, "supplier": self.supplier}

    def extra_context_data(self):
        return {"supplier": self.supplier}

    def fixed_supplier(self, model) -> Supplier | None:
        user = self.request.user
        if selectors.is_supplier_side(user):
            return user.supplier
        code = self.request.GET.get("supplier") or self.request.POST.get("supplier_code")
        if not code:
            return None
        # A supplier named in the URL outside the user's reach is not there for them (404),
        # as a row outside reach.
        supplier = permissions.supplier_for_new_row(user, model, code)
        if supplier is None:
            raise Http404("No such supplier.")
        return supplier


class CollaborationListView(GovernedViewMixin, SingleTableMixin, FilterView):
    """A filtered table; the template offers ``create_url_name`` to whoever may add."""

    template_name = "collaboration/list.html"
    paginate_by = 25
    title = ""
    noun = "rows"
    create_url_name = ""

    def selector(self, user):
        raise NotImplementedError

    def get_queryset(self):
        return self.selector(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "title": self.title,
                "noun": self.noun,
                "create_url_name": self.create_url_name,
                "model_label": self.model._meta.label,
            }
        )
        return context


def supplier_space_url(supplier: Supplier) -> str:
    return reverse("collaboration:supplier_space", args=[supplier.code])


def transition_choices(instance, status_class) -> list[tuple[str, str]]:
    """The statuses the row may move to, in workflow order, so the forward move is the
    default choice and cancelling or declining comes last."""
    targets = {t.target for t in instance.get_available_status_transitions()}
    return [(s.value, s.label) for s in status_class if s.value in targets]
