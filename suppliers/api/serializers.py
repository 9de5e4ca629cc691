from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from srm.core import permissions
from srm.core.api.fields import PrimaryKeyRelatedField, SlugRelatedField
from srm.core.tracks import Track

from ..models import (
    CODE_VALIDATOR,
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
    SupplierStatus,
)

User = get_user_model()


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "code", "name", "description"]


class SupplierSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:supplier-detail", lookup_field="code")
    categories = SlugRelatedField(many=True, slug_field="code", queryset=Category.objects.all())
    country = serializers.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code")
    status = serializers.ChoiceField(
        choices=SupplierStatus.choices,
        required=False,
        help_text="A lifecycle move: free moves happen, a move governed by a decision type "
        "answers 400 and changes nothing (raise a decision request instead).",
    )
    relationship_owner = SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Supplier
        fields = [
            "url",
            "id",
            "code",
            *Supplier.EDITABLE_FIELDS,
            "categories",
            "status",
            "blocked_for_orders",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["blocked_for_orders", "created_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        # Expected spend is procurement's own figure (as the pages show it): not for those
        # who may not see contracts, i.e. collaboration members and supplier collaborators.
        if request is not None and not permissions.can(request.user, "view", Contract):
            data.pop("expected_annual_spend", None)
        return data

    def validate_country(self, value):
        from django_countries import countries

        alpha2 = countries.alpha2(value.upper())
        if not alpha2:
            raise serializers.ValidationError(f"'{value}' is not an ISO 3166 country code.")
        return alpha2

    def validate_categories(self, value):
        if not value:
            raise serializers.ValidationError("A supplier needs at least one category.")
        return value


class SupplierTransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=SupplierStatus.choices, help_text="The new status")
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=500, help_text="For the audit"
    )


class SupplierUpdateSerializer(SupplierSerializer):
    class Meta(SupplierSerializer.Meta):
        read_only_fields = ["code", "blocked_for_orders", "created_at", "updated_at"]


class ItemSerializer(serializers.ModelSerializer):
    category = SlugRelatedField(
        slug_field="code",
        queryset=Category.objects.all(),
        required=False,
        allow_null=True,
        help_text="The category's code; a category manager may use only their own.",
    )

    class Meta:
        model = Item
        fields = ["id", "code", "name", "category", "unit", "is_critical"]
        # The service names a taken code (whatever its case); the format is the model's.
        extra_kwargs = {"code": {"validators": [CODE_VALIDATOR]}}


class ItemUpdateSerializer(ItemSerializer):
    class Meta(ItemSerializer.Meta):
        read_only_fields = ["code"]


class ContractSerializer(serializers.ModelSerializer):
    """A contract, named by its number. ``status`` moves by the ``activate`` action (and a
    termination decision); ``previous`` is the term it renews."""

    supplier = SlugRelatedField(slug_field="code", queryset=Supplier.objects.all())
    owner = SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True, supplier__isnull=True),
        required=False,
        allow_null=True,
    )
    previous = SlugRelatedField(slug_field="number", read_only=True)
    notice_deadline = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "number",
            "supplier",
            "title",
            "status",
            "start_date",
            "end_date",
            "notice_period_days",
            "renewal_date",
            "auto_renew",
            "notice_deadline",
            "currency",
            "owner",
            "previous",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "created_at", "updated_at"]
        # The service says whether the number is free (a field error, like the page).
        extra_kwargs = {"number": {"validators": []}}

    def validate(self, attrs):
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end_date": "The end date is before the start date."}
            )
        return attrs


