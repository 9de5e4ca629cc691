"""Model fields shared by the apps."""

from __future__ import annotations

from django.db import models
from psycopg.types.json import Json, Jsonb


class JSONDocumentField(models.JSONField):
    """A JSON document kept as written: PostgreSQL ``json`` rather than ``jsonb``.

    For documents written in bulk and always read whole, never queried into (a
    scorecard's KPI object): ``json`` only checks the text, where ``jsonb`` parses it
    into its binary form on every write, which cost a full recompute 0.5 s of its
    120,000 rows. The price: no lookups into the document and no equality on it
    (``json`` has no ``=``), so never filter, group or DISTINCT on this column.
    Elsewhere (SQLite) it is Django's ``JSONField`` unchanged.
    """

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "json"
        return super().db_type(connection)

    def from_db_value(self, value, expression, connection):
        # psycopg parses ``json`` itself (Django has it return ``jsonb`` as text).
        if value is None or isinstance(value, str):
            return super().from_db_value(value, expression, connection)
        return value

    def get_db_prep_value(self, value, connection, prepared=False):
        adapted = super().get_db_prep_value(value, connection, prepared)
        # Sent as ``json``, not ``jsonb``: no parse on the way in either.
        return Json(adapted.obj, adapted.dumps) if isinstance(adapted, Jsonb) else adapted
