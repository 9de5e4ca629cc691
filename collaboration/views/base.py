"""What the collaboration pages share: the service-backed form page, the list page, and
the creation page opened for one supplier."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from srm.core import permissions
from srm.core.views import GovernedViewMixin
from suppliers.models import Supplier

from .. import selectors


def add_service_error(form, exc: ValidationError) -> None:
    """Show a service's validation error on the form field it names, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ServiceFormView(GovernedViewMixin, TemplateView):
    """A form page whose valid input goes to one service.

    ``load`` fetches the rows the page works on (404 outside reach); ``save`` calls the
    service and returns what to redirect to. A validation error from the service is shown
    on the form (400); a ``PermissionDenied`` answers 403.
    """

    template_name = "form.html"
    form_class = None
    title = ""
    submit_label = "Save"
    success_message = ""

    def load(self) -> None:
        pass

    def get_form_kwargs(self) -> dict:
        return {}

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data, **self.get_form_kwargs())

    def save(self, form):
        raise NotImplementedError

    def extra_context_data(self) -> dict:
        return {}

    def cancel_url(self) -> str:
        return self.request.META.get("HTTP_REFERER", "/")

    def render_form(self, form, status: int = 200):
        context = {
            "form": form,
            "title": self.title,
            "submit_label": self.submit_label,
            "cancel_url": self.cancel_url(),
            **self.extra_context_data(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        self.load()
        return self.render_form(self.get_form())

    def post(self, request, *args, **kwargs):
        self.load()
        form = self.get_form()
        if form.is_valid():
            try:
                result = self.save(form)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return redirect(result)
        return self.render_form(form, status=400)


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
        if "\x00" in code:  # names nothing, and PostgreSQL refuses NUL in text
            raise Http404("No such supplier.")
        supplier = get_object_or_404(Supplier, code=code)
        if not permissions.can_supplier(user, model, "add", supplier.pk):
            raise Http404("No such supplier.")
        return supplier


class CollaborationListView(GovernedViewMixin, SingleTableMixin, FilterView):
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
                "create_url_name": self.create_url_name
                if permissions.can(self.request.user, "add", self.model)
                else "",
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
