"""Suppliers, categories, items, contracts with effective-dated prices and service
levels, certificates, receipts and imports (SPEC §1-3, §9)."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_fsm import FSMField, transition

from srm.core.models import GovernedModel
from srm.core.tracks import Track
from srm.core.validators import DATE_RANGE, DAYS_RANGE, LINE_NUMBER_RANGE

CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    "Use letters, digits, dot, dash or underscore, starting with a letter or digit.",
)
CURRENCY_VALIDATOR = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code (EUR)."))
CERTIFICATE_WARNING_DAYS = 60
RENEWAL_WARNING_DAYS = 90


class Region(models.TextChoices):
    AMERICAS = "Americas", "Americas"
    EMEA = "EMEA", "EMEA"
    APAC = "APAC", "APAC"


class Tier(models.IntegerChoices):
    STRATEGIC = 1, "Tier 1 (strategic)"
    PREFERRED = 2, "Tier 2 (preferred)"
    TRANSACTIONAL = 3, "Tier 3 (transactional)"


class Category(GovernedModel):
    track = Track.SHARED

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"
        permissions = [("manage_category", "Manage the suppliers of this category")]

    def __str__(self) -> str:
        return self.name


class SupplierStatus(models.TextChoices):
    PROSPECT = "prospect", "Prospect"
    ONBOARDING = "onboarding", "Onboarding"
    APPROVED = "approved", "Approved"
    SUSPENDED = "suspended", "Suspended"
    EXITED = "exited", "Exited"


class Supplier(GovernedModel):
    """A supplier. Its lifecycle is prospect → onboarding → approved → suspended → exited."""

    track = Track.SHARED
    supplier_path = "pk"
    # What a person edits on a supplier (form, API and service alike); the code is set once,
    # the categories are a relation, the status moves only by transition.
    EDITABLE_FIELDS = (
        "name",
        "country",
        "region",
        "tier",
        "expected_annual_spend",
        "currency",
        "relationship_owner",
        "description",
    )
    # Expected spend is procurement's own figure: read (shown, sorted, filtered, searched)
    # only by those who may see contracts, not by collaboration members or supplier
    # collaborators. The choke point (``permissions.may_read_path``) applies it.
    field_permissions = {"expected_annual_spend": ("view", "suppliers.Contract")}

    code = models.CharField(max_length=32, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(max_length=200, db_index=True)
    country = CountryField()
    region = models.CharField(max_length=10, choices=Region.choices, db_index=True)
    categories = models.ManyToManyField(Category, related_name="suppliers", blank=True)
    tier = models.PositiveSmallIntegerField(choices=Tier.choices, default=Tier.TRANSACTIONAL)
    status = FSMField(
        max_length=20, choices=SupplierStatus.choices, default=SupplierStatus.PROSPECT
    )
    expected_annual_spend = models.DecimalField(
        max_digits=16, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    currency = models.CharField(max_length=3, default="EUR")
    relationship_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_suppliers",
    )
    blocked_for_orders = models.BooleanField(
        default=False, help_text="Set by standing D: no new orders until it recovers."
    )
    blocked_reason = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "region"])]
        # Who may use the status control at all; which moves each role may make is the
        # lifecycle gate's data (an operations lead may suspend, not edit the profile).
        permissions = [("transition_supplier", "Move suppliers along their lifecycle")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("suppliers:supplier_detail", args=[self.code])

    # Lifecycle. Services call these and save; nothing sets ``status`` directly.
    @transition(field=status, source=SupplierStatus.PROSPECT, target=SupplierStatus.ONBOARDING)
    def start_onboarding(self):
        pass

    @transition(
        field=status,
        source=[SupplierStatus.PROSPECT, SupplierStatus.ONBOARDING, SupplierStatus.SUSPENDED],
        target=SupplierStatus.APPROVED,
    )
    def approve(self):
        pass

    @transition(field=status, source=SupplierStatus.APPROVED, target=SupplierStatus.SUSPENDED)
    def suspend(self):
        pass

    @transition(field=status, source="*", target=SupplierStatus.EXITED)
    def exit(self):
        pass


# The lifecycle transitions, by target status, for services and imports.
STATUS_TRANSITIONS = {
    SupplierStatus.ONBOARDING: "start_onboarding",
    SupplierStatus.APPROVED: "approve",
    SupplierStatus.SUSPENDED: "suspend",
    SupplierStatus.EXITED: "exit",
}


class Item(GovernedModel):
    track = Track.SHARED
    # What a person edits on an item (form, API, import); the code is set once.
    EDITABLE_FIELDS = ("name", "category", "unit", "is_critical")

    code = models.CharField(max_length=64, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(max_length=200)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    unit = models.CharField(max_length=20, default="pcs")
    is_critical = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("suppliers:item_detail", args=[self.code])


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


class Contract(GovernedModel):
    supplier_path = "supplier"

    number = models.CharField(max_length=40, unique=True, validators=[CODE_VALIDATOR])
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="contracts")
    title = models.CharField(max_length=200)
    status = FSMField(
        max_length=20, choices=ContractStatus.choices, default=ContractStatus.DRAFT, db_index=True
    )
    start_date = models.DateField(validators=DATE_RANGE)
    end_date = models.DateField(validators=DATE_RANGE)
    # The term this one renews ("renew" drafts the next term from the current one).
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_term",
        verbose_name=_("previous term"),
    )
    notice_period_days = models.PositiveIntegerField(default=90, validators=DAYS_RANGE)
    renewal_date = models.DateField(null=True, blank=True, db_index=True, validators=DATE_RANGE)
    auto_renew = models.BooleanField(default=False)
    currency = models.CharField(max_length=3, default="EUR")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_contracts",
    )
    negotiation_notes = models.TextField(
        blank=True, help_text="Confidential: management track only, never shown to suppliers."
    )

    class Meta:
        ordering = ["-start_date", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="contract_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("suppliers:contract_detail", args=[self.number])

    # Lifecycle: draft → active → expired | terminated. Services call these under a row
    # lock and save; nothing sets ``status`` directly. Termination is a decision's effect.
    @transition(field=status, source=ContractStatus.DRAFT, target=ContractStatus.ACTIVE)
    def activate(self):
        pass

    @transition(field=status, source=ContractStatus.ACTIVE, target=ContractStatus.EXPIRED)
    def expire(self):
        pass

    @transition(field=status, source=ContractStatus.ACTIVE, target=ContractStatus.TERMINATED)
    def terminate(self):
        pass

    @property
    def is_draft(self) -> bool:
        """Prices and service levels are edited directly only on a draft (SPEC §3)."""
        return self.status == ContractStatus.DRAFT

    @property
    def notice_deadline(self) -> date | None:
        """Last day to give notice before the renewal (or the end) date."""
        anchor = self.renewal_date or self.end_date
        return anchor - timedelta(days=self.notice_period_days) if anchor else None

    def notice_flag(self, today: date) -> str | None:
        """What happens to an active contract whose notice deadline has passed (SPEC §3):
        ``"renews"`` (it renews automatically) or ``"expires"``; ``None`` before the
        deadline, after the renewal/end date, or for a contract not in force. A decision
        to renew or terminate ends the contract's ``active`` status or moves its dates."""
        deadline = self.notice_deadline
        anchor = self.renewal_date or self.end_date
        if self.status != ContractStatus.ACTIVE or deadline is None or today <= deadline:
            return None
        if anchor < today or self.notice_handled:
            return None
        return "renews" if self.auto_renew else "expires"

    @property
    def notice_handled(self) -> bool:
        """Whether a successor term exists or a termination has been asked for; a list
        annotates both (``selectors.contract_list``), a single row asks."""
        if hasattr(self, "has_successor") and hasattr(self, "termination_pending"):
            return bool(self.has_successor or self.termination_pending)
        from .contract_terms import contract_notice_handled

        return contract_notice_handled(self)

    def get_notice_flag_display(self, today: date) -> str:
        flag = self.notice_flag(today)
        return {"renews": _("renews automatically"), "expires": _("expires")}.get(flag, "")


