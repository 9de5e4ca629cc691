"""REST endpoints of the suppliers domain. Writes go through the services; the
choke point (``ActionPermission`` + ``RestrictedQuerysetBackend``) decides access."""

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from srm.core import permissions
from srm.core.api.exports import EXPORT_FORMAT_PARAMETER, ExportListMixin

from .. import contract_services, selectors, services
from ..exports import SUPPLIER_EXPORT_COLUMNS
from ..filtersets import (
    CertificateFilterSet,
    ContactFilterSet,
    ContractFilterSet,
    ContractPriceFilterSet,
    DocumentFilterSet,
    ImportBatchFilterSet,
    ItemFilterSet,
    ReceiptFilterSet,
    ServiceLevelFilterSet,
    SupplierFilterSet,
)
from ..importers import import_records, import_run
from ..models import (
    Category,
    Certificate,
    Contract,
    ContractPrice,
    Document,
    ImportBatch,
    Item,
    Receipt,
    RelationshipOwner,
    ServiceLevel,
    Supplier,
    SupplierContact,
)
from ..supplier_list import annotate_supplier_list, supplier_list_sorts
from ..views import document_response
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
        "status; `q` searches code, name and country; `ordering` sorts. `?format=csv` or "
        "`?format=xlsx` exports every matching row (no paging), without the columns the "
        "user may not read.",
        parameters=[EXPORT_FORMAT_PARAMETER],
    ),
    retrieve=extend_schema(summary="One supplier, looked up by its code"),
)
class SupplierViewSet(
    ExportListMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    export_columns = SUPPLIER_EXPORT_COLUMNS
    export_name = "suppliers"
    queryset = Supplier.objects.select_related("relationship_owner").prefetch_related("categories")
    serializer_class = s.SupplierSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_class = SupplierFilterSet
    ordering = ["name"]
    action_permissions = {"transition": "transition"}

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

    @extend_schema(
        summary="Move the supplier along its lifecycle",
        description="A free move for the caller's roles (e.g. an operations lead suspends); "
        "a move governed by a decision type answers 400 and changes nothing.",
        request=s.SupplierTransitionSerializer,
        responses={200: s.SupplierSerializer},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, code=None):
        supplier = self.get_object()  # 404 outside reach before any validation
        body = s.SupplierTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        supplier = services.supplier_transition(
            actor=request.user,
            supplier=supplier,
            target=body.validated_data["status"],
            reason=body.validated_data["reason"] or "API",
        )
        return Response(s.SupplierSerializer(supplier, context=self.get_serializer_context()).data)

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


@extend_schema_view(
    create=extend_schema(summary="Register a contract (a draft)"),
    partial_update=extend_schema(
        summary="Change a contract",
        description="While a draft, everything but the number and supplier; once active only "
        "the title and owner: its terms change by a decision request.",
    ),
)
class ContractViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = Contract.objects.select_related("supplier", "owner", "previous")
    serializer_class = s.ContractSerializer
    filterset_class = ContractFilterSet
    lookup_field = "number"
    lookup_value_regex = "[^/]+"
    ordering_fields = ["number", "start_date", "end_date", "renewal_date", "status"]
    ordering = ["number"]
    action_permissions = {"activate": "change", "renew": "add"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = contract_services.contract_create(
            actor=self.request.user,
            supplier=data.pop("supplier"),
            number=data.pop("number"),
            **data,
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("supplier", None)
        data.pop("number", None)
        serializer.instance = contract_services.contract_update(
            actor=self.request.user, contract=serializer.instance, data=data
        )

    @extend_schema(
        summary="Activate a draft contract",
        request=None,
        responses={200: s.ContractSerializer, 400: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"])
    def activate(self, request, number=None):
        contract = contract_services.contract_activate(
            actor=request.user, contract=self.get_object()
        )
        return Response(self.get_serializer(contract).data)

    @extend_schema(
        summary="Draft the next term of a contract",
        description="A draft copy starting the day after this one ends, with the price "
        "lines and service levels in force at its end; linked by `previous`. A contract is "
        "terminated by a `contract_termination` decision request (`/api/decision-requests/`).",
        request=None,
        responses={201: s.ContractSerializer, 400: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"])
    def renew(self, request, number=None):
        term = contract_services.contract_renew(actor=request.user, contract=self.get_object())
        return Response(self.get_serializer(term).data, status=status.HTTP_201_CREATED)


class _ContractLineViewSet(viewsets.ModelViewSet):
    """Price lines and service levels: written only while the contract is a draft (an
    active contract's answer is 400 and nothing changes)."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def save_line(self, *, contract, data: dict, existing=None):
        raise NotImplementedError

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = self.save_line(contract=data.pop("contract"), data=data)

    def perform_update(self, serializer):
        line = serializer.instance
        data = dict(serializer.validated_data)
        if data.pop("contract", line.contract) != line.contract:
            raise ValidationError({"contract": gettext("A line stays on its contract.")})
        serializer.instance = self.save_line(contract=line.contract, data=data, existing=line)


@extend_schema_view(
    create=extend_schema(summary="Add a price line to a draft contract"),
    partial_update=extend_schema(summary="Change a price line of a draft contract"),
    destroy=extend_schema(summary="Remove a price line of a draft contract"),
)
class ContractPriceViewSet(_ContractLineViewSet):
    queryset = ContractPrice.objects.select_related("contract", "item")
    serializer_class = s.ContractPriceSerializer
    filterset_class = ContractPriceFilterSet
    ordering_fields = ["effective_from", "item__code"]
    ordering = ["contract__number", "item__code", "effective_from"]

    def save_line(self, *, contract, data, existing=None):
        def value(name, default=None):
            return data.get(name, getattr(existing, name, default) if existing else default)

        return contract_services.price_line_save(
            actor=self.request.user,
            contract=contract,
            item=value("item"),
            unit_price=value("unit_price"),
            currency=(value("currency", "") or "").upper(),
            valid_from=value("effective_from"),
            valid_to=value("valid_to"),
            line=existing,
        )

    def perform_destroy(self, instance):
        contract_services.price_line_delete(actor=self.request.user, line=instance)


@extend_schema_view(
    create=extend_schema(summary="Add a service level to a draft contract"),
    partial_update=extend_schema(summary="Change a service level of a draft contract"),
    destroy=extend_schema(summary="Remove a service level of a draft contract"),
)
class ServiceLevelViewSet(_ContractLineViewSet):
    queryset = ServiceLevel.objects.select_related("contract")
    serializer_class = s.ServiceLevelSerializer
    filterset_class = ServiceLevelFilterSet
    ordering_fields = ["effective_from", "metric"]
    ordering = ["contract__number", "metric", "effective_from"]

    def save_line(self, *, contract, data, existing=None):
        def value(name):
            return data.get(name, getattr(existing, name) if existing else None)

        return contract_services.service_level_save(
            actor=self.request.user,
            contract=contract,
            metric=value("metric"),
            target=value("target"),
            valid_from=value("effective_from"),
            valid_to=value("valid_to"),
            level=existing,
        )

    def perform_destroy(self, instance):
        contract_services.service_level_delete(actor=self.request.user, level=instance)


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


# --- certificates and documents (issue 18) ---------------------------------------------


@extend_schema_view(
    create=extend_schema(
        summary="Record a certificate (multipart with `file` for its file)",
        request={"multipart/form-data": s.CertificateSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a certificate; a `file` is its next version",
        request={"multipart/form-data": s.CertificateSerializer},
    ),
)
class CertificateViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = Certificate.objects.select_related("supplier", "verified_by").prefetch_related(
        Prefetch(
            "documents", queryset=Document.objects.order_by("-version"), to_attr="file_versions"
        )
    )
    serializer_class = s.CertificateSerializer
    filterset_class = CertificateFilterSet
    ordering_fields = ["expires_on", "kind"]
    ordering = ["expires_on"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = getattr(self.request, "user", None)
        context["may_view_documents"] = bool(user) and permissions.can(user, "view", Document)
        return context

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        supplier, upload = data.pop("supplier"), data.pop("file", None)
        verified = data.pop("verified", False)
        serializer.instance = services.certificate_create(
            actor=self.request.user, supplier=supplier, data=data, upload=upload, verified=verified
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("supplier", None)
        upload, verified = data.pop("file", None), data.pop("verified", None)
        serializer.instance = services.certificate_update(
            actor=self.request.user,
            certificate=serializer.instance,
            data=data,
            upload=upload,
            verified=verified,
        )


@extend_schema_view(
    create=extend_schema(
        summary="Upload a document (multipart with `file`); same owner, kind and title: "
        "the next version",
        request={"multipart/form-data": s.DocumentSerializer},
    ),
)
class DocumentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Document.objects.select_related("supplier", "contract", "certificate", "uploaded_by")
    serializer_class = s.DocumentSerializer
    filterset_class = DocumentFilterSet
    ordering_fields = ["created_at", "version"]
    ordering = ["series", "-version"]
    parser_classes = [MultiPartParser, FormParser]
    action_permissions = {"download": "view"}

    def get_queryset(self):
        # Only documents whose owner the user may see too (the choke point, per owner).
        visible = selectors.documents_visible(user=self.request.user).values("pk")
        return super().get_queryset().filter(pk__in=visible)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.document_upload(
            actor=self.request.user,
            owner=data["owner"],
            kind=data["kind"],
            title=data["title"],
            upload=data["file"],
        )

    @extend_schema(
        summary="The file itself, as an attachment (404 to whoever may not see its owner)",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return document_response(self.get_object())
