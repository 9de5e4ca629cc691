"""Appending many rows at once.

On PostgreSQL rows go through COPY: Django's bulk_create binds every value client-side,
and quoting tens of thousands of JSON values that way costs seconds. Elsewhere (SQLite)
bulk_create does the job. Rows are appended as given: no signals, no ids set on the
objects, no conflict handling."""

from __future__ import annotations

import json

from django.db import connection, models


def copy_append(model: type[models.Model], objects: list[models.Model]) -> int:
    """Insert ``objects`` (unsaved instances of ``model``); returns how many."""
    if not objects:
        return 0
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=1000)
        return len(objects)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    converters = [_converter(f) for f in fields]
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([convert(obj) for convert in converters])
    return len(objects)


# Fields whose attribute value is what the column takes (psycopg adapts it): no
# pre_save hook, no conversion. Django's general path costs ~5 µs a value, which
# adds up over tens of thousands of rows of a dozen columns.
_PLAIN = (models.BooleanField, models.IntegerField, models.ForeignKey)
_TEXT = (models.CharField, models.TextField)


def _converter(field):
    attname = field.attname
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def json_value(obj):
            value = getattr(obj, attname)
            return None if value is None else json.dumps(value, cls=encoder)

        return json_value
    if isinstance(field, models.DateTimeField) and not (field.auto_now or field.auto_now_add):
        # An aware datetime goes as it is; anything else takes Django's path (which
        # makes a naive one aware, with its warning).
        def datetime_value(obj):
            value = getattr(obj, attname)
            if value is None or getattr(value, "tzinfo", None) is not None:
                return value
            return field.get_db_prep_save(value, connection)

        return datetime_value
    if type(field).pre_save is models.Field.pre_save:
        if isinstance(field, _PLAIN):
            return lambda obj: getattr(obj, attname)
        if isinstance(field, _TEXT):
            # A choices member (a str subclass) is stored as its value, as Django does.
            return lambda obj: _text(getattr(obj, attname))
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, add=True), connection)


def _text(value):
    return value if value is None or type(value) is str else str(value)
