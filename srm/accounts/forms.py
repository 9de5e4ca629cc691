from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from srm.core.forms import DateInput

from .models import ApiTokenScope


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
