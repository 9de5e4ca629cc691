"""Serializer fields every app's API shares."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .. import permissions


class WithinReach:
    """A related field that accepts only rows the user may choose
    (``permissions.restrict_choices``): a row outside reach answers the very error of a
    row that does not exist, so the API never tells "not yours" from "not there".
    Every related field of the API derives from it (``tests/permissions`` checks)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if queryset is not None and request is not None:
            queryset = permissions.restrict_choices(queryset, request.user)
        return queryset


class SlugRelatedField(WithinReach, serializers.SlugRelatedField):
    """A related row named by a text key (a supplier's code, a user's name).

    A NUL character is refused as a field error before the lookup: PostgreSQL cannot
    hold NUL in text, so the query itself would fail with a server error."""

    default_error_messages = {
        "does_not_exist": _("No {slug_name} {value} that you may choose."),
        "invalid": _("Invalid value."),
    }

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                ProhibitNullCharactersValidator()(data)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages) from exc
        return super().to_internal_value(data)


class PrimaryKeyRelatedField(WithinReach, serializers.PrimaryKeyRelatedField):
    """A related row named by its id, within the user's reach."""

    default_error_messages = {
        "required": _("This field is required."),
        "does_not_exist": _("No object {pk_value} that you may choose."),
        "incorrect_type": _("Incorrect type. Expected pk value, received {data_type}."),
    }
