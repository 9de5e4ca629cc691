"""Generic write helpers the entity services build on (HackSoft's ``model_update``).

Each validates the row, saves it and appends the audit record in the same
transaction, so no write to governed data escapes the trail.
"""

from __future__ import annotations

from django.db import models, transaction

from srm.audit.services import audit_record, diff, snapshot


@transaction.atomic
def model_create(*, actor, model: type[models.Model], data: dict, m2m: dict | None = None):
    instance = model(**data)
    instance.full_clean()
    instance.save(force_insert=True)
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    audit_record(actor=actor, action="create", instance=instance, after=snapshot(instance))
    return instance


@transaction.atomic
def model_update(
    *, actor, instance: models.Model, data: dict, m2m: dict | None = None, action: str = "update"
) -> tuple[models.Model, bool]:
    """Set ``data`` (and ``m2m``) on ``instance``; save and audit only when something changed."""
    before = snapshot(instance)
    changed_fields = []
    for field, value in data.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed_fields.append(field)
    m2m_changed = False
    for name, values in (m2m or {}).items():
        new_ids = sorted(v.pk if hasattr(v, "pk") else v for v in values)
        if new_ids != before.get(name, []):
            m2m_changed = True
    if not changed_fields and not m2m_changed:
        return instance, False
    instance.full_clean()
    if changed_fields:
        update_fields = changed_fields + (["updated_at"] if hasattr(instance, "updated_at") else [])
        instance.save(update_fields=update_fields)
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    old, new = diff(before, snapshot(instance))
    audit_record(actor=actor, action=action, instance=instance, before=old, after=new)
    return instance, True


@transaction.atomic
def model_delete(*, actor, instance: models.Model) -> None:
    before = snapshot(instance)
    audit_record(actor=actor, action="delete", instance=instance, before=before)
    instance.delete()
