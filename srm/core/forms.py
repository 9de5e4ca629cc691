"""Form widgets every app shares."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.forms import NON_FIELD_ERRORS

from . import permissions


class DateInput(forms.DateInput):
    """A browser date picker. Its value must be ISO 8601 (``yyyy-mm-dd``): with the
    locale's format (dd/mm/yyyy in en-GB) the browser drops the value, so an edit form
    would come back with the date empty."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


class DateTimeInput(forms.DateTimeInput):
    """A browser date-and-time picker, for the same reason in ``yyyy-mm-ddThh:mm``."""

    input_type = "datetime-local"

    def __init__(self, attrs=None, format="%Y-%m-%dT%H:%M"):
        super().__init__(attrs=attrs, format=format)


def errors_text(form: forms.Form) -> str:
    """A bound form's errors as one sentence a person reads, with the fields' labels
    ("Due date: This field is required."), for pages that report a form in a message."""
    parts = []
    for name, errors in form.errors.items():
        label = "" if name == NON_FIELD_ERRORS else f"{form[name].label}: "
        parts.extend(f"{label}{error}" for error in errors)
    return " ".join(parts)


class CodeChoiceField(forms.ModelChoiceField):
    """A choice of row by a text key (``to_field_name``, e.g. a supplier's code). A NUL
    character is refused before the lookup, which PostgreSQL would fail on."""

    def to_python(self, value):
        if isinstance(value, str):
            ProhibitNullCharactersValidator()(value)
        return super().to_python(value)


class ChoicesWithinReach:
    """A form whose every row choice (``ModelChoiceField`` and its multiple kind) offers
    and accepts only rows within the user's reach (``permissions.restrict_choices``).

    Put it first among the bases and pass ``user=`` up from the form's own ``__init__``.
    The querysets are narrowed when the form is first rendered or validated, after the
    form's own ``__init__`` has set them, so a form may still choose its rows freely: the
    choke point only ever takes rows away. Every form of the app with a row choice derives
    from it (``tests/permissions/test_choices.py`` checks)."""

    def __init__(self, *args, user, **kwargs):
        self.choices_user = user
        self._choices_restricted = False
        super().__init__(*args, **kwargs)

    def restrict_choices(self) -> None:
        if self._choices_restricted:
            return
        self._choices_restricted = True
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = permissions.restrict_choices(field.queryset, self.choices_user)

    def full_clean(self):
        self.restrict_choices()
        super().full_clean()

    def __getitem__(self, name):
        self.restrict_choices()
        return super().__getitem__(name)
