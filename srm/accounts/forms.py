from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from srm.core import permissions
from srm.core.forms import ChoicesWithinReach, DateInput

from .models import ApiTokenScope, DirectoryGroupRule, Role, User


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    expires = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=DateInput(attrs={"class": "form-control"}),
        help_text=_("Empty: in 90 days."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=ApiTokenScope.choices,
        initial=ApiTokenScope.READ,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def expires_at(self):
        day = self.cleaned_data.get("expires")
        if day is None:
            return None
        # A token chosen to expire "on" a day works through that whole day.
        end = timezone.make_aware(datetime.combine(day, time.min) + timedelta(days=1))
        return min(end, timezone.now() + timedelta(days=settings.API_TOKEN_MAX_DAYS))


def _supplier_model():
    # The supplier a collaborator works for: reached through the user's own foreign key
    # (accounts sits below suppliers and does not import it).
    return User._meta.get_field("supplier").related_model


def _category_model():
    return DirectoryGroupRule._meta.get_field("categories").related_model


class UserAccessForm(ChoicesWithinReach, forms.Form):
    """Roles and category grants of one user (administrators)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["roles"] = forms.ModelMultipleChoiceField(
            label=_("Roles"),
            queryset=Role.objects.order_by("name"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["categories"] = forms.ModelMultipleChoiceField(
            label=_("Category grants"),
            queryset=_category_model().objects.order_by("name"),
            required=False,
            widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
            help_text=_("The categories whose suppliers a category manager reaches."),
        )


class InviteForm(UserAccessForm):
    """Invite a person by e-mail (administrators): who they are, and what they may do."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        text = {"class": "form-control"}
        self.fields = {
            "email": forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs=text)),
            "first_name": forms.CharField(
                label=_("First name"), max_length=150, required=False, widget=forms.TextInput(text)
            ),
            "last_name": forms.CharField(
                label=_("Last name"), max_length=150, required=False, widget=forms.TextInput(text)
            ),
            **self.fields,
            "supplier": forms.ModelChoiceField(
                label=_("Supplier"),
                queryset=_supplier_model().objects.order_by("name"),
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
                help_text=_("Only for a supplier collaborator: the supplier they work for."),
            ),
        }


class CollaboratorInviteForm(ChoicesWithinReach, forms.Form):
    """Invite a collaborator of a supplier one owns (relationship owner, category manager)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        text = {"class": "form-control"}
        self.fields["email"] = forms.EmailField(
            label=_("E-mail"), widget=forms.EmailInput(attrs=text)
        )
        self.fields["first_name"] = forms.CharField(
            label=_("First name"), max_length=150, required=False, widget=forms.TextInput(text)
        )
        self.fields["last_name"] = forms.CharField(
            label=_("Last name"), max_length=150, required=False, widget=forms.TextInput(text)
        )
        self.fields["supplier"] = forms.ModelChoiceField(
            label=_("Supplier"),
            queryset=permissions.owned_suppliers(user).order_by("name"),
            widget=forms.Select(attrs={"class": "form-select"}),
        )


class InvitationAcceptForm(forms.Form):
    """The invitee's new password, twice (checked by Django's password validators)."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data
