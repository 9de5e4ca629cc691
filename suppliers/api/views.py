"""REST endpoints of the suppliers domain. Writes go through the services; the
choke point (``ActionPermission`` + ``RestrictedQuerysetBackend``) decides access."""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from srm.core import permissions

from .. import services
from ..filtersets import (
    ContactFilterSet,
    ContractFilterSet,
    ImportBatchFilterSet,
    ItemFilterSet,
    ReceiptFilterSet,
    SupplierFilterSet,
)
from ..importers import import_records, import_run
from ..models import (
    Category,
    Contract,
    ImportBatch,
    Item,
    Receipt,
    RelationshipOwner,
    Supplier,
    SupplierContact,
)
from ..supplier_list import annotate_supplier_list, supplier_list_sorts
from . import serializers as s


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Category.objects.all()
    serializer_class = s.CategorySerializer
    lookup_field = "code"
    ordering_fields = ["code", "name"]
    ordering = ["name"]


@extend_schema_view(
    list=extend_schema(
        summary="List suppliers",
        description="Filter by region, category, tier, "
        "status; `q` searches code, name and country; `ordering` sorts.",
    ),
    retrieve=extend_schema(summary="One supplier, looked up by its code"),
)
class SupplierViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = Supplier.objects.select_related("relationship_owner").prefetch_related("categories")
    serializer_class = s.SupplierSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_class = SupplierFilterSet
    ordering = ["name"]

    @property
    def ordering_fields(self):
        # Expected spend sorts only for who may read it (``Supplier.field_permissions``,
        # applied by the ordering filter for every endpoint); other apps add theirs.
        fields = ["code", "name", "region", "tier", "status", "expected_annual_spend"]
        user = getattr(getattr(self, "request", None), "user", None)
        if user is not None:
            fields += supplier_list_sorts(user)  # e.g. current_score, from scorecards
        return fields

    def get_queryset(self):
        # The filters other apps add (shared with the page) read the annotations they add
        # to the list; without them ``?standing=A`` answered 500.
        return annotate_supplier_list(super().get_queryset(), user=self.request.user)

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return s.SupplierUpdateSerializer
        return super().get_serializer_class()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        categories = data.pop("categories")
        serializer.instance = services.supplier_create(
            actor=self.request.user, categories=categories, **data
        )

    @transaction.atomic
    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        categories = data.pop("categories", None)
        target = data.pop("status", None)
        supplier = serializer.instance
        if target and target != supplier.status:
            # The move first: a refused (governed) move leaves the profile unchanged too.
            supplier = services.supplier_transition(
                actor=self.request.user, supplier=supplier, target=target, reason="API"
            )
        serializer.instance = services.supplier_update(
            actor=self.request.user, supplier=supplier, data=data, categories=categories
        )


class ContractViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = Contract.objects.select_related("supplier", "owner")
    serializer_class = s.ContractSerializer
    filterset_class = ContractFilterSet
    ordering_fields = ["number", "start_date", "end_date", "renewal_date", "status"]
    ordering = ["number"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        supplier = data.pop("supplier")
        if not permissions.can_supplier(self.request.user, Contract, "add", supplier.pk):
            raise PermissionDenied("That supplier is outside your categories.")
        serializer.instance = services.contract_create(
            actor=self.request.user, supplier=supplier, number=data.pop("number"), **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("supplier", None)
        data.pop("number", None)
        serializer.instance = services.contract_update(
            actor=self.request.user, contract=serializer.instance, data=data
        )


@extend_schema_view(
    create=extend_schema(
        summary="Push receipts",
        description=(
            "One receipt object or a list of them, with the columns of the receipts import. "
            "All-or-nothing: any bad row answers 400 with every error and writes nothing. "
            "A receipt with the same supplier, PO number and PO line replaces the stored one."
        ),
        request=s.ReceiptPushSerializer(many=True),
        responses={201: s.ImportResultSerializer, 400: s.ImportResultSerializer},
    ),
)
class ReceiptViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Receipt.objects.select_related("supplier", "item", "contract")
    serializer_class = s.ReceiptSerializer
    filterset_class = ReceiptFilterSet
    ordering_fields = ["received_date", "order_date", "promised_date", "po_number"]
    ordering = ["-received_date", "po_number", "po_line"]
    # Pushing receipts may replace stored ones, so it needs both permissions.
    action_permissions = {"create": "add"}

    def create(self, request, *args, **kwargs):
        records = request.data if isinstance(request.data, list) else [request.data]
        result = import_records(actor=request.user, kind="receipts", records=records)
        code = status.HTTP_201_CREATED if result.ok else status.HTTP_400_BAD_REQUEST
        return Response(result.as_dict(), status=code)


class ImportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = ImportBatch.objects.select_related("uploaded_by")
    serializer_class = s.ImportBatchSerializer
    filterset_class = ImportBatchFilterSet
    ordering = ["-created_at"]
    ordering_fields = ["created_at"]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Import a CSV or XLSX file",
        request={"multipart/form-data": s.ImportRequestSerializer},
        responses={
            201: OpenApiResponse(s.ImportResultSerializer, description="Applied"),
            400: OpenApiResponse(
                s.ImportResultSerializer,
                description="Rejected: nothing written; every bad row listed",
            ),
            403: OpenApiResponse(
                OpenApiTypes.OBJECT, description="Not allowed to import this kind"
            ),
        },
        examples=[
            OpenApiExample(
                "Rejected",
                response_only=True,
                status_codes=["400"],
                value={
                    "kind": "receipts",
                    "filename": "r.csv",
                    "ok": False,
                    "rows": 2,
                    "created": 0,
                    "updated": 0,
                    "unchanged": 0,
                    "notes": [],
                    "batch": None,
                    "errors": [
                        {"line": 3, "column": "received_qty", "reason": "'x' is not a number"}
                    ],
                },
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        request_serializer = s.ImportRequestSerializer(data=request.data)
        request_serializer.is_valid(raise_exception=True)
        upload = request_serializer.validated_data["file"]
        result = import_run(
            actor=request.user,
            kind=request_serializer.validated_data["kind"],
            filename=upload.name,
            data=upload,
        )
        code = status.HTTP_201_CREATED if result.ok else status.HTTP_400_BAD_REQUEST
        return Response(result.as_dict(), status=code)


@extend_schema_view(
    create=extend_schema(
        summary="Register an item",
        description="An import that names an item code not registered here is refused: "
        "register items first (this endpoint, the items page or the `items` import).",
    ),
)
class ItemViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Item.objects.select_related("category")
    serializer_class = s.ItemSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_class = ItemFilterSet
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name", "unit", "is_critical"]
    ordering = ["code"]

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return s.ItemUpdateSerializer
        return super().get_serializer_class()

    def perform_create(self, serializer):
        serializer.instance = services.item_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in Item.EDITABLE_FIELDS}
        serializer.instance = services.item_update(
            actor=self.request.user, item=serializer.instance, data=data
        )


@extend_schema_view(
    list=extend_schema(
        summary="List supplier contacts",
        description="Only the contacts of the tracks your roles work on (a contact of both "
        "tracks: either), of the suppliers you reach. Personal data.",
    ),
    create=extend_schema(
        summary="Record a contact",
        description="`track` is collaboration, management or both; `primary: true` replaces "
        "the supplier's earlier primary contact of those tracks.",
    ),
)
class ContactViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = SupplierContact.objects.select_related("supplier")
    serializer_class = s.ContactSerializer
    filterset_class = ContactFilterSet
    search_fields = ["name", "function", "email"]
    ordering_fields = ["name", "supplier__code", "works_on", "is_primary", "created_at"]
    ordering = ["supplier__code", "name"]
    action_permissions = {"anonymise": "anonymise"}

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return s.ContactUpdateSerializer
        return super().get_serializer_class()

    def perform_create(self, serializer):
        serializer.instance = services.contact_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = {
            k: v
            for k, v in serializer.validated_data.items()
            if k in SupplierContact.EDITABLE_FIELDS
        }
        serializer.instance = services.contact_update(
            actor=self.request.user, contact=serializer.instance, data=data
        )

    @extend_schema(
        summary="Anonymise a contact (personal data, on request)",
        description="Name, e-mail and phone are replaced for good; the row and its history "
        "stay. Audited with the reason.",
        request=s.AnonymiseSerializer,
        responses={200: s.ContactSerializer},
    )
    @action(detail=True, methods=["post"])
    def anonymise(self, request, pk=None):
        contact = self.get_object()  # 404 outside reach before any validation
        body = s.AnonymiseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contact = services.contact_anonymise(
            actor=request.user, contact=contact, reason=body.validated_data["reason"]
        )
        return Response(s.ContactSerializer(contact, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=extend_schema(
        summary="List relationship owners",
        description="Our people who own a supplier relationship, per track (the left side "
        "of the relationship map). Filter with `supplier` (code) and `track`.",
    ),
)
class RelationshipOwnerViewSet(
    mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = RelationshipOwner.objects.select_related("supplier", "user")
    serializer_class = s.RelationshipOwnerSerializer
    filterset_fields = {"supplier__code": ["exact"], "works_on": ["exact"]}
    ordering_fields = ["supplier__code", "works_on", "created_at"]
    ordering = ["supplier__code", "works_on"]

    def perform_create(self, serializer):
        serializer.instance = services.relationship_owner_add(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.relationship_owner_remove(actor=self.request.user, owner=instance)
