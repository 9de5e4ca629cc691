from decimal import Decimal

from django import forms

from srm.core.forms import ChoicesWithinReach, DateInput

from .models import CorrectiveAction, KpiDefinition, ScoringPolicy

NUMBER = {"class": "form-control form-control-sm", "step": "any"}


class ScoringSettingsForm(forms.Form):
    """Targets, floors and weights of every active KPI and the standing thresholds: the
    what-if page previews them and saves them (the same form for both)."""

    a_min = forms.DecimalField(
        label="A from",
        min_value=0,
        max_value=100,
        decimal_places=1,
        widget=forms.NumberInput(NUMBER),
    )
    b_min = forms.DecimalField(
        label="B from",
        min_value=0,
        max_value=100,
        decimal_places=1,
        widget=forms.NumberInput(NUMBER),
    )
    c_min = forms.DecimalField(
        label="C from",
        min_value=0,
        max_value=100,
        decimal_places=1,
        widget=forms.NumberInput(NUMBER),
    )

    def __init__(self, *args, kpis: list[KpiDefinition], policy: ScoringPolicy, **kwargs):
        initial = {"a_min": policy.a_min, "b_min": policy.b_min, "c_min": policy.c_min}
        for kpi in kpis:
            initial.update(
                {
                    f"{kpi.code}__target": kpi.target,
                    f"{kpi.code}__floor": kpi.floor,
                    f"{kpi.code}__weight": kpi.weight,
                }
            )
        super().__init__(*args, initial=initial, **kwargs)
        self.kpis = kpis
        for kpi in kpis:
            for part in ("target", "floor", "weight"):
                label = f"{kpi.name} {part}"
                self.fields[f"{kpi.code}__{part}"] = forms.DecimalField(
                    label=label,
                    max_digits=12,
                    decimal_places=3,
                    min_value=0 if part == "weight" else None,
                    # The inputs sit in a table under column headings, without a <label>.
                    widget=forms.NumberInput({**NUMBER, "aria-label": label}),
                )

    def clean(self):
        data = super().clean()
        a, b, c = data.get("a_min"), data.get("b_min"), data.get("c_min")
        if None not in (a, b, c) and not a > b > c:
            self.add_error(None, "Thresholds must descend: A above B above C.")
        weights = Decimal(0)
        for kpi in self.kpis:
            target, floor = data.get(f"{kpi.code}__target"), data.get(f"{kpi.code}__floor")
            if target is not None and floor is not None:
                if target == floor:
                    self.add_error(f"{kpi.code}__floor", "The floor must differ from the target.")
                elif kpi.direction == "higher" and floor > target:
                    self.add_error(
                        f"{kpi.code}__floor",
                        f"{kpi.name}: higher is better, so the floor must be below the target.",
                    )
                elif kpi.direction == "lower" and floor < target:
                    self.add_error(
                        f"{kpi.code}__floor",
                        f"{kpi.name}: lower is better, so the floor must be above the target.",
                    )
            weights += data.get(f"{kpi.code}__weight") or 0
        if weights <= 0:
            self.add_error(None, "At least one KPI needs a weight above 0.")
        return data

    def kpi_changes(self) -> dict[str, dict]:
        return {
            kpi.code: {
                part: self.cleaned_data[f"{kpi.code}__{part}"]
                for part in ("target", "floor", "weight")
            }
            for kpi in self.kpis
        }

    def policy_changes(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("a_min", "b_min", "c_min")}

    def rows(self):
        """(kpi, target field, floor field, weight field) for the template."""
        return [
            (
                kpi,
                self[f"{kpi.code}__target"],
                self[f"{kpi.code}__floor"],
                self[f"{kpi.code}__weight"],
            )
            for kpi in self.kpis
        ]


class CorrectiveActionForm(ChoicesWithinReach, forms.ModelForm):
    class Meta:
        model = CorrectiveAction
        fields = list(CorrectiveAction.EDITABLE_FIELDS)
        widgets = {
            "root_cause": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.Textarea(attrs={"rows": 4}),
            "verification": forms.Textarea(attrs={"rows": 2}),
            "due_date": DateInput(),
        }