class ContractPriceSerializer(serializers.ModelSerializer):
    """A price line. Written only while its contract is a draft; on an active contract a
    price changes by a price / terms change decision (400, nothing written)."""

    contract = SlugRelatedField(slug_field="number", queryset=Contract.objects.all())
    item = SlugRelatedField(slug_field="code", queryset=Item.objects.all())
    valid_from = serializers.DateField(source="effective_from")
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)

    class Meta:
        model = ContractPrice
        fields = [
            "id",
            "contract",
            "item",
            "unit_price",
            "currency",
            "valid_from",
            "valid_to",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class ServiceLevelSerializer(serializers.ModelSerializer):
    """A service-level target. Written only while its contract is a draft; on an active
    contract by a service-level change decision."""

    contract = SlugRelatedField(slug_field="number", queryset=Contract.objects.all())
    valid_from = serializers.DateField(source="effective_from")

    class Meta:
        model = ServiceLevel
        fields = [
            "id",
            "contract",
            "metric",
            "target",
            "valid_from",
            "valid_to",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class ReceiptSerializer(serializers.ModelSerializer):
    supplier = SlugRelatedField(slug_field="code", queryset=Supplier.objects.all())
    item = SlugRelatedField(slug_field="code", queryset=Item.objects.all())
    contract = SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = Receipt
        fields = [
            "id",
            "supplier",
            "po_number",
            "po_line",
            "item",
            "contract",
            "order_date",
            "promised_date",
            "received_date",
            "ordered_qty",
            "received_qty",
            "rejected_qty",
            "defective_qty",
            "unit_price",
            "agreed_unit_price",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class ReceiptPushSerializer(serializers.Serializer):
    """One pushed receipt: the columns of the receipts import (SPEC §9)."""

    supplier_code = serializers.CharField()
    po_number = serializers.CharField()
    po_line = serializers.IntegerField(min_value=1)
    item_code = serializers.CharField()
    order_date = serializers.DateField()
    promised_date = serializers.DateField()
    received_date = serializers.DateField()
    ordered_qty = serializers.DecimalField(max_digits=14, decimal_places=3)
    received_qty = serializers.DecimalField(max_digits=14, decimal_places=3)
    rejected_qty = serializers.DecimalField(max_digits=14, decimal_places=3, required=False)
    defective_qty = serializers.DecimalField(max_digits=14, decimal_places=3, required=False)
    unit_price = serializers.DecimalField(max_digits=14, decimal_places=4)
    agreed_unit_price = serializers.DecimalField(
        max_digits=14, decimal_places=4, required=False, allow_null=True
    )


class ImportBatchSerializer(serializers.ModelSerializer):
    uploaded_by = SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "kind",
            "filename",
            "sha256",
            "uploaded_by",
            "status",
            "rows",
            "created_count",
            "updated_count",
            "unchanged_count",
            "created_at",
        ]


class ImportRequestSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="suppliers, receipts, or another registered import kind")
    file = serializers.FileField(help_text="CSV or XLSX; the first row is the header")


class RowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    column = serializers.CharField()
    reason = serializers.CharField()


class ImportScoresSerializer(serializers.Serializer):
    supplier_months = serializers.IntegerField(help_text="Supplier-months the import touched")
    suppliers = serializers.IntegerField()
    recomputed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the least recently recomputed of them was recomputed"
    )
    pending = serializers.BooleanField(help_text="A recompute of some of them still waits")


class ImportResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    filename = serializers.CharField()
    ok = serializers.BooleanField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    notes = serializers.ListField(child=serializers.CharField())
    batch = serializers.IntegerField(allow_null=True)
    errors = RowErrorSerializer(many=True)
    scores = ImportScoresSerializer(
        allow_null=True, help_text="The scores of what the import touched (null: none)"
    )


# --- certificates and documents (issue 18) ---------------------------------------------


def _download_url(serializer, document) -> str | None:
    if document is None:
        return None
    url = reverse("api:document-download", args=[document.pk])
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


