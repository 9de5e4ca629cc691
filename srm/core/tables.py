"""Table columns every app shares."""

import json

import django_tables2 as tables
from django.utils.html import format_html
from django_tables2.utils import OrderBy

from . import permissions


class FoldedJSONColumn(tables.Column):
    """A JSON value (an audit row's before/after, a run's counts): its keys, with the full
    JSON folded under them. Printed out in the cell, one nightly run's row alone is
    hundreds of lines tall."""

    def __init__(self, **kwargs):
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", (None, "", {}, []))
        super().__init__(**kwargs)

    def render(self, value):
        # Sorted: PostgreSQL keeps JSON keys in its own order, SQLite in the written one.
        names = sorted(value) if isinstance(value, dict) else []
        summary = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        return format_html(
            '<details><summary>{}</summary><pre class="audit-json mb-0">{}</pre></details>',
            summary or "value",
            json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True, default=str),
        )


class GovernedTable(tables.Table):
    """A table that shows and sorts by only what the user may read.

    Every table of the app derives from it (``tests/permissions`` checks): a column whose
    field the choke point guards (``permissions.may_read_path``, from the model's
    ``field_permissions``) or that names a ``permission = (action, model)`` of its own is
    hidden from a user without it, and a ``?sort=`` by it is dropped, so a hidden column
    cannot be used to rank the rows by what it hides.
    """

    def column_readable(self, user, name: str) -> bool:
        bound = self.columns[name]
        action, model = getattr(bound.column, "permission", (None, None))
        if model is not None and not permissions.can(user, action, model):
            return False
        table_model = self._meta.model
        if table_model is None:
            return True
        paths = [OrderBy(o).bare for o in bound.order_by] or [str(bound.accessor)]
        return all(
            permissions.may_read_path(user, table_model, path.replace(".", "__")) for path in paths
        )

    @property
    def order_by(self):
        return self._order_by

    @order_by.setter
    def order_by(self, value):
        user = getattr(getattr(self, "request", None), "user", None)
        if user is not None and value:
            aliases = value.split(",") if isinstance(value, str) else value
            value = [
                alias
                for alias in aliases
                if OrderBy(alias).bare in self.columns
                and self.column_readable(user, OrderBy(alias).bare)
            ]
        tables.Table.order_by.fset(self, value)

    def before_render(self, request):
        super().before_render(request)
        for bound in list(self.columns.all()):
            if not self.column_readable(request.user, bound.name):
                self.columns.hide(bound.name)
