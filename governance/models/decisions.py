"""Decision types and rights as data, decision requests and their sign-offs (SPEC §3)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django_fsm import FSMField, transition

from srm.core.models import GovernedModel
from srm.core.tracks import Track
from srm.core.validators import DATE_RANGE, DAYS_RANGE
from suppliers.models import ServiceLevelMetric, SupplierStatus


class DecisionEffect(models.TextChoices):
    """What an approved decision of a type changes, so the type is data but its effect is code."""

    SUPPLIER_APPROVAL = "supplier_approval", "Supplier becomes approved"
    CONTRACT_PRICE = "contract_price", "Contract price list gets the new price"
    SERVICE_LEVEL = "service_level", "Contract service-level target changes"
    DISPUTE = "dispute", "Resolution recorded on the supplier"
    SUPPLIER_EXIT = "supplier_exit", "Supplier becomes exited"
    SCORING_POLICY = "scoring_policy", "KPI targets, floors, weights and standing thresholds change"
    CONTRACT_TERMINATION = "contract_termination", "Contract becomes terminated"


class DecisionType(GovernedModel):
    """A kind of decision (SPEC §3) with its high-impact threshold and urgent quick path.

    Who proposes, signs off and is informed are ``DecisionRight`` rows; a dispute's
    escalation ladder is the type's ``escalation`` rights in step order.
    """

    track = Track.MANAGEMENT

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    effect = models.CharField(max_length=30, choices=DecisionEffect.choices)
    high_impact_spend = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Expected annual spend at or above which a request is high impact.",
    )
    high_impact_risk_levels = models.CharField(
        max_length=100,
        blank=True,
        help_text="Risk levels (comma-separated) that make a request high impact: high,critical.",
    )
    urgent_path = models.BooleanField(
        default=False, help_text="Whether an urgent request may take the quick path."
    )
    urgent_follow_up_role = models.ForeignKey(
        "accounts.Role",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who gets the follow-up review action after an urgent approval.",
    )
    urgent_follow_up_days = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=DAYS_RANGE
    )
    sign_off_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1)],
        help_text="Working days a sign-off step has before its signers are reminded and "
        "the step moves to its fallback role.",
    )
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def risk_levels(self) -> set[str]:
        return {v.strip().lower() for v in self.high_impact_risk_levels.split(",") if v.strip()}

    def is_high_impact(self, *, expected_annual_spend: Decimal, risk_level: str | None) -> bool:
        """SPEC §3: high impact when the risk level is one of the listed levels or the
        expected annual spend reaches the threshold."""
        if risk_level and risk_level.lower() in self.risk_levels:
            return True
        return (
            self.high_impact_spend is not None
            and expected_annual_spend is not None
            and expected_annual_spend >= self.high_impact_spend
        )


class RightKind(models.TextChoices):
    PROPOSES = "proposes", "Proposes"
    SIGNS_OFF = "signs_off", "Signs off"
    INFORMED = "informed", "Informed"


class RightPath(models.TextChoices):
    """Which route through the sign-offs a right belongs to."""

    ANY = "any", "Any request"
    STANDARD = "standard", "Standard"
    HIGH_IMPACT = "high_impact", "High impact"
    URGENT = "urgent", "Urgent quick path"
    ESCALATION = "escalation", "Escalation ladder"


class DecisionRight(GovernedModel):
    """One cell of the decision-rights map: a role's right on a decision type.

    A sign-off right names the path it applies to; every sign-off right of a request's
    path must be filled by a different person. A sign-off right on the ``escalation``
    path is one rung of the dispute ladder: ``step`` orders the rungs and ``days`` is
    the time the rung has (empty: until the next governance meeting).
    """

    track = Track.MANAGEMENT

    decision_type = models.ForeignKey(DecisionType, on_delete=models.CASCADE, related_name="rights")
    role = models.ForeignKey("accounts.Role", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=RightKind.choices)
    path = models.CharField(max_length=20, choices=RightPath.choices, default=RightPath.ANY)
    step = models.PositiveSmallIntegerField(default=1)
    days = models.PositiveSmallIntegerField(null=True, blank=True, validators=DAYS_RANGE)
    fallback_role = models.ForeignKey(
        "accounts.Role",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who signs the step when nobody but the requester holds the role, or "
        "once the step is overdue.",
    )

    class Meta:
        ordering = ["decision_type__order", "kind", "path", "step"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision_type", "role", "kind", "path"], name="one_right_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision_type.code}: {self.role.code} {self.kind} ({self.path})"

    def clean(self) -> None:
        if self.kind == RightKind.SIGNS_OFF and self.path == RightPath.ANY:
            raise ValidationError({"path": "A sign-off right names its path."})
        if self.path == RightPath.ESCALATION and self.kind != RightKind.SIGNS_OFF:
            raise ValidationError({"kind": "A rung of the escalation ladder is a sign-off."})


class LifecycleMove(GovernedModel):
    """One row of the lifecycle map (SPEC §3): a supplier move to ``target`` (from
    ``source``, or from anywhere when blank) is either governed by a decision type (only
    applying an approved decision makes it) or free for the ``free_roles``. A free move
    may inform a role and put the supplier on the next governance meeting's agenda.

    Administrators edit these rows in the admin (audited); ``governance.lifecycle``
    turns them into the gate that ``suppliers.lifecycle`` consults on every path.
    """

    track = Track.MANAGEMENT

    source = models.CharField(
        max_length=20, choices=SupplierStatus.choices, blank=True, help_text="Blank: any status."
    )
    target = models.CharField(max_length=20, choices=SupplierStatus.choices)
    decision_type = models.ForeignKey(
        DecisionType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lifecycle_moves",
        help_text="The decision type that governs the move; empty: the move is free.",
    )
    free_roles = models.ManyToManyField(
        "accounts.Role", blank=True, related_name="+", help_text="Who may make a free move."
    )
    notify_role = models.ForeignKey(
        "accounts.Role",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who hears about a free move.",
    )
    on_agenda = models.BooleanField(
        default=False, help_text="Put the move on the next governance meeting's agenda."
    )

    class Meta:
        ordering = ["target", "source"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="one_rule_per_move")
        ]

    def __str__(self) -> str:
        return f"{self.source or '*'} → {self.target}"


class DecisionRequest(GovernedModel):
    """A request for a decision: draft → submitted → approved | rejected → applied.

    The requester never signs off their own request; the sign-offs the path needs are
    the type's ``signs_off`` rights; approval applies the change by itself.
    """

    track = Track.MANAGEMENT
    supplier_path = "supplier"
    # A request bound to no supplier (a scoring policy change) is portfolio-wide: the
    # choke point shows it to every internal role that may see decisions, never to a
    # supplier collaborator.
    portfolio_rows = True
    # What the requester edits on a draft (form, API and service alike); the type and the
    # supplier are fixed once raised, the state moves only by submit, sign-off and apply.
    EDITABLE_FIELDS = (
        "title",
        "justification",
        "risk_impact",
        "urgent",
        "contract",
        "item",
        "proposed_unit_price",
        "sla_metric",
        "sla_target",
        "effective_from",
    )

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        APPLIED = "applied", "Applied"

    decision_type = models.ForeignKey(
        DecisionType, on_delete=models.PROTECT, related_name="requests"
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision_requests",
        help_text="Empty for a portfolio-wide decision (a scoring policy change).",
    )
    title = models.CharField(max_length=200)
    justification = models.TextField()
    risk_impact = models.TextField("risk impact note")
    urgent = models.BooleanField(default=False)
    contract = models.ForeignKey(
        "suppliers.Contract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision_requests",
    )
    item = models.ForeignKey(
        "suppliers.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_unit_price = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    sla_metric = models.CharField(
        "service-level metric", max_length=30, choices=ServiceLevelMetric.choices, blank=True
    )
    sla_target = models.DecimalField(
        "service-level target", max_digits=12, decimal_places=3, null=True, blank=True
    )
    effective_from = models.DateField(null=True, blank=True, validators=DATE_RANGE)
    # A scoring policy change: the proposed policy (``kpis``: code → target, floor,
    # weight; ``thresholds``: a_min, b_min, c_min) and the what-if ``preview`` of it,
    # computed when raised and again when submitted (``scorecards.policy``).
    payload = models.JSONField(default=dict, blank=True)
    state = FSMField(max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    path = models.CharField(max_length=20, choices=RightPath.choices, blank=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decision_requests"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True, db_index=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)
    apply_error = models.TextField(blank=True)
    applied_effect = models.JSONField(default=dict, blank=True)
    meeting = models.ForeignKey(
        "governance.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        help_text="The governance meeting in which the decision was taken.",
    )
    # Role codes of the steps that went overdue and moved to their fallback role, and of
    # those whose signers were reminded (each once).
    fallback_steps = models.JSONField(default=list, blank=True)
    reminded_steps = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("sign_off_decisionrequest", "Sign off or reject decision requests")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:decision_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        effect = self.decision_type.effect if self.decision_type_id else None
        if effect == DecisionEffect.SCORING_POLICY:
            if self.supplier_id:
                errors["supplier"] = _("A scoring policy change is for the whole portfolio.")
            if not (self.payload or {}).get("kpis") and not (self.payload or {}).get("thresholds"):
                errors["payload"] = _("Propose the new targets, floors, weights or thresholds.")
        elif effect is not None and not self.supplier_id:
            errors["supplier"] = _("Name the supplier the decision is about.")
        if effect in (
            DecisionEffect.CONTRACT_PRICE,
            DecisionEffect.SERVICE_LEVEL,
            DecisionEffect.CONTRACT_TERMINATION,
        ):
            if not self.contract_id:
                errors["contract"] = "Name the contract the change applies to."
            elif self.supplier_id and self.contract.supplier_id != self.supplier_id:
                errors["contract"] = "That contract belongs to another supplier."
            if not self.effective_from:
                errors["effective_from"] = "Say from which day the change applies."
        if effect == DecisionEffect.CONTRACT_PRICE:
            if not self.item_id:
                errors["item"] = "Name the item whose price changes."
            elif (
                self.contract_id and not self.contract.prices.filter(item_id=self.item_id).exists()
            ):
                errors["item"] = _("That item is not on the contract.")
            if self.proposed_unit_price is None:
                errors["proposed_unit_price"] = "Give the new unit price."
        if (
            effect == DecisionEffect.CONTRACT_TERMINATION
            and self.contract_id
            and self.contract.status != "active"
        ):
            errors["contract"] = _("Only an active contract can be terminated.")
        if effect == DecisionEffect.SERVICE_LEVEL:
            if not self.sla_metric:
                errors["sla_metric"] = "Name the service-level metric."
            if self.sla_target is None:
                errors["sla_target"] = "Give the new target."
        if effect == DecisionEffect.DISPUTE:
            errors["decision_type"] = "Disputes are raised as disputes, not decision requests."
        if self.urgent and self.decision_type_id and not self.decision_type.urgent_path:
            errors["urgent"] = f"{self.decision_type.name} has no urgent quick path."
        if errors:
            raise ValidationError(errors)

    # The lifecycle. Services call these under a row lock; nothing sets ``state`` directly.
    @transition(field=state, source=State.DRAFT, target=State.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=State.SUBMITTED, target=State.APPROVED)
    def approve(self):
        pass

    @transition(field=state, source=State.SUBMITTED, target=State.REJECTED)
    def reject(self):
        pass

    @transition(field=state, source=State.APPROVED, target=State.APPLIED)
    def apply(self):
        pass

    # Withdrawn by the requester or returned by a signer: back to a draft, to be changed
    # and submitted again (the sign-offs collected so far are dropped, audited).
    @transition(field=state, source=State.SUBMITTED, target=State.DRAFT)
    def back_to_draft(self):
        pass


class SignOff(GovernedModel):
    """One person's sign-off (or rejection) of a request, in one of the roles it needs."""

    track = Track.MANAGEMENT
    supplier_path = "request__supplier"
    portfolio_rows = True

    class Decision(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"

    request = models.ForeignKey(DecisionRequest, on_delete=models.CASCADE, related_name="sign_offs")
    role = models.ForeignKey("accounts.Role", on_delete=models.PROTECT, related_name="+")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The person whose sign-off rights the signer holds by delegation.",
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    comment = models.TextField(blank=True)
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "role"], name="one_sign_off_per_role"),
            # Four eyes: one person fills one slot, even if they hold two of the roles.
            models.UniqueConstraint(fields=["request", "signer"], name="one_sign_off_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.role_id} {self.decision} by {self.signer_id}"


class Delegation(GovernedModel):
    """A person's sign-off rights lent to another for a date range (out of office): the
    delegate signs on behalf of the delegator from ``starts`` to ``ends``, both inclusive."""

    track = Track.MANAGEMENT

    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegations_given"
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegations_held"
    )
    starts = models.DateField()
    ends = models.DateField()

    class Meta:
        ordering = ["-starts", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")), name="delegation_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~models.Q(delegate=models.F("delegator")), name="delegation_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegator_id} → {self.delegate_id} ({self.starts}–{self.ends})"

    def get_absolute_url(self) -> str:
        return reverse("governance:delegation_list")

    def is_active_on(self, day) -> bool:
        return self.starts <= day <= self.ends
