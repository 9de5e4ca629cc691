import django_filters
from django import forms

# A yes/no filter whose empty choice reads "Any", for BooleanFilter(widget=YES_NO_ANY).
YES_NO_ANY = forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")])


class StyledFilterSet(django_filters.FilterSet):
    """A FilterSet whose form widgets carry the Bootstrap classes of the filter bar; its
    dates are date pickers (which send ISO 8601, the format the API takes too)."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.DateInput):
                widget.input_type, widget.format = "date", "%Y-%m-%d"
            css = (
                "form-select form-select-sm"
                if isinstance(widget, forms.Select)
                else "form-control form-control-sm"
            )
            widget.attrs.setdefault("class", css)
        return form