class DocumentSerializer(serializers.ModelSerializer):
    """A stored file. Create with multipart: ``file`` plus ``kind``, ``title`` and the
    owner: ``supplier`` (code), or ``contract`` (number), or ``certificate`` (id). The same
    owner, kind and title again is the next version."""

    supplier = SlugRelatedField(slug_field="code", queryset=Supplier.objects.all(), required=False)
    contract = SlugRelatedField(
        slug_field="number", queryset=Contract.objects.all(), required=False, allow_null=True
    )
    certificate = PrimaryKeyRelatedField(
        queryset=Certificate.objects.all(), required=False, allow_null=True
    )
    file = serializers.FileField(write_only=True, allow_empty_file=False)
    uploaded_by = SlugRelatedField(slug_field="username", read_only=True)
    uploaded_at = serializers.DateTimeField(source="created_at", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "supplier",
            "contract",
            "certificate",
            "kind",
            "title",
            "version",
            "filename",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "download_url",
            "file",
        ]
        read_only_fields = ["version", "filename", "content_type", "size", "sha256"]

    def get_download_url(self, document) -> str | None:
        return _download_url(self, document)

    def validate(self, attrs):
        owners = [attrs[k] for k in ("contract", "certificate") if attrs.get(k)]
        supplier = attrs.get("supplier")
        if len(owners) > 1:
            raise serializers.ValidationError(
                _("Attach the document to a contract or a certificate, not both.")
            )
        if not owners and supplier is None:
            raise serializers.ValidationError(
                {"supplier": _("Name the supplier, contract or certificate it belongs to.")}
            )
        if owners and supplier is not None and owners[0].supplier_id != supplier.pk:
            raise serializers.ValidationError(
                {"supplier": _("That is not the supplier of the contract or certificate.")}
            )
        attrs["owner"] = owners[0] if owners else supplier
        return attrs


class CertificateSerializer(serializers.ModelSerializer):
    """A certificate; ``file`` (multipart) stores its file, a new one its next version.
    ``sha256`` and ``download_url`` are those of the newest version."""

    supplier = SlugRelatedField(slug_field="code", queryset=Supplier.objects.all())
    number = serializers.CharField(
        source="reference", required=False, allow_blank=True, max_length=100
    )
    valid_from = serializers.DateField(source="issued_on", required=False, allow_null=True)
    valid_to = serializers.DateField(source="expires_on")
    verified = serializers.BooleanField(
        write_only=True, required=False, help_text="Record that you checked it, now."
    )
    verified_by = SlugRelatedField(slug_field="username", read_only=True)
    file = serializers.FileField(write_only=True, required=False, allow_empty_file=False)
    sha256 = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "supplier",
            "kind",
            "number",
            "issuer",
            "scope",
            "valid_from",
            "valid_to",
            "verified",
            "verified_by",
            "verified_at",
            "file",
            "sha256",
            "download_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["verified_at", "created_at", "updated_at"]

    def _latest(self, certificate) -> Document | None:
        if not self.context.get("may_view_documents"):
            return None
        versions = getattr(certificate, "file_versions", None)
        if versions is None:
            versions = list(certificate.documents.order_by("-version")[:1])
        return versions[0] if versions else None

    def get_sha256(self, certificate) -> str | None:
        latest = self._latest(certificate)
        return latest.sha256 if latest else None

    def get_download_url(self, certificate) -> str | None:
        return _download_url(self, self._latest(certificate))


class TrackField(serializers.ChoiceField):
    """A contact's track as the import spells it: collaboration, management or both."""

    def __init__(self, **kwargs):
        super().__init__(choices=["collaboration", "management", "both"], **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        return Track.SHARED.value if value == "both" else value

    def to_representation(self, value):
        return "both" if value == Track.SHARED else value


class ContactSerializer(serializers.ModelSerializer):
    supplier = SlugRelatedField(slug_field="code", queryset=Supplier.objects.all())
    track = TrackField(source="works_on")
    primary = serializers.BooleanField(source="is_primary", required=False)

    class Meta:
        model = SupplierContact
        fields = [
            "id",
            "supplier",
            "name",
            "function",
            "email",
            "phone",
            "track",
            "primary",
            "anonymised_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["anonymised_at", "created_at", "updated_at"]
        validators = []  # the service names a taken e-mail and hands the primary flag over


class ContactUpdateSerializer(ContactSerializer):
    class Meta(ContactSerializer.Meta):
        read_only_fields = ["supplier", "anonymised_at", "created_at", "updated_at"]


class AnonymiseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RelationshipOwnerSerializer(serializers.ModelSerializer):
    supplier = SlugRelatedField(slug_field="code", queryset=Supplier.objects.all())
    user = SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True, supplier__isnull=True),
        help_text="One of our people (not a supplier's).",
    )
    track = serializers.ChoiceField(source="works_on", choices=RelationshipOwner.OwnerTrack.choices)

    class Meta:
        model = RelationshipOwner
        fields = ["id", "supplier", "user", "track", "created_at"]
        read_only_fields = ["created_at"]
        validators = []  # the service names a person who already owns the track
