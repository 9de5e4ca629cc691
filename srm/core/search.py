"""Find anything: the registry of searchable kinds and the one search over them.

Each app registers its kinds in ``AppConfig.ready()`` with
``register_search_kinds(SearchKind(...))`` (suppliers: suppliers, contracts, items;
governance: decisions; collaboration: ideas, pilots), so this lower layer never imports
them. Every kind is read through the permission choke point (``permissions.restrict``, or
the kind's own selector), so a search never finds a row the user could not open.

On PostgreSQL a row matches by a substring (trigram GIN indexes behind ``icontains``), by
trigram similarity (typos) or by full-text search over its fields, best first; on SQLite
by a plain case-insensitive substring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Model, Q, QuerySet
from django.db.models.functions import Greatest, Upper

from . import permissions

MIN_CHARS = 2
MAX_CHARS = 100
PER_KIND = 10


@dataclass(frozen=True)
class SearchKind:
    """One kind of row the search box finds.

    ``fields`` are searched (the first is the code, or the title when the kind has no
    code); ``code_field`` names the code (``None``: the id is shown); ``title`` turns a
    row into its title and ``url`` into its page. ``queryset(user)`` reads the rows the
    user may see (default: ``permissions.restrict`` over every row)."""

    kind: str
    label: object
    model: type[Model]
    fields: tuple[str, ...]
    title: Callable[[Model], str]
    url: Callable[[Model], str]
    code_field: str | None = None
    queryset: Callable[[object], QuerySet] | None = None
    order: int = 100
    select_related: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SearchHit:
    kind: str
    code_or_id: str
    title: str
    url: str

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "code_or_id": self.code_or_id,
            "title": self.title,
            "url": self.url,
        }


_KINDS: dict[str, SearchKind] = {}


def register_search_kinds(*kinds: SearchKind) -> None:
    for kind in kinds:
        _KINDS[kind.kind] = kind


def search_kinds() -> list[SearchKind]:
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.kind))


def clean_query(q: str | None) -> str:
    """The query as searched: NUL and surrounding blanks gone, inner blanks collapsed, cut."""
    return " ".join((q or "").replace("\x00", " ").split())[:MAX_CHARS]


def _matching(rows: QuerySet, q: str, fields: tuple[str, ...]) -> QuerySet:
    substring = Q()
    for name in fields:
        substring |= Q(**{f"{name}__icontains": q})
    if connection.vendor != "postgresql":
        return rows.filter(substring).order_by(*fields[:1])
    from django.contrib.postgres.lookups import TrigramSimilar
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVector,
        TrigramSimilarity,
    )

    vector = SearchVector(*fields, config="simple")
    query = SearchQuery(q, config="simple", search_type="websearch")
    similar = Q()
    for name in fields:
        # UPPER(...) as in the GIN indexes (the migrations), so the index serves both.
        similar |= Q(TrigramSimilar(Upper(F(name)), q.upper()))
    similarities = [TrigramSimilarity(Upper(F(name)), q.upper()) for name in fields]
    return (
        rows.annotate(
            search_vector=vector,
            search_rank=SearchRank(vector, query),
            search_similarity=Greatest(*similarities) if len(similarities) > 1 else similarities[0],
        )
        .filter(substring | similar | Q(search_vector=query))
        .order_by("-search_rank", "-search_similarity", *fields[:1])
    )


def search(
    user, q: str | None, *, per_kind: int = PER_KIND
) -> list[tuple[SearchKind, list[SearchHit]]]:
    """The rows of every registered kind the user may see that match ``q``, grouped by kind
    (kinds without a match left out); at most ``per_kind`` of each, best first. One query
    per kind the user may view."""
    q = clean_query(q)
    if len(q) < MIN_CHARS or not getattr(user, "is_authenticated", False):
        return []
    groups = []
    for kind in search_kinds():
        if not permissions.can(user, "view", kind.model):
            continue
        rows = (
            kind.queryset(user)
            if kind.queryset is not None
            else permissions.restrict(kind.model._default_manager.all(), user)
        )
        if kind.select_related:
            rows = rows.select_related(*kind.select_related)
        hits = [
            SearchHit(
                kind=kind.kind,
                code_or_id=str(getattr(row, kind.code_field) if kind.code_field else row.pk),
                title=kind.title(row),
                url=kind.url(row),
            )
            for row in _matching(rows, q, kind.fields)[:per_kind]
        ]
        if hits:
            groups.append((kind, hits))
    return groups


def trigram_indexes(*columns: tuple[str, str]):
    """A migration operation adding trigram GIN indexes on ``(table, column)`` pairs
    (``UPPER(column) gin_trgm_ops``, as the search's ``icontains`` and similarity read
    them) and the ``pg_trgm`` extension; nothing on another database."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, column in columns:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm "
                f"ON {table} USING gin (UPPER({column}) gin_trgm_ops)"
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, column in columns:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm")

    return migrations.RunPython(forwards, backwards)
