from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from srm.core import permissions
from srm.core.forms import ChoicesWithinReach, DateInput
from suppliers.models import Contract, Item, Receipt, Supplier

from . import engine
from .models import ContinuityExercise, ContinuityPlan, Incident, RiskDimension

VALUE_CHOICES = [("", "not rated")] + [(str(n), str(n)) for n in range(1, 6)]


class RiskAssessmentForm(forms.Form):
    """A value 1-5 and its evidence for each dimension that is assessed by hand; leave a
    dimension unrated to keep its current value."""

    assessed_on = forms.DateField(widget=DateInput())
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()
        self.dimensions = list(
            RiskDimension.objects.filter(is_active=True, method=RiskDimension.Method.ASSESSED)
        )
        for dimension in self.dimensions:
            self.fields[f"value_{dimension.code}"] = forms.ChoiceField(
                label=dimension.name, choices=VALUE_CHOICES, required=False
            )
            self.fields[f"evidence_{dimension.code}"] = forms.CharField(
                label=f"Evidence for {dimension.name.lower()}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    def rows(self):
        return [(d, self[f"value_{d.code}"], self[f"evidence_{d.code}"]) for d in self.dimensions]

    def clean(self):
        cleaned = super().clean()
        rated = 0
        for dimension in self.dimensions:
            value = cleaned.get(f"value_{dimension.code}")
            evidence = (cleaned.get(f"evidence_{dimension.code}") or "").strip()
            if value:
                rated += 1
                if not evidence:
                    self.add_error(
                        f"evidence_{dimension.code}", "Give the evidence behind the value."
                    )
            elif evidence:
                self.add_error(f"value_{dimension.code}", "Choose a value for this evidence.")
        if not rated and not self.errors:
            raise forms.ValidationError("Rate at least one dimension.")
        return cleaned

    def ratings(self):
        from .services import DimensionInput

        return [
            DimensionInput(
                code=d.code,
                value=int(self.cleaned_data[f"value_{d.code}"]),
                evidence=self.cleaned_data[f"evidence_{d.code}"],
            )
            for d in self.dimensions
            if self.cleaned_data.get(f"value_{d.code}")
        ]


def _suppliers_in_reach(user, model, action):
    scope = permissions.supplier_scope(user, model, action)
    suppliers = Supplier.objects.exclude(status="exited")
    return suppliers if scope is None else suppliers.filter(pk__in=scope)


class ContinuityPlanForm(ChoicesWithinReach, forms.ModelForm):
    class Meta:
        model = ContinuityPlan
        fields = ["item", "supplier", *ContinuityPlan.EDITABLE_FIELDS, "alternate_sources"]
        widgets = {
            "trigger_points": forms.Textarea(attrs={"rows": 2}),
            "playbook_steps": forms.Textarea(attrs={"rows": 5}),
            "alternate_sources": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["item"].queryset = Item.objects.filter(is_critical=True)
        self.fields["supplier"].queryset = _suppliers_in_reach(user, ContinuityPlan, action)
        self.fields["alternate_sources"].queryset = Supplier.objects.exclude(status="exited")
        self.fields["contract"].queryset = Contract.objects.filter(status="active").select_related(
            "supplier"
        )
        if self.instance.pk:
            self.fields["item"].disabled = True
            self.fields["supplier"].disabled = True
        for name, field in self.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
            if name == "alternate_sources":
                field.widget.attrs["class"] = "form-select"


class ContinuityExerciseForm(forms.ModelForm):
    class Meta:
        model = ContinuityExercise
        fields = ["held_on", "scenario", "participants", "findings"]
        widgets = {
            "held_on": DateInput(attrs={"class": "form-control"}),
            "scenario": forms.TextInput(attrs={"class": "form-control"}),
            "participants": forms.TextInput(attrs={"class": "form-control"}),
            "findings": forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        }


class QuarterSpanForm(forms.Form):
    """A span of whole quarters, e.g. from 2025Q1 to 2025Q4."""

    from_quarter = forms.CharField(label="From", max_length=7)
    to_quarter = forms.CharField(label="To", max_length=7)

    def clean(self):
        cleaned = super().clean()
        try:
            first = engine.Quarter.parse(cleaned.get("from_quarter", ""))
            last = engine.Quarter.parse(cleaned.get("to_quarter", ""))
            cleaned["span"] = engine.QuarterSpan(first, last)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        return cleaned


class IncidentForm(ChoicesWithinReach, forms.ModelForm):
    """Log or edit an incident. The linked receipts are named by PO number and line
    ("PO-1/2, PO-1/3"), as people read them on the receipts page."""

    receipt_lines = forms.CharField(
        label=_("Linked receipts"),
        required=False,
        help_text=_("PO number/line of the supplier's receipts, comma separated: PO-1/2, PO-7/1"),
    )

    class Meta:
        model = Incident
        fields = ["supplier", *Incident.EDITABLE_FIELDS]
        widgets = {
            "occurred_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
            "impact": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["supplier"].queryset = _suppliers_in_reach(user, Incident, action)
        self.fields["item"].queryset = Item.objects.order_by("code")
        if self.instance.pk:
            self.fields["supplier"].disabled = True
            self.initial["receipt_lines"] = ", ".join(
                f"{r.po_number}/{r.po_line}" for r in self.instance.receipts.all()
            )
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def _get_validation_exclusions(self):
        # The service names a clashing incident (same supplier, day, kind and
        # description) on the description field, instead of the constraint's name.
        return {*super()._get_validation_exclusions(), "description"}

    def clean(self):
        cleaned = super().clean()
        supplier = cleaned.get("supplier") or (self.instance.supplier if self.instance.pk else None)
        wanted = []
        for part in (cleaned.get("receipt_lines") or "").split(","):
            part = part.strip()
            if not part:
                continue
            po, sep, line = part.rpartition("/")
            if not sep or not po or not line.isdigit():
                self.add_error(
                    "receipt_lines", _("Write %(part)s as PO/line, e.g. PO-1/2.") % {"part": part}
                )
                return cleaned
            wanted.append((po, int(line)))
        cleaned["receipts"] = []
        if wanted and supplier is not None:
            found = {
                (r.po_number, r.po_line): r
                for r in permissions.restrict_choices(
                    Receipt.objects.filter(
                        supplier=supplier, po_number__in={p for p, _l in wanted}
                    ),
                    self.choices_user,
                )
            }
            missing = [f"{p}/{n}" for p, n in wanted if (p, n) not in found]
            if missing:
                self.add_error(
                    "receipt_lines",
                    _("No receipt %(lines)s of this supplier.") % {"lines": ", ".join(missing)},
                )
            cleaned["receipts"] = [found[k] for k in wanted if k in found]
        return cleaned
