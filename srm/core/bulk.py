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
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([_value(obj, f) for f in fields])
    return len(objects)


def _value(obj, field):
    value = field.pre_save(obj, add=True)
    if isinstance(field, models.JSONField):
        return None if value is None else json.dumps(value, cls=field.encoder)
    return field.get_db_prep_save(value, connection)
