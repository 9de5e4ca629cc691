from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from srm.core import permissions
from srm.core.forms import ChoicesWithinReach, DateInput, DateTimeInput
from suppliers.models import Contract, Item, Supplier

from .models import (
    ActionItem,
    DecisionRequest,
    DecisionType,
    Dispute,
    Meeting,
    SteeringGroup,
    SupplierRequest,
)


def suppliers_for(user, model, action: str):
    """The suppliers on which ``user`` may take ``action`` on ``model`` rows."""
    suppliers = Supplier.objects.order_by("name")
    scope = permissions.supplier_scope(user, model, action)
    return suppliers if scope is None else suppliers.filter(pk__in=scope)


def internal_users():
    return (
        get_user_model()
        .objects.filter(is_active=True, supplier__isnull=True)
        .order_by("first_name", "username")
    )


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class DecisionRequestForm(ChoicesWithinReach, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = DecisionRequest
        fields = ["decision_type", "supplier", *DecisionRequest.EDITABLE_FIELDS]
        widgets = {
            "justification": forms.Textarea(attrs={"rows": 3}),
            "risk_impact": forms.Textarea(attrs={"rows": 3}),
            "effective_from": DateInput(),
        }
        help_texts = {
            "urgent": "Service-level changes only: the contract owner signs alone and the "
            "operations lead gets a follow-up review due in 5 days.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Disputes are raised as disputes; a scoring policy change from the what-if page,
        # which attaches the proposed policy and its preview.
        self.fields["decision_type"].queryset = DecisionType.objects.filter(is_active=True).exclude(
            effect__in=("dispute", "scoring_policy")
        )
        self.fields["supplier"].queryset = suppliers_for(user, DecisionRequest, "add")
        # Every type raised here is about one supplier; a portfolio-wide draft keeps none.
        self.fields["supplier"].required = not (self.instance.pk and not self.instance.supplier_id)
        if self.instance.pk:  # fixed once raised, whichever type it is
            self.fields["decision_type"].queryset = DecisionType.objects.filter(
                pk=self.instance.decision_type_id
            )
        self.fields["contract"].queryset = permissions.restrict(
            Contract.objects.select_related("supplier").order_by("number"), user, "view"
        )
        self.fields["item"].queryset = Item.objects.order_by("code")
        if self.instance.pk:
            for name in ("decision_type", "supplier"):
                self.fields[name].disabled = True


class SignOffForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DisputeForm(ChoicesWithinReach, BootstrapMixin, forms.Form):
    supplier = forms.ModelChoiceField(queryset=Supplier.objects.none())
    subject = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["supplier"].queryset = suppliers_for(user, Dispute, "add")


class ResolveForm(forms.Form):
    resolution = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class SupplierRequestForm(ChoicesWithinReach, BootstrapMixin, forms.Form):
    supplier = forms.ModelChoiceField(queryset=Supplier.objects.none())
    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    owner = forms.ModelChoiceField(queryset=get_user_model().objects.none())
    due_at = forms.DateTimeField(widget=DateTimeInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["supplier"].queryset = suppliers_for(user, SupplierRequest, "add")
        self.fields["owner"].queryset = internal_users()
        self.fields["owner"].initial = user.pk


class AnswerForm(forms.Form):
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control", "aria-label": "Answer"})
    )


class MeetingForm(ChoicesWithinReach, BootstrapMixin, forms.Form):
    group = forms.ModelChoiceField(queryset=SteeringGroup.objects.filter(is_active=True))
    kind = forms.ChoiceField(choices=Meeting.Kind.choices)
    scheduled_for = forms.DateTimeField(widget=DateTimeInput())
    title = forms.CharField(max_length=200, required=False)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control", "aria-label": "Minutes"})
    )


class ActionItemForm(ChoicesWithinReach, BootstrapMixin, forms.Form):
    title = forms.CharField(
        max_length=200, widget=forms.TextInput(attrs={"placeholder": "New action item"})
    )
    owner = forms.ModelChoiceField(queryset=get_user_model().objects.none(), empty_label="Owner…")
    due_date = forms.DateField(widget=DateInput())
    supplier = forms.ModelChoiceField(
        queryset=Supplier.objects.none(), required=False, empty_label="Supplier (optional)"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["owner"].queryset = internal_users()
        self.fields["supplier"].queryset = suppliers_for(user, ActionItem, "add")


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)


class LinkDecisionForm(ChoicesWithinReach, forms.Form):
    decision = forms.ModelChoiceField(queryset=DecisionRequest.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["decision"].queryset = permissions.restrict(
            DecisionRequest.objects.exclude(state__in=["draft", "submitted"]).filter(
                meeting__isnull=True
            ),
            user,
            "view",
        )


class DelegationForm(ChoicesWithinReach, BootstrapMixin, forms.Form):
    """Lend one's sign-off rights to a colleague for a date range (both days included)."""

    delegate = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), label=_("Delegate"), to_field_name="username"
    )
    starts = forms.DateField(label=_("From"), widget=DateInput())
    ends = forms.DateField(label=_("Until (inclusive)"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["delegate"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, supplier__isnull=True)
            .exclude(pk=user.pk)
            .order_by("username")
        )
