from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from srm.core import permissions
from srm.core.forms import ChoicesWithinReach, CodeChoiceField, DateInput

from .contract_services import ACTIVE_CONTRACT_FIELDS, CONTRACT_FIELDS
from .files import allowed_list
from .importers import IMPORTERS
from .models import (
    Category,
    Certificate,
    Contract,
    DocumentKind,
    Item,
    ServiceLevelMetric,
    Supplier,
    SupplierStatus,
)


class SupplierForm(ChoicesWithinReach, forms.ModelForm):
    class Meta:
        model = Supplier
        fields = ["code", *Supplier.EDITABLE_FIELDS, "categories"]
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["categories"].required = True
        action = "change" if self.instance.pk else "add"
        if permissions.supplier_scope(user, Supplier, action) is not None:
            self.fields["categories"].queryset = Category.objects.filter(
                pk__in=permissions.granted_category_ids(user)
            )
        if self.instance.pk:
            self.fields["code"].disabled = True


class SupplierTransitionForm(forms.Form):
    target = forms.ChoiceField(choices=[c for c in SupplierStatus.choices if c[0] != "prospect"])
    reason = forms.CharField(max_length=500, required=False, widget=forms.TextInput)


class ImportForm(forms.Form):
    kind = forms.ChoiceField()
    file = forms.FileField(
        help_text="CSV (UTF-8, comma or semicolon separated) or XLSX; first row is the header."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = []
        for kind, importer in IMPORTERS.items():
            if all(
                permissions.can(user, action, model)
                for model, action in importer.required_permissions
            ):
                allowed.append((kind, importer.label or kind))
        self.fields["kind"].choices = allowed

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Upload a .csv or .xlsx file.")
        return upload


def _file_help() -> str:
    return _("%(list)s; checked by content.") % {"list": allowed_list()}


class CertificateForm(forms.ModelForm):
    """A certificate's details; a file given here is stored as the next version of its
    document, and "verified" records who checked it and when."""

    file = forms.FileField(label=_("File"), required=False, help_text=_file_help)
    verified = forms.BooleanField(label=_("I have verified this certificate"), required=False)

    class Meta:
        model = Certificate
        fields = ["kind", "reference", "issuer", "scope", "issued_on", "expires_on"]
        widgets = {
            "issued_on": DateInput,
            "expires_on": DateInput,
            "scope": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verified"].initial = bool(self.instance.verified_at)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_file_help)


class DocumentVersionForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_file_help)


class ContractForm(ChoicesWithinReach, forms.ModelForm):
    """Create or edit a contract. The supplier is offered within the user's reach; the
    service checks the rest (dates, a free number, an owner who may see the contract)."""

    class Meta:
        model = Contract
        fields = ["number", "supplier", "title", *CONTRACT_FIELDS[1:]]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "renewal_date": DateInput(),
            "negotiation_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(
            is_active=True, supplier__isnull=True
        )
        if self.instance.pk:
            self.fields["number"].disabled = True
            self.fields["supplier"].disabled = True
            if not self.instance.is_draft:
                # In force: its terms change by decision request (shown, not editable).
                for name in CONTRACT_FIELDS:
                    if name not in ACTIVE_CONTRACT_FIELDS:
                        self.fields[name].disabled = True

    def validate_unique(self):
        """The service says whether the number is free, in the same words as the API."""

    def _post_clean(self):
        # Dates out of order are a field error (the table's constraint would answer with
        # its name, as an error on the whole form).
        start, end = self.cleaned_data.get("start_date"), self.cleaned_data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
            return
        super()._post_clean()


class PriceLineForm(ChoicesWithinReach, forms.Form):
    """One row of the price-list table on a draft contract's page."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    item = CodeChoiceField(
        queryset=Item.objects.all(),
        to_field_name="code",
        label=_("Item code"),
        widget=forms.TextInput(attrs={"size": 12}),
    )
    unit_price = forms.DecimalField(
        max_digits=14, decimal_places=4, min_value=0, label=_("Unit price")
    )
    currency = forms.CharField(max_length=3, required=False, label=_("Currency"))
    valid_from = forms.DateField(widget=DateInput(), label=_("Valid from"))
    valid_to = forms.DateField(widget=DateInput(), required=False, label=_("Valid to"))


class ServiceLevelForm(forms.Form):
    """One row of the service-level table on a draft contract's page."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    metric = forms.ChoiceField(choices=ServiceLevelMetric.choices, label=_("Measure"))
    target = forms.DecimalField(max_digits=12, decimal_places=3, label=_("Target"))
    valid_from = forms.DateField(widget=DateInput(), label=_("Valid from"))
    valid_to = forms.DateField(widget=DateInput(), required=False, label=_("Valid to"))


class LinesFormSet(forms.BaseFormSet):
    """The rows of one table; a service's error on the whole input lands on the set."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if issubclass(self.form, ChoicesWithinReach):
            kwargs["user"] = self.user
        return kwargs

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            if name != "DELETE" and not field.widget.is_hidden:
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", f"{css} form-control-sm")

    def add_error(self, field, errors):
        self.non_form_errors()  # cleans the set once
        exc = errors if isinstance(errors, ValidationError) else ValidationError(errors)
        self._non_form_errors.extend(exc.messages)


PriceLineFormSet = forms.formset_factory(
    PriceLineForm, formset=LinesFormSet, extra=1, can_delete=True
)
ServiceLevelFormSet = forms.formset_factory(
    ServiceLevelForm, formset=LinesFormSet, extra=1, can_delete=True
)
