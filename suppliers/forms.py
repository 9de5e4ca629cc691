from django import forms
from django.utils.translation import gettext_lazy as _

from srm.core import permissions
from srm.core.forms import ChoicesWithinReach, DateInput

from .files import allowed_list
from .importers import IMPORTERS
from .models import Category, Certificate, DocumentKind, Supplier, SupplierStatus


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
