"""Pages of the suppliers domain. Thin: the choke point mixin, a selector, a template."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, TemplateView, View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from srm.core import permissions
from srm.core.navigation import supplier_tabs_for
from srm.core.views import (
    GovernedViewMixin,
    PrefillSupplierMixin,
    ServiceActionView,
    ServiceFormView,
    TableExportMixin,
    TransitionView,
)

from . import selectors, services
from .contract_terms import contract_panels_for, notice_annotations
from .contract_views import ContractPricesView, ContractServiceLevelsView
from .filtersets import (
    ContactFilterSet,
    ContractFilterSet,
    ItemFilterSet,
    ReceiptFilterSet,
    SupplierFilterSet,
)
from .forms import (
    CertificateForm,
    ContactForm,
    DocumentForm,
    DocumentVersionForm,
    ImportForm,
    ItemForm,
    PriceLineFormSet,
    RelationshipOwnerForm,
    ServiceLevelFormSet,
    SupplierForm,
    SupplierTransitionForm,
)
from .freshness import freshness_of, with_freshness
from .importers import import_run
from .lifecycle import lifecycle_check
from .models import (
    CERTIFICATE_WARNING_DAYS,
    Certificate,
    Contract,
    Document,
    ImportBatch,
    Item,
    Receipt,
    RelationshipOwner,
    Supplier,
    SupplierContact,
    SupplierStatus,
)
from .tables import ContactTable, ContractTable, ItemTable, ReceiptTable, SupplierTable


class SupplierListView(GovernedViewMixin, TableExportMixin, SingleTableMixin, FilterView):
    model = Supplier
    export_name = "suppliers"
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
        }


class SupplierDetailView(GovernedViewMixin, SupplierTabMixin, DetailView):
    model = Supplier
    template_name = "suppliers/supplier_detail.html"
    slug_field = slug_url_kwarg = "code"

    def get_queryset(self):
        return with_freshness(
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
                "documents": selectors.owner_documents(user=user, owner=supplier),
                "events": selectors.supplier_events(user=user, supplier=supplier),
                "receipt_summary": selectors.supplier_receipt_summary(user=user, supplier=supplier),
                "scores_freshness": freshness_of(supplier),
                **self.lifecycle_context(supplier, user),
                "certificate_warning_days": CERTIFICATE_WARNING_DAYS,
            }
        )
        return context

    @staticmethod
    def lifecycle_context(supplier, user) -> dict:
        """The moves the status control offers (free ones) and those it names with a link
        to raise the decision request that governs them."""
        free, governed = [], []
        for move in supplier.get_available_status_transitions():
            verdict = lifecycle_check(actor=user, supplier=supplier, target=move.target)
            label = SupplierStatus(move.target).label
            if verdict.allowed:
                free.append((move.target, label))
            elif verdict.governed_by:
                governed.append({"target": move.target, "label": label, "verdict": verdict})
        return {"transition_choices": free, "governed_moves": governed}


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


class SupplierCreateView(ServiceFormView):
    model = Supplier
    permission_action = "add"
    form_class = SupplierForm
    template_name = "suppliers/supplier_form.html"

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def get_success_message(self, supplier):
        return _("Supplier %(code)s registered.") % {"code": supplier.code}

    def save(self, form):
        data = dict(form.cleaned_data)
        categories = list(data.pop("categories"))
        return services.supplier_create(actor=self.request.user, categories=categories, **data)


class SupplierUpdateView(ServiceFormView):
    model = Supplier
    permission_action = "change"
    form_class = SupplierForm
    template_name = "suppliers/supplier_form.html"
    slug_field = slug_url_kwarg = "code"
    success_message = _("Supplier saved.")

    def get_form_kwargs(self):
        return {"user": self.request.user, "instance": self.object}

    def extra_context_data(self):
        return {"supplier": self.object}

    def save(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k in Supplier.EDITABLE_FIELDS}
        # A fresh copy: validating the ModelForm already wrote the new values onto
        # self.object, and the service must see the stored ones to audit the change.
        return services.supplier_update(
            actor=self.request.user,
            supplier=self.get_object(),
            data=data,
            categories=list(form.cleaned_data["categories"]),
        )


class SupplierTransitionView(TransitionView):
    model = Supplier
    slug_field = slug_url_kwarg = "code"
    form_class = SupplierTransitionForm
    service = staticmethod(services.supplier_transition)
    object_arg = "supplier"
    permission_action = "transition"


class ContractListView(GovernedViewMixin, SingleTableMixin, FilterView):
    model = selectors.Contract
    table_class = ContractTable
    filterset_class = ContractFilterSet
    template_name = "suppliers/contract_list.html"
    paginate_by = 25

    def get_queryset(self):
        return selectors.contract_list(user=self.request.user)


class ContractDetailView(GovernedViewMixin, DetailView):
    """The contract page: terms and lifecycle, price lines (a table to edit while a draft)
    and their history per item, service levels, what other apps add (decisions) and the
    receipts measured against it, a page at a time."""

    model = selectors.Contract
    template_name = "suppliers/contract_detail.html"
    slug_field = slug_url_kwarg = "number"
    receipts_per_page = 25

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("supplier", "owner", "previous")
            .annotate(**notice_annotations())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, contract = self.request.user, self.object
        today = timezone.localdate()
        prices = list(selectors.contract_prices(user=user, contract=contract))
        # The line in force today per item: the newest one valid today.
        in_force = {}
        for price in sorted(prices, key=lambda p: p.effective_from):
            if price.effective_from <= today and (
                price.valid_to is None or price.valid_to >= today
            ):
                in_force[price.item_id] = price.pk
        for price in prices:
            price.in_force = in_force.get(price.item_id) == price.pk
            price.future = price.effective_from > today
        levels = list(selectors.contract_service_levels(user=user, contract=contract))
        receipts = Paginator(
            selectors.contract_receipts(user=user, contract=contract), self.receipts_per_page
        ).get_page(self.request.GET.get("page"))
        context.update(
            {
                "prices": prices,
                "price_history": price_history(prices, until=contract.end_date),
                "service_levels": levels,
                "next_term": selectors.contract_next_term(user=user, contract=contract),
                "receipts": receipts,
                "documents": selectors.owner_documents(user=user, owner=contract),
                "notice_flag": contract.notice_flag(today),
                "notice_flag_label": contract.get_notice_flag_display(today),
                "panels": contract_panels_for(user, contract),
            }
        )
        if contract.is_draft:
            context["price_formset"] = PriceLineFormSet(
                initial=[ContractPricesView.initial_row(p) for p in prices],
                user=user,
                prefix="prices",
            )
            context["level_formset"] = ServiceLevelFormSet(
                initial=[ContractServiceLevelsView.initial_row(sl) for sl in levels],
                user=user,
                prefix="service_levels",
            )
        return context


def price_history(prices, *, until) -> dict:
    """The price lines as one stepped series per item, for the chart (JSON): each line from
    its start to its end (an open-ended one to the contract's end)."""
    series: dict[str, list] = {}
    for price in sorted(prices, key=lambda p: (p.item.code, p.effective_from)):
        points = series.setdefault(price.item.code, [])
        end = price.valid_to or max(until, price.effective_from)
        points.append({"x": price.effective_from.isoformat(), "y": float(price.unit_price)})
        points.append({"x": end.isoformat(), "y": float(price.unit_price)})
    return series


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


# --- certificates and documents (issue 18) ---------------------------------------------


class CertificateDetailView(GovernedViewMixin, DetailView):
    model = Certificate
    template_name = "suppliers/certificate_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("supplier", "verified_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate = self.object
        certificate.days_left = certificate.days_to_expiry(timezone.localdate())
        certificate.flag = certificate.days_left <= CERTIFICATE_WARNING_DAYS
        context["supplier"] = certificate.supplier
        context["documents"] = selectors.owner_documents(user=self.request.user, owner=certificate)
        return context


class CertificateCreateView(ServiceFormView):
    """A new certificate for the supplier in the URL (404 outside reach), with its file."""

    model = Certificate
    permission_action = "add"
    form_class = CertificateForm
    title = _("New certificate")
    submit_label = _("Save certificate")

    def load(self):
        self.supplier = permissions.supplier_for_new_row(
            self.request.user, Certificate, self.kwargs["code"]
        )
        if self.supplier is None:
            raise Http404

    def cancel_url(self):
        return self.supplier.get_absolute_url()

    def extra_context_data(self):
        return {"supplier": self.supplier}

    def get_success_message(self, certificate):
        return _("Certificate %(name)s saved.") % {"name": certificate}

    def save(self, form):
        data = dict(form.cleaned_data)
        upload, verified = data.pop("file"), data.pop("verified")
        return services.certificate_create(
            actor=self.request.user,
            supplier=self.supplier,
            data=data,
            upload=upload,
            verified=verified,
        )


class CertificateUpdateView(ServiceFormView):
    model = Certificate
    permission_action = "change"
    form_class = CertificateForm
    title = _("Edit certificate")
    success_message = _("Certificate saved.")

    def get_form_kwargs(self):
        return {"instance": self.object}

    def extra_context_data(self):
        return {"supplier": self.object.supplier}

    def save(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k in form.Meta.fields}
        # A fresh copy: the ModelForm already wrote the new values onto self.object.
        return services.certificate_update(
            actor=self.request.user,
            certificate=self.get_object(),
            data=data,
            upload=form.cleaned_data["file"],
            verified=form.cleaned_data["verified"],
        )


class DocumentCreateView(ServiceFormView):
    """Upload a document for the owner named in the URL; the same kind and title again is
    that document's next version."""

    permission_model = Document
    permission_action = "add"
    form_class = DocumentForm
    title = _("Upload a document")
    submit_label = _("Upload")
    success_message = _("Document uploaded.")

    def get_owner(self):
        raise NotImplementedError

    def load(self):
        self.owner = self.get_owner()

    def cancel_url(self):
        return self.owner.get_absolute_url()

    def extra_context_data(self):
        supplier = self.owner if isinstance(self.owner, Supplier) else self.owner.supplier
        return {"supplier": supplier, "owner": self.owner}

    def save(self, form):
        services.document_upload(
            actor=self.request.user,
            owner=self.owner,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
        return self.owner.get_absolute_url()


class SupplierDocumentCreateView(DocumentCreateView):
    def get_owner(self):
        return selectors.supplier_get(user=self.request.user, code=self.kwargs["code"])


class ContractDocumentCreateView(DocumentCreateView):
    def get_owner(self):
        contracts = permissions.restrict(
            Contract.objects.select_related("supplier"), self.request.user
        )
        contract = contracts.filter(number=self.kwargs["number"]).first()
        if contract is None:
            raise Http404
        return contract


class DocumentVersionCreateView(ServiceFormView):
    """Upload the next version of a document; the older versions stay."""

    model = Document
    permission_action = "add"
    form_class = DocumentVersionForm
    title = _("Upload a new version")
    submit_label = _("Upload")
    success_message = _("New version uploaded.")

    def get_queryset(self):
        return selectors.documents_visible(user=self.request.user).select_related(
            "supplier", "contract", "certificate"
        )

    def cancel_url(self):
        return self.object.owner.get_absolute_url()

    def extra_context_data(self):
        return {"supplier": self.object.supplier, "owner": self.object.owner}

    def save(self, form):
        document = self.object
        services.document_upload(
            actor=self.request.user,
            owner=document.owner,
            kind=document.kind,
            title=document.title,
            upload=form.cleaned_data["file"],
        )
        return document.owner.get_absolute_url()


def document_response(document: Document) -> FileResponse:
    """The file as an attachment under its checked type: never shown inline, never
    sniffed into something else, never cached by a shared cache."""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class DocumentDownloadView(GovernedViewMixin, View):
    """The only way to a stored file: 404 to whoever may not see the document's owner."""

    permission_model = Document

    def get(self, request, pk: int):
        return document_response(selectors.document_get(user=request.user, pk=pk))


class ItemListView(GovernedViewMixin, SingleTableMixin, FilterView):
    model = Item
    table_class = ItemTable
    filterset_class = ItemFilterSet
    template_name = "suppliers/item_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.item_list(user=self.request.user)


class ItemDetailView(GovernedViewMixin, DetailView):
    model = Item
    template_name = "suppliers/item_detail.html"
    slug_field = slug_url_kwarg = "code"

    def get_queryset(self):
        return selectors.item_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, item = self.request.user, self.object
        context.update(
            {
                "prices": selectors.item_prices(user=user, item=item),
                "receipt_summary": selectors.item_receipt_summary(user=user, item=item),
            }
        )
        return context


class ItemCreateView(ServiceFormView):
    model = Item
    permission_action = "add"
    form_class = ItemForm
    title = _("New item")

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def get_success_message(self, item):
        return _("Item %(code)s registered.") % {"code": item.code}

    def cancel_url(self):
        return reverse("suppliers:item_list")

    def save(self, form):
        return services.item_create(actor=self.request.user, **form.cleaned_data)


class ItemUpdateView(ServiceFormView):
    model = Item
    permission_action = "change"
    form_class = ItemForm
    slug_field = slug_url_kwarg = "code"
    success_message = _("Item saved.")

    def get_form_kwargs(self):
        return {"user": self.request.user, "instance": self.object}

    def extra_context_data(self):
        return {"title": _("Edit item %(code)s") % {"code": self.object.code}}

    def save(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k in Item.EDITABLE_FIELDS}
        # A fresh copy: the ModelForm already wrote the new values onto self.object.
        return services.item_update(actor=self.request.user, item=self.get_object(), data=data)


class SupplierContactsView(GovernedViewMixin, SupplierTabMixin, TemplateView):
    """The supplier's relationship map: per track, our people ↔ their people."""

    permission_model = SupplierContact
    template_name = "suppliers/supplier_contacts.html"
    tab = "contacts"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        supplier = selectors.supplier_get(user=user, code=self.kwargs["code"])
        context.update(self.supplier_context(supplier))
        context["lanes"] = selectors.relationship_map(user=user, supplier=supplier)
        return context


class ContactListView(GovernedViewMixin, SingleTableMixin, FilterView):
    model = SupplierContact
    table_class = ContactTable
    filterset_class = ContactFilterSet
    template_name = "suppliers/contact_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.contact_list(user=self.request.user)


class ContactCreateView(PrefillSupplierMixin, ServiceFormView):
    model = SupplierContact
    permission_action = "add"
    form_class = ContactForm
    title = _("New contact")
    success_message = _("Contact saved.")

    def cancel_url(self):
        return reverse("suppliers:contact_list")

    def create(self, form):
        return services.contact_create(actor=self.request.user, **form.cleaned_data)


class ContactUpdateView(ServiceFormView):
    model = SupplierContact
    permission_action = "change"
    form_class = ContactForm
    success_message = _("Contact saved.")

    def get_queryset(self):
        return selectors.contact_list(user=self.request.user)

    def get_form_kwargs(self):
        return {"user": self.request.user, "instance": self.object}

    def extra_context_data(self):
        return {"title": _("Edit contact"), "supplier": self.object.supplier}

    def save(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k in SupplierContact.EDITABLE_FIELDS}
        # A fresh copy: the ModelForm already wrote the new values onto self.object.
        return services.contact_update(
            actor=self.request.user, contact=self.get_object(), data=data
        )


class ContactAnonymiseView(ServiceActionView):
    model = SupplierContact
    permission_action = "anonymise"

    def get_queryset(self):
        return selectors.contact_list(user=self.request.user)

    def perform(self, contact) -> str:
        services.contact_anonymise(
            actor=self.request.user,
            contact=contact,
            reason=self.request.POST.get("reason", "")[:500],
        )
        return _("The contact is anonymised.")


class RelationshipOwnerCreateView(PrefillSupplierMixin, ServiceFormView):
    model = RelationshipOwner
    permission_action = "add"
    form_class = RelationshipOwnerForm
    title = _("Name a relationship owner")
    success_message = _("Relationship owner named.")

    def cancel_url(self):
        return reverse("suppliers:contact_list")

    def create(self, form):
        return services.relationship_owner_add(actor=self.request.user, **form.cleaned_data)


class RelationshipOwnerRemoveView(ServiceActionView):
    model = RelationshipOwner
    permission_action = "delete"

    def perform(self, owner) -> str:
        services.relationship_owner_remove(actor=self.request.user, owner=owner)
        return _("Relationship owner removed.")
