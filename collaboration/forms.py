"""Forms of the collaboration pages. They validate input; the services write."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from srm.core import permissions
from srm.core.forms import ChoicesWithinReach, CodeChoiceField, DateInput
from suppliers.models import Item, Supplier

from .models import (
    Forecast,
    Idea,
    Pilot,
    PilotTask,
    RoadmapItem,
    SharingDataset,
)
from .selectors import pilot_assignees


class StyledForm:
    """Bootstrap classes on every widget, so templates render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


def suppliers_in_reach(user, model, action: str):
    """The suppliers on whose ``model`` rows the user may take ``action`` (for choices)."""
    reach = permissions.supplier_scope(user, model, action)
    suppliers = Supplier.objects.order_by("name")
    return suppliers if reach is None else suppliers.filter(pk__in=reach)


def members_for(supplier: Supplier | None):
    """Who can be on a pilot: the buyer's people and the supplier's own collaborators."""
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    if supplier is None:
        return users.filter(supplier__isnull=True)
    return users.filter(Q(supplier__isnull=True) | Q(supplier=supplier))


class SupplierChoiceMixin:
    """A ``supplier`` field limited to the suppliers within the user's reach for ``model``."""

    supplier_model = None

    def limit_suppliers(self, user, supplier: Supplier | None):
        if supplier is not None:
            return
        self.fields["supplier"] = CodeChoiceField(
            queryset=suppliers_in_reach(user, self.supplier_model, "add"),
            to_field_name="code",
            widget=forms.Select(attrs={"class": "form-select"}),
        )


class PilotForm(ChoicesWithinReach, SupplierChoiceMixin, StyledForm, forms.ModelForm):
    supplier_model = Pilot

    class Meta:
        model = Pilot
        fields = ["title", "goal", "budget", "currency", "start_date", "members"]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput(),
            "members": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {"start_date": "The sprint runs four weeks from this day."}

    def __init__(self, *args, user, supplier: Supplier | None = None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        fixed = self.instance.supplier if self.instance.pk else supplier
        if not self.instance.pk:
            self.limit_suppliers(user, supplier)
        self.fields["members"].queryset = members_for(fixed)
        self.fields["members"].required = False


class PilotTransitionForm(forms.Form):
    target = forms.ChoiceField(
        choices=[c for c in Pilot.Status.choices if c[0] != Pilot.Status.PLANNED]
    )
    outcome = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PilotTaskForm(ChoicesWithinReach, StyledForm, forms.ModelForm):
    class Meta:
        model = PilotTask
        fields = ["title", "assignee", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, pilot: Pilot, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["assignee"].queryset = pilot_assignees(pilot=pilot, actor=user)


class TaskMoveForm(forms.Form):
    status = forms.ChoiceField(choices=PilotTask.Status.choices)


class IdeaForm(ChoicesWithinReach, SupplierChoiceMixin, StyledForm, forms.ModelForm):
    supplier_model = Idea

    class Meta:
        model = Idea
        fields = ["title", "description", "estimated_value", "currency"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, supplier: Supplier | None = None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.limit_suppliers(user, supplier)


class IdeaTransitionForm(forms.Form):
    target = forms.ChoiceField(choices=[c for c in Idea.Status.choices if c[0] != "submitted"])
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    realised_value = forms.DecimalField(
        required=False, min_value=0, max_digits=14, decimal_places=2
    )


class RoadmapItemForm(ChoicesWithinReach, SupplierChoiceMixin, StyledForm, forms.ModelForm):
    supplier_model = RoadmapItem

    class Meta:
        model = RoadmapItem
        fields = ["title", "description", "target_quarter", "led_by", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, supplier: Supplier | None = None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            return
        self.limit_suppliers(user, supplier)


LINE_PATTERN = re.compile(
    r"^\s*(?P<item>[^;,\s]+)\s*[;,]\s*(?P<month>\d{4}-\d{2})\s*[;,]\s*(?P<qty>\S+)\s*$"
)


class ForecastForm(ChoicesWithinReach, SupplierChoiceMixin, StyledForm, forms.Form):
    """A forecast and its lines, one ``ITEM-CODE; YYYY-MM; quantity`` per line."""

    supplier_model = Forecast

    title = forms.CharField(max_length=200)
    lines = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control font-monospace"}),
        help_text="One line per item and month: ITEM-CODE; YYYY-MM; quantity",
    )
    share = forms.BooleanField(
        required=False, label="Share with the supplier now", widget=forms.CheckboxInput()
    )

    def __init__(self, *args, user, supplier: Supplier | None = None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.limit_suppliers(user, supplier)

    def clean_lines(self) -> list[dict]:
        raw = [line for line in self.cleaned_data["lines"].splitlines() if line.strip()]
        codes = set()
        parsed, errors = [], []
        for number, text in enumerate(raw, start=1):
            match = LINE_PATTERN.match(text)
            if not match:
                errors.append(f"Line {number}: write ITEM-CODE; YYYY-MM; quantity.")
                continue
            year, month = (int(p) for p in match["month"].split("-"))
            try:
                quantity = Decimal(match["qty"])
                first = date(year, month, 1)
            except (InvalidOperation, ValueError):
                errors.append(f"Line {number}: '{match['month']}' or '{match['qty']}' is invalid.")
                continue
            if quantity < 0 or not quantity.is_finite():
                errors.append(f"Line {number}: the quantity must be a number ≥ 0.")
                continue
            codes.add(match["item"])
            parsed.append((number, match["item"], first, quantity))
        items = {i.code: i for i in Item.objects.filter(code__in=codes)}
        lines = []
        for number, code, month, quantity in parsed:
            if code not in items:
                errors.append(f"Line {number}: no item with code {code}.")
                continue
            lines.append({"item": items[code], "month": month, "quantity": quantity})
        if errors:
            raise forms.ValidationError(errors)
        if not lines:
            raise forms.ValidationError("Give at least one line.")
        return lines


class ForecastAcknowledgeForm(forms.Form):
    """Commit the capacity as forecast, or flag a shortfall with the capacity per line."""

    response = forms.ChoiceField(
        choices=[("commit", "Commit the capacity"), ("shortfall", "Flag a shortfall")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        label="Note",
    )

    def __init__(self, *args, forecast: Forecast, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(forecast.lines.all())
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = forms.DecimalField(
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=3,
                label=f"{line.item.code} {line.month:%Y-%m}",
                widget=forms.NumberInput(
                    attrs={
                        "aria-label": f"Capacity for {line.item.code} in {line.month:%Y-%m}",
                        "class": "form-control form-control-sm",
                        "placeholder": f"{line.quantity.normalize():f}",
                        "step": "any",
                    }
                ),
            )

    def capacities(self) -> dict[int, Decimal]:
        return {
            line.pk: self.cleaned_data[f"line_{line.pk}"]
            for line in self.lines
            if self.cleaned_data.get(f"line_{line.pk}") is not None
        }

    def capacity_fields(self):
        return [(line, self[f"line_{line.pk}"]) for line in self.lines]


class SharingPolicyForm(StyledForm, forms.Form):
    datasets = forms.MultipleChoiceField(
        choices=SharingDataset.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Publish to the supplier's collaborators",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CorrectiveActionResponseForm(StyledForm, forms.Form):
    body = forms.CharField(
        label="Your answer", widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000
    )
    root_cause = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5_000
    )
    planned_completion = forms.DateField(required=False, widget=DateInput())


class ScoreAppealForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label="What is wrong with this score?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
    )


class RequestAnswerForm(StyledForm, forms.Form):
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "aria-label": "Your answer"}), max_length=10_000
    )
