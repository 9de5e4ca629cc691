from django import forms
from django.utils.translation import gettext_lazy as _

from srm.core import permissions
from srm.core.forms import ChoicesWithinReach

from .importers import IMPORTERS
from .models import (
    Category,
    Item,
    RelationshipOwner,
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
