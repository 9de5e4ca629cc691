"""Serializer fields every app's API shares."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from rest_framework import serializers


class SlugRelatedField(serializers.SlugRelatedField):
    """A related row named by a text key (a supplier's code, a user's name).

    A NUL character is refused as a field error before the lookup: PostgreSQL cannot
    hold NUL in text, so the query itself would fail with a server error."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                ProhibitNullCharactersValidator()(data)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages) from exc
        return super().to_internal_value(data)
