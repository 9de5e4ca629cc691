import django_filters
from django import forms

from . import permissions

# A yes/no filter whose empty choice reads "Any", for BooleanFilter(widget=YES_NO_ANY).
YES_NO_ANY = forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")])


class GovernedFilterSet(django_filters.FilterSet):
    """A filter set whose filters on a field the user may not read
    (``permissions.may_read_path``) are removed for that user, on the page and the API
    alike. Every filter set of the app derives from it (``tests/permissions`` checks)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for name, filter_ in list(self.filters.items()):
            path = filter_.field_name
            if path and not permissions.may_read_path(user, self._meta.model, path):
                del self.filters[name]


class StyledFilterSet(GovernedFilterSet):
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
