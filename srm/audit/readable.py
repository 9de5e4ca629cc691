"""Audit rows for people: field names instead of column names, object names instead of ids.

An audit row stores what changed as the database has it (``owner_id: 7``, a status code,
many-to-many ids), which is what the hash chain signs and what a machine compares. The
page and its export read it through ``readable_changes``: each key becomes the field's
verbose name, a foreign key or many-to-many id the name of its row (only of the rows the
reader may see; others stay ``#id``), a choice its label, a yes/no field Yes or No. The
names are looked up in one query per related model for all the rows given, whatever their
number.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Field, Model
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from srm.core import permissions

EMPTY = "—"


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.field}: {self.before} → {self.after}"


def model_of(object_type: str) -> type[Model] | None:
    """The model an audit row's ``object_type`` (``app_label.modelname``) names, if any
    (an import or a run is a subject, not a model row)."""
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = model_of(object_type)
    return capfirst(model._meta.verbose_name) if model else object_type


def _field(model, key: str):
    if model is None:
        return None
    for field in model._meta.get_fields():
        # Fields only: a reverse relation (``ForeignObjectRel``) is never a stored key.
        if isinstance(field, Field) and key in (field.attname, field.name):
            return field
    return None


def _valid_pk(model: type[Model], value):
    """``value`` as a key of ``model``, or ``None``: a row's history may hold anything a
    service wrote under a key (a name, a code), which must never fail the page."""
    if value is None or isinstance(value, bool | dict | list):
        return None
    try:
        return model._meta.pk.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return None


def _names(model: type[Model], ids: set, user) -> dict[str, str]:
    """Names of the rows of ``model`` with these ids that ``user`` may see, by id as text."""
    queryset = model._default_manager.filter(pk__in=ids)
    if issubclass(model, get_user_model()):
        return {str(u.pk): u.get_full_name() or u.username for u in queryset}
    if hasattr(model, "track"):  # a governed row: named only within the reader's reach
        queryset = permissions.restrict(queryset, user, "view")
    return {str(row.pk): str(row) for row in queryset}


def _plain(value) -> str:
    if value is None or value == "":
        return EMPTY
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items()) or EMPTY
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value) or EMPTY
    return str(value)


def readable_changes(events, *, user) -> dict[int, list[Change]]:
    """Each event's changes (by event pk), as a person reads them."""
    events = list(events)
    wanted: dict[type[Model], set] = defaultdict(set)
    plans = []
    for event in events:
        model = model_of(event.object_type)
        before, after = event.before or {}, event.after or {}
        if not isinstance(before, dict) or not isinstance(after, dict):
            plans.append((event, []))
            continue
        keys = sorted(after.keys() | before.keys())
        fields = [(key, _field(model, key)) for key in keys]
        for key, field in fields:
            if field is not None and field.is_relation:
                for value in (before.get(key), after.get(key)):
                    for pk in value if isinstance(value, list) else [value]:
                        pk = _valid_pk(field.related_model, pk)
                        if pk is not None:
                            wanted[field.related_model].add(pk)
        plans.append((event, fields))
    names = {model: _names(model, ids, user) for model, ids in wanted.items()}

    def show(field, value) -> str:
        if field is None or value is None:
            return _plain(value)
        if field.is_relation:
            known = names.get(field.related_model, {})
            values = value if isinstance(value, list) else [value]
            return (
                ", ".join(
                    known.get(str(pk), f"#{pk}")
                    if _valid_pk(field.related_model, pk) is not None
                    else _plain(pk)  # stored as a name already
                    for pk in values
                )
                or EMPTY
            )
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return _plain(value)

    result = {}
    for event, fields in plans:
        before, after = event.before or {}, event.after or {}
        changes = []  # ``fields`` is empty for a row whose before/after is not a mapping
        for key, field in fields:
            label = capfirst(field.verbose_name) if field is not None else key
            changes.append(
                Change(
                    str(label),
                    show(field, before.get(key)) if key in before else EMPTY,
                    show(field, after.get(key)) if key in after else EMPTY,
                )
            )
        result[event.pk] = changes
    return result
