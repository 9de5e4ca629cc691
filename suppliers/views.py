"""Pages of the suppliers domain. Thin: the choke point mixin, a selector, a template."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from srm.core import permissions
from srm.core.navigation import supplier_tabs_for
from srm.core.views import GovernedViewMixin

from . import selectors, services
from .filtersets import ContractFilterSet, ReceiptFilterSet, SupplierFilterSet
from .forms import ImportForm, SupplierForm, SupplierTransitionForm
from .importers import import_run
from .models import (
    CERTIFICATE_WARNING_DAYS,
    ImportBatch,
    Receipt,
    Supplier,
    SupplierStatus,
)
from .tables import ContractTable, ReceiptTable, SupplierTable


class SupplierListView(GovernedViewMixin, SingleTableMixin, FilterView):
    model = Supplier
    table_class = SupplierTable
    filterset_class = SupplierFilterSet
    template_name = "suppliers/supplier_list.html"
    paginate_by = 25

    def get_queryset(self):
        return selectors.supplier_list(user=self.request.user)


class SupplierTabMixin:
    """Shared context of every tab of the supplier page."""

    tab = "overview"

    def supplier_context(self, supplier):
        user = self.request.user
        return {
            "supplier": supplier,
            "tabs": supplier_tabs_for(user, supplier.code),
            "active_tab": self.tab,
            "can_change": permissions.can_object(user, "change", supplier),
        }


class SupplierDetailView(GovernedViewMixin, SupplierTabMixin, DetailView):
    model = Supplier
    template_name = "suppliers/supplier_detail.html"
    slug_field = slug_url_kwarg = "code"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("relationship_owner")
            .prefetch_related("categories")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        supplier, user = self.object, self.request.user
        today = timezone.localdate()
        certificates = list(selectors.supplier_certificates(user=user, supplier=supplier))
        for certificate in certificates:
            certificate.days_left = certificate.days_to_expiry(today)
            certificate.flag = certificate.days_left <= CERTIFICATE_WARNING_DAYS
        context.update(self.supplier_context(supplier))
        context.update(
            {
                "contracts": selectors.supplier_contracts(user=user, supplier=supplier),
                "certificates": certificates,
                "events": selectors.supplier_events(user=user, supplier=supplier),
                "receipt_summary": selectors.supplier_receipt_summary(user=user, supplier=supplier),
                "transition_choices": [
                    (t.target, SupplierStatus(t.target).label)
                    for t in supplier.get_available_status_transitions()
                ],
                "certificate_warning_days": CERTIFICATE_WARNING_DAYS,
                "can_view_contracts": permissions.can(user, "view", selectors.Contract),
                "can_view_certificates": permissions.can(user, "view", selectors.Certificate),
            }
        )
        return context


class SupplierReceiptsView(GovernedViewMixin, SupplierTabMixin, SingleTableMixin, FilterView):
    model = Receipt
    tab = "receipts"
    table_class = ReceiptTable
    filterset_class = ReceiptFilterSet
    template_name = "suppliers/supplier_receipts.html"
    paginate_by = 50

    def get_queryset(self):
        self.supplier = selectors.supplier_get(user=self.request.user, code=self.kwargs["code"])
        return selectors.receipt_list(user=self.request.user).filter(supplier=self.supplier)

    def get_table_kwargs(self):
        return {"exclude": ("supplier",)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.supplier_context(self.supplier))
        return context


class SupplierFormMixin(GovernedViewMixin):
    model = Supplier
    template_name = "suppliers/supplier_form.html"

    def get_form(self):
        return SupplierForm(
            self.request.POST or None,
            instance=getattr(self, "object", None),
            user=self.request.user,
        )


class SupplierCreateView(SupplierFormMixin, TemplateView):
    permission_action = "add"

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, {"form": self.get_form()})

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            data = dict(form.cleaned_data)
            categories = list(data.pop("categories"))
            try:
                supplier = services.supplier_create(
                    actor=request.user, categories=categories, **data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Supplier {supplier.code} registered.")
                return redirect(supplier)
        return render(request, self.template_name, {"form": form}, status=400)


class SupplierUpdateView(SupplierFormMixin, DetailView):
    permission_action = "change"
    slug_field = slug_url_kwarg = "code"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return render(
            request, self.template_name, {"form": self.get_form(), "supplier": self.object}
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k in services.SUPPLIER_FIELDS}
            try:
                # A fresh copy: validating the ModelForm already wrote the new values onto
                # self.object, and the service must see the stored ones to audit the change.
                services.supplier_update(
                    actor=request.user,
                    supplier=self.get_object(),
                    data=data,
                    categories=list(form.cleaned_data["categories"]),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Supplier saved.")
                return redirect(self.object)
        return render(
            request, self.template_name, {"form": form, "supplier": self.object}, status=400
        )


class SupplierTransitionView(GovernedViewMixin, DetailView):
    model = Supplier
    permission_action = "change"
    slug_field = slug_url_kwarg = "code"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        supplier = self.get_object()
        form = SupplierTransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose a status.")
            return redirect(supplier)
        try:
            services.supplier_transition(
                actor=request.user,
                supplier=supplier,
                target=form.cleaned_data["target"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Status is now {supplier.get_status_display()}.")
        return redirect(supplier)


class ContractListView(GovernedViewMixin, SingleTableMixin, FilterView):
    model = selectors.Contract
    table_class = ContractTable
    filterset_class = ContractFilterSet
    template_name = "suppliers/contract_list.html"
    paginate_by = 25

    def get_queryset(self):
        return selectors.contract_list(user=self.request.user)


class ContractDetailView(GovernedViewMixin, DetailView):
    model = selectors.Contract
    template_name = "suppliers/contract_detail.html"
    slug_field = slug_url_kwarg = "number"

    def get_queryset(self):
        return super().get_queryset().select_related("supplier", "owner")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, contract = self.request.user, self.object
        today = timezone.localdate()
        prices = list(selectors.contract_prices(user=user, contract=contract))
        # The price in force today per item: the newest one already effective.
        in_force = {}
        for price in sorted(prices, key=lambda p: p.effective_from):
            if price.effective_from <= today:
                in_force[price.item_id] = price.pk
        for price in prices:
            price.in_force = in_force.get(price.item_id) == price.pk
            price.future = price.effective_from > today
        context.update(
            {
                "prices": prices,
                "service_levels": selectors.contract_service_levels(user=user, contract=contract),
                "receipt_count": contract.receipts.count(),
            }
        )
        return context


class ReceiptListView(GovernedViewMixin, SingleTableMixin, FilterView):
    model = Receipt
    table_class = ReceiptTable
    filterset_class = ReceiptFilterSet
    template_name = "suppliers/receipt_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.receipt_list(user=self.request.user)


class ImportView(GovernedViewMixin, FormView):
    permission_model = ImportBatch
    permission_action = "add"
    template_name = "suppliers/import.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_form_class(self):
        return ImportForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["batches"] = selectors.import_batch_list(user=self.request.user)[:10]
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = import_run(
                actor=self.request.user,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                data=upload,
            )
        except PermissionDenied as exc:
            form.add_error("kind", str(exc))
            return self.form_invalid(form)
        context = self.get_context_data(form=form, result=result)
        return self.render_to_response(context, status=200 if result.ok else 400)
