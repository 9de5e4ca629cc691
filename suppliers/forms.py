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
    RelationshipOwner,
    ServiceLevelMetric,
    Supplier,
    SupplierContact,
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


class ItemForm(ChoicesWithinReach, forms.ModelForm):
    class Meta:
        model = Item
        fields = ["code", *Item.EDITABLE_FIELDS]
        labels = {
            "code": _("Code"),
            "name": _("Name"),
            "category": _("Category"),
            "unit": _("Unit"),
            "is_critical": _("Critical item (continuity plans, single-source checks)"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        action = "change" if self.instance.pk else "add"
        # A category manager files items under their own categories (the service says so
        # too; the form offers only those).
        if permissions.supplier_scope(user, Item, action) is not None:
            self.fields["category"].queryset = Category.objects.filter(
                pk__in=permissions.granted_category_ids(user)
            )
        if self.instance.pk:
            self.fields["code"].disabled = True
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", css)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not self.instance.pk and Item.objects.filter(code__iexact=code).exists():
            raise forms.ValidationError(_("An item with code %(code)s exists.") % {"code": code})
        return code

    def validate_unique(self):
        # A taken code is ``clean_code``'s error, whatever its case.
        pass


def _styled(form) -> None:
    for field in form.fields.values():
        if not isinstance(field.widget, forms.CheckboxInput):
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


def _suppliers_for(user, model, action):
    scope = permissions.supplier_scope(user, model, action)
    suppliers = Supplier.objects.exclude(status="exited")
    return suppliers if scope is None else suppliers.filter(pk__in=scope)


class ContactForm(ChoicesWithinReach, forms.ModelForm):
    """A person at the supplier; the tracks offered are those the user's roles work on."""

    class Meta:
        model = SupplierContact
        fields = ["supplier", *SupplierContact.EDITABLE_FIELDS]
        labels = {"works_on": _("Track")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["supplier"].queryset = _suppliers_for(user, SupplierContact, action)
        self.fields["works_on"].choices = [
            (value, label)
            for value, label in self.fields["works_on"].choices
            if value and permissions.may_take_track(user, SupplierContact, action, value)
        ]
        if self.instance.pk:
            self.fields["supplier"].disabled = True
        _styled(self)

    def _get_validation_exclusions(self):
        # The service names a taken e-mail on its field and hands the primary flag over:
        # the model's constraints on them are its backstop, not this form's check.
        return {*super()._get_validation_exclusions(), "email", "is_primary"}


class RelationshipOwnerForm(ChoicesWithinReach, forms.ModelForm):
    """One of our people owning the relationship on a track."""

    class Meta:
        model = RelationshipOwner
        fields = ["supplier", "user", "works_on"]
        labels = {"works_on": _("Track")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["supplier"].queryset = _suppliers_for(user, RelationshipOwner, "add")
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, supplier__isnull=True)
            .order_by("username")
        )
        self.fields["works_on"].choices = [
            (value, label)
            for value, label in self.fields["works_on"].choices
            if value and permissions.may_take_track(user, RelationshipOwner, "add", value)
        ]
        _styled(self)

    def _get_validation_exclusions(self):
        # The service names a person who already owns the track on the person's field.
        return {*super()._get_validation_exclusions(), "user"}
