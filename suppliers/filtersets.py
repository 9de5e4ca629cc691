"""Filters shared by the pages and the API, so both answer the same question the same way."""

import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from srm.core.filtersets import YES_NO_ANY, StyledFilterSet
from srm.core.tracks import Track

from .models import (
    Category,
    Certificate,
    CertificateKind,
    Contract,
    ContractPrice,
    ContractStatus,
    Document,
    DocumentKind,
    ImportBatch,
    Item,
    Receipt,
    Region,
    ServiceLevel,
    ServiceLevelMetric,
    Supplier,
    SupplierContact,
    SupplierStatus,
    Tier,
)
from .supplier_list import hidden_filters, supplier_list_filters


class SupplierFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    region = django_filters.ChoiceFilter(choices=Region.choices, empty_label="Any")
    category = django_filters.ModelChoiceFilter(
        field_name="categories",
        queryset=Category.objects.all(),
        to_field_name="code",
        label="Category",
        empty_label="Any",
    )
    tier = django_filters.ChoiceFilter(choices=Tier.choices, empty_label="Any")
    status = django_filters.ChoiceFilter(choices=SupplierStatus.choices, empty_label="Any")
    blocked = django_filters.BooleanFilter(
        field_name="blocked_for_orders", label="Blocked", widget=YES_NO_ANY
    )

    class Meta:
        model = Supplier
        fields = [
            "q",
            "region",
            "category",
            "tier",
            "status",
            "blocked",
        ]

    @classmethod
    def get_filters(cls):
        # The standing, risk-level and Kraljic filters are the scorecards' and risk's
        # (see suppliers.supplier_list), after the supplier's own.
        filters = super().get_filters()
        filters.update(supplier_list_filters())
        return filters

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Scorecards and risk are management track: no such filters for those who may
        # not see them.
        for name in hidden_filters(getattr(self.request, "user", None)):
            self.filters.pop(name, None)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(country__iexact=value)
        )


class ContractFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    supplier = django_filters.CharFilter(field_name="supplier__code", label="Supplier code")
    status = django_filters.ChoiceFilter(choices=ContractStatus.choices, empty_label="Any")
    renewal_before = django_filters.DateFilter(
        field_name="renewal_date", lookup_expr="lte", label="Renewal by"
    )

    class Meta:
        model = Contract
        fields = ["q", "supplier", "status", "renewal_before"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(title__icontains=value)
            | Q(supplier__name__icontains=value)
        )


class ReceiptFilterSet(StyledFilterSet):
    supplier = django_filters.CharFilter(field_name="supplier__code", label="Supplier code")
    po_number = django_filters.CharFilter(lookup_expr="iexact", label="PO number")
    item = django_filters.CharFilter(field_name="item__code", label="Item code")
    received_from = django_filters.DateFilter(
        field_name="received_date", lookup_expr="gte", label="Received from"
    )
    received_to = django_filters.DateFilter(
        field_name="received_date", lookup_expr="lte", label="Received to"
    )
    late = django_filters.BooleanFilter(method="filter_late", label="Late", widget=YES_NO_ANY)
    short = django_filters.BooleanFilter(
        method="filter_short", label="Short (not in full)", widget=YES_NO_ANY
    )

    class Meta:
        model = Receipt
        fields = ["supplier", "po_number", "item", "received_from", "received_to", "late", "short"]

    def filter_late(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(received_date__gt=F("promised_date"))
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_short(self, queryset, name, value):
        if value is None:
            return queryset
        short = Q(received_qty__lt=F("ordered_qty"))
        return queryset.filter(short) if value else queryset.exclude(short)


class ImportBatchFilterSet(StyledFilterSet):
    class Meta:
        model = ImportBatch
        fields = ["kind", "status"]


class CertificateFilterSet(StyledFilterSet):
    supplier = django_filters.CharFilter(field_name="supplier__code", label=_("Supplier code"))
    kind = django_filters.ChoiceFilter(choices=CertificateKind.choices, empty_label=_("Any"))
    expires_before = django_filters.DateFilter(
        field_name="expires_on", lookup_expr="lte", label=_("Valid to, at the latest")
    )

    class Meta:
        model = Certificate
        fields = ["supplier", "kind", "expires_before"]


class DocumentFilterSet(StyledFilterSet):
    """A document's versions: ``?contract=N-1&title=Signed copy`` lists them, newest first."""

    supplier = django_filters.CharFilter(field_name="supplier__code", label=_("Supplier code"))
    contract = django_filters.CharFilter(field_name="contract__number", label=_("Contract number"))
    certificate = django_filters.NumberFilter(field_name="certificate_id", label=_("Certificate"))
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, empty_label=_("Any"))
    title = django_filters.CharFilter(lookup_expr="iexact", label=_("Title"))

    class Meta:
        model = Document
        fields = ["supplier", "contract", "certificate", "kind", "title"]


class ContractPriceFilterSet(StyledFilterSet):
    contract = django_filters.CharFilter(field_name="contract__number", label="Contract number")
    item = django_filters.CharFilter(field_name="item__code", label="Item code")

    class Meta:
        model = ContractPrice
        fields = ["contract", "item"]


class ServiceLevelFilterSet(StyledFilterSet):
    contract = django_filters.CharFilter(field_name="contract__number", label="Contract number")
    metric = django_filters.ChoiceFilter(choices=ServiceLevelMetric.choices, empty_label="Any")

    class Meta:
        model = ServiceLevel
        fields = ["contract", "metric"]


class ItemFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(),
        to_field_name="code",
        label=_("Category"),
        empty_label=_("Any"),
    )
    critical = django_filters.BooleanFilter(
        field_name="is_critical", label=_("Critical"), widget=YES_NO_ANY
    )

    class Meta:
        model = Item
        fields = ["q", "category", "critical"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class ContactFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    supplier = django_filters.CharFilter(field_name="supplier__code", label=_("Supplier code"))
    track = django_filters.ChoiceFilter(
        field_name="works_on", choices=Track.choices, empty_label=_("Any"), label=_("Track")
    )
    primary = django_filters.BooleanFilter(
        field_name="is_primary", label=_("Primary"), widget=YES_NO_ANY
    )

    class Meta:
        model = SupplierContact
        fields = ["q", "supplier", "track", "primary"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(function__icontains=value)
            | Q(email__icontains=value)
            | Q(supplier__name__icontains=value)
        )
