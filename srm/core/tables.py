"""Table columns every app shares."""

import json

import django_tables2 as tables
from django.utils.html import format_html


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