class ContractPrice(GovernedModel):
    """A price line: the agreed unit price of an item under a contract, valid from
    ``effective_from`` to ``valid_to`` (open-ended when empty). Lines of one item on one
    contract never overlap (``contract_terms.price_line_clashes``)."""

    supplier_path = "contract__supplier"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="prices")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="contract_prices")
    unit_price = models.DecimalField(
        max_digits=14, decimal_places=4, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(max_length=3, default="EUR", validators=[CURRENCY_VALIDATOR])
    effective_from = models.DateField(_("valid from"), validators=DATE_RANGE)
    valid_to = models.DateField(_("valid to"), null=True, blank=True, validators=DATE_RANGE)

    class Meta:
        ordering = ["item__code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "item", "effective_from"], name="one_price_per_item_and_day"
            )
        ]
        indexes = [models.Index(fields=["contract", "item", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.item.code} @ {self.unit_price} from {self.effective_from}"

    def label(self) -> str:
        """How an error names the line: item, price and validity."""
        until = self.valid_to.isoformat() if self.valid_to else "…"
        return (
            f"{self.item.code} {self.unit_price.normalize():f} {self.currency} "
            f"{self.effective_from.isoformat()}–{until}"
        )


class ServiceLevelMetric(models.TextChoices):
    OTIF = "otif", "On time in full, %"
    LEAD_TIME_DAYS = "lead_time_days", "Lead time, days"
    RESPONSE_HOURS = "response_hours", "Response time, hours"
    RECOVERY_HOURS = "recovery_hours", "Recovery time (max), hours"
    DEFECT_RATE = "defect_rate", "Defect rate (max), %"


class ServiceLevel(GovernedModel):
    """A service-level target of a contract, in force from ``effective_from``."""

    supplier_path = "contract__supplier"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="service_levels")
    metric = models.CharField(max_length=30, choices=ServiceLevelMetric.choices)
    target = models.DecimalField(max_digits=12, decimal_places=3)
    effective_from = models.DateField(_("valid from"), validators=DATE_RANGE)
    valid_to = models.DateField(_("valid to"), null=True, blank=True, validators=DATE_RANGE)

    class Meta:
        ordering = ["metric", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "metric", "effective_from"], name="one_sla_per_metric_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.target} from {self.effective_from}"

    def label(self) -> str:
        until = self.valid_to.isoformat() if self.valid_to else "…"
        return (
            f"{self.get_metric_display()} {self.target.normalize():f} "
            f"{self.effective_from.isoformat()}–{until}"
        )


class CertificateKind(models.TextChoices):
    ISO_9001 = "iso9001", "ISO 9001"
    ISO_14001 = "iso14001", "ISO 14001"
    ISO_27001 = "iso27001", "ISO/IEC 27001"
    IATF_16949 = "iatf16949", "IATF 16949"
    INSURANCE = "insurance", "Liability insurance"
    AUDIT = "audit", "Supplier audit"
    OTHER = "other", "Other"


class Certificate(GovernedModel):
    """A certificate the supplier holds; its file is a ``Document`` attached to it (every
    upload a new version). ``reference`` is the certificate's number, ``issued_on`` and
    ``expires_on`` its validity (the API calls them ``number``, ``valid_from``, ``valid_to``)."""

    supplier_path = "supplier"

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(max_length=20, choices=CertificateKind.choices)
    reference = models.CharField(_("number"), max_length=100, blank=True)
    issuer = models.CharField(_("issuer"), max_length=120, blank=True)
    scope = models.TextField(_("scope"), blank=True, max_length=2000)
    issued_on = models.DateField(_("valid from"), null=True, blank=True, validators=DATE_RANGE)
    expires_on = models.DateField(_("valid to"), db_index=True, validators=DATE_RANGE)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        ordering = ["expires_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(issued_on__isnull=True) | Q(expires_on__gte=F("issued_on")),
                name="certificate_valid_to_after_from",
                violation_error_message=_("A certificate cannot be valid to before valid from."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}".strip()

    def get_absolute_url(self) -> str:
        return reverse("suppliers:certificate_detail", args=[self.pk])

    def days_to_expiry(self, today: date) -> int:
        return (self.expires_on - today).days


class DocumentKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate")
    CONTRACT = "contract", _("Contract")
    AMENDMENT = "amendment", _("Amendment")
    AUDIT_REPORT = "audit_report", _("Audit report")
    QUALITY = "quality", _("Quality document")
    INSURANCE = "insurance", _("Insurance")
    OTHER = "other", _("Other")


def document_storage():
    """The private ``documents`` storage (srm/settings/storage.py): never a public URL."""
    from django.core.files.storage import storages

    return storages["documents"]


def document_path(instance: "Document", filename: str) -> str:
    import uuid

    return f"suppliers/{instance.supplier_id}/{uuid.uuid4().hex}/{filename}"


class Document(GovernedModel):
    """A file kept for a supplier, a contract or a certificate (its owner).

    Uploading the same document again (same owner, kind and title: ``series``) adds the
    next version; the older ones stay. The content was checked by its bytes, its SHA-256
    is kept (and audited), and it is only ever served through ``DocumentDownloadView``."""

    supplier_path = "supplier"

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="documents")
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    certificate = models.ForeignKey(
        Certificate, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    series = models.CharField(max_length=300, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    file = models.FileField(storage=document_storage, upload_to=document_path, max_length=400)
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["series", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="one_document_version"),
            models.CheckConstraint(
                condition=Q(contract__isnull=True) | Q(certificate__isnull=True),
                name="document_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def owner(self):
        return self.certificate or self.contract or self.supplier

    @property
    def uploaded_at(self):
        return self.created_at

    def get_absolute_url(self) -> str:
        return self.download_url()

    def download_url(self) -> str:
        return reverse("suppliers:document_download", args=[self.pk])


class ImportBatch(GovernedModel):
    """One import of a file: who, what, the file's digest and the outcome."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        REJECTED = "rejected", "Rejected"

    kind = models.CharField(max_length=40)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.kind} import {self.filename} ({self.status})"


class Receipt(GovernedModel):
    """One received purchase-order line (SPEC §9). Unique per supplier, PO number and line;
    a re-import of the same key replaces it."""

    supplier_path = "supplier"

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="receipts")
    po_number = models.CharField(max_length=40)
    po_line = models.PositiveIntegerField(validators=LINE_NUMBER_RANGE)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="receipts")
    contract = models.ForeignKey(
        Contract,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="receipts",
        help_text="The supplier's contract in force on the order date, if any.",
    )
    order_date = models.DateField(validators=DATE_RANGE)
    promised_date = models.DateField(validators=DATE_RANGE)
    received_date = models.DateField(validators=DATE_RANGE)
    ordered_qty = models.DecimalField(max_digits=14, decimal_places=3)
    received_qty = models.DecimalField(max_digits=14, decimal_places=3)
    rejected_qty = models.DecimalField(max_digits=14, decimal_places=3, default=Decimal("0"))
    defective_qty = models.DecimalField(max_digits=14, decimal_places=3, default=Decimal("0"))
    unit_price = models.DecimalField(max_digits=14, decimal_places=4)
    agreed_unit_price = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    # The contract's price for the item in force on the order date, resolved when the
    # receipt or the price list changes (``receipts_reprice``), so the nightly
    # aggregation stays one plain GROUP BY instead of a price lookup per line.
    contract_unit_price = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, blank=True, editable=False
    )
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="receipts"
    )

    class Meta:
        ordering = ["-received_date", "po_number", "po_line"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "po_number", "po_line"], name="one_receipt_per_po_line"
            ),
            models.CheckConstraint(condition=Q(ordered_qty__gt=0), name="receipt_ordered_positive"),
            models.CheckConstraint(
                condition=Q(received_qty__gte=0), name="receipt_received_nonneg"
            ),
            models.CheckConstraint(
                condition=Q(rejected_qty__gte=0, rejected_qty__lte=F("received_qty")),
                name="receipt_rejected_within_received",
            ),
            models.CheckConstraint(
                condition=Q(defective_qty__gte=0, defective_qty__lte=F("received_qty")),
                name="receipt_defective_within_received",
            ),
        ]
        indexes = [
            models.Index(fields=["received_date", "supplier"]),
            models.Index(fields=["supplier", "received_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.po_number}/{self.po_line}"

    @property
    def days_late(self) -> int:
        return (self.received_date - self.promised_date).days

    @property
    def is_on_time(self) -> bool:
        return self.received_date <= self.promised_date

    @property
    def is_in_full(self) -> bool:
        return self.received_qty >= self.ordered_qty


class SupplierEvent(GovernedModel):
    """The supplier's timeline: status changes, standing changes, risk-level changes,
    decisions and dispute resolutions, each with a link to what caused it."""

    supplier_path = "supplier"

    class Kind(models.TextChoices):
        STATUS = "status", "Status"
        STANDING = "standing", "Standing"
        RISK_LEVEL = "risk_level", "Risk level"
        DECISION = "decision", "Decision"
        DISPUTE = "dispute", "Dispute"
        CORRECTIVE_ACTION = "corrective_action", "Corrective action"
        INCIDENT = "incident", "Incident"
        NOTE = "note", "Note"

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    detail = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ContractNoticeReminder(models.Model):
    """A notice-deadline reminder sent to a contract's owner (SPEC §3: 60, 30 and 7 days
    before), remembered so the daily run sends each one once. The deadline is part of the
    key: a contract whose dates move gets its reminders again for the new deadline."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    deadline = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "deadline", "days_before"], name="one_notice_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.deadline} −{self.days_before}d"


class SupplierContact(GovernedModel):
    """A person at the supplier, on the collaboration track, the management track or
    both ("companies don't have relationships; people do"). Personal data: a contact is
    anonymised on request (``contact_anonymise``), never deleted, so what refers to it
    stays whole; the audit trail records that its name, e-mail or phone changed, not the
    values, so an anonymised contact leaves none behind in the (immutable) chain.

    Seen per track: a row of one track is reached only by roles that work on that track
    (``row_track_field``, applied by the choke point); a row of both tracks by either."""

    track = Track.SHARED
    supplier_path = "supplier"
    # The field holding the row's own track (``track`` is the model's, for the choke point).
    row_track_field = "works_on"
    EDITABLE_FIELDS = ("name", "function", "email", "phone", "works_on", "is_primary")
    PERSONAL_FIELDS = ("name", "email", "phone")

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    works_on = models.CharField(
        _("track"),
        max_length=20,
        choices=Track.choices,
        help_text=_("The track this person works with us on; both tracks: either."),
    )
    is_primary = models.BooleanField(
        _("primary contact"),
        default=False,
        help_text=_("One primary contact per supplier and track; naming a new one replaces it."),
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["supplier", "-is_primary", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "works_on"],
                condition=Q(is_primary=True),
                name="one_primary_contact_per_track",
            ),
            models.UniqueConstraint(
                fields=["supplier", "email"],
                condition=~Q(email=""),
                name="one_contact_per_email",
            ),
        ]
        permissions = [("anonymise_suppliercontact", "Anonymise a supplier contact")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("suppliers:supplier_contacts", args=[self.supplier.code])

    @property
    def tracks(self) -> set[str]:
        """The tracks the contact works on (both for ``shared``)."""
        if self.works_on == Track.SHARED:
            return {Track.COLLABORATION, Track.MANAGEMENT}
        return {self.works_on}


class RelationshipOwner(GovernedModel):
    """One of our people who owns the relationship with a supplier on one track: the
    left side of the supplier's relationship map (our people ↔ their people)."""

    class OwnerTrack(models.TextChoices):
        COLLABORATION = Track.COLLABORATION.value, Track.COLLABORATION.label
        MANAGEMENT = Track.MANAGEMENT.value, Track.MANAGEMENT.label

    track = Track.SHARED
    supplier_path = "supplier"
    row_track_field = "works_on"

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="relationship_owners"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="supplier_relationships",
    )
    works_on = models.CharField(_("track"), max_length=20, choices=OwnerTrack.choices)

    class Meta:
        ordering = ["supplier", "works_on", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "user", "works_on"], name="one_owner_row_per_track"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_works_on_display()})"

    def get_absolute_url(self) -> str:
        return reverse("suppliers:supplier_contacts", args=[self.supplier.code])
