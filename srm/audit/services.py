"""Writing the audit trail. Every service that changes governed data calls ``audit_record``."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from srm.core.bulk import copy_append

from .chain import GENESIS_HASH, head_mac, row_hash, row_payload
from .checkpoints import AuditChainError, Checkpoint, checkpoints
from .models import AuditEvent, AuditHead


def hmac_key() -> bytes:
    configured = settings.AUDIT_HMAC_KEY
    if configured:
        return configured.encode()
    return hashlib.sha256(b"srm-audit:" + settings.SECRET_KEY.encode()).digest()


def _json_value(value):
    if isinstance(value, Decimal):
        # One spelling per number (10.000 and 10 are the same price), never exponent form.
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_json_value(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    return str(value)


def snapshot(
    instance: models.Model, *, exclude: tuple[str, ...] = ("created_at", "updated_at")
) -> dict:
    """The audit view of a row: concrete fields (foreign keys as ids) and many-to-many ids."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        data[field.attname] = _json_value(getattr(instance, field.attname))
    if instance.pk:
        for field in instance._meta.many_to_many:
            data[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return data


def diff(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Only the keys that changed, so an update row shows what moved."""
    if not before or not after:
        return before, after
    changed = [k for k in after.keys() | before.keys() if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in changed}, {k: after.get(k) for k in changed}


def _supplier_code_of(instance) -> str:
    path = getattr(type(instance), "supplier_path", None)
    if not path:
        return ""
    if path == "pk":
        return getattr(instance, "code", "")
    target = instance
    for part in path.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return ""
    return getattr(target, "code", "")


def _locked_head(key: bytes) -> AuditHead:
    """The head, locked for the append; refuses to extend a chain whose head does not hold.

    A missing head is created only for an empty trail: with rows present it was
    deleted, and a fresh head at #0 would both hide that and collide with row #1."""
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        if AuditEvent.objects.exists():
            raise AuditChainError("the audit head is missing while rows exist; run verify_audit")
        head = AuditHead.objects.create(
            pk=1, seq=0, hash=GENESIS_HASH, mac=head_mac(key, 0, GENESIS_HASH)
        )
    elif not hmac.compare_digest(head.mac, head_mac(key, head.seq, head.hash)):
        raise AuditChainError("the audit head's signature does not hold; run verify_audit")
    return head


def _move_head(head: AuditHead, key: bytes, seq: int, hash_: str) -> None:
    head.seq, head.hash, head.mac = seq, hash_, head_mac(key, seq, hash_)
    head.save(update_fields=["seq", "hash", "mac"])


@dataclass(frozen=True)
class AuditSubject:
    """What an audit row is about, for events that are not one model row (an import, a run)."""

    object_type: str
    object_id: str
    object_repr: str
    supplier_code: str = ""


@transaction.atomic
def audit_record(
    *,
    actor,
    action: str,
    instance: models.Model | None = None,
    subject: AuditSubject | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append one row to the hash chain, in the caller's transaction.

    The head row is locked (``SELECT ... FOR UPDATE``; on SQLite the IMMEDIATE
    transaction already holds the write lock), so concurrent writers append one
    after the other and the chain never forks.
    """
    if instance is not None:
        subject = AuditSubject(
            object_type=instance._meta.label_lower,
            object_id=str(instance.pk),
            object_repr=str(instance)[:200],
            supplier_code=_supplier_code_of(instance),
        )
    if subject is None:
        raise ValueError("audit_record needs an instance or a subject")
    before, after = _json_value(before), _json_value(after)
    key = hmac_key()
    head = _locked_head(key)
    actor_id = actor.pk if actor is not None and actor.pk else None
    actor_repr = actor.get_username() if actor_id else "system"
    event = AuditEvent(
        seq=head.seq + 1,
        occurred_at=timezone.now().astimezone(UTC),
        actor_id=actor_id,
        actor_repr=actor_repr,
        action=action,
        object_type=subject.object_type,
        object_id=subject.object_id,
        object_repr=subject.object_repr,
        supplier_code=subject.supplier_code,
        before=before,
        after=after,
        prev_hash=head.hash,
    )
    event.hash = row_hash(key, _payload(event))
    event.save(force_insert=True)
    _move_head(head, key, event.seq, event.hash)
    return event


@dataclass(frozen=True)
class AuditEntry:
    """One row for ``audit_record_bulk``."""

    action: str
    instance: models.Model | None = None
    subject: AuditSubject | None = None
    before: dict | None = None
    after: dict | None = None


@transaction.atomic
def audit_record_bulk(*, actor, entries: list[AuditEntry]) -> int:
    """Append many rows under one head lock with one INSERT (the nightly run's changes)."""
    if not entries:
        return 0
    key = hmac_key()
    head = _locked_head(key)
    actor_id = actor.pk if actor is not None and actor.pk else None
    actor_repr = actor.get_username() if actor_id else "system"
    now = timezone.now().astimezone(UTC)
    events, seq, prev = [], head.seq, head.hash
    for entry in entries:
        subject = entry.subject or AuditSubject(
            object_type=entry.instance._meta.label_lower,
            object_id=str(entry.instance.pk),
            object_repr=str(entry.instance)[:200],
            supplier_code=_supplier_code_of(entry.instance),
        )
        seq += 1
        event = AuditEvent(
            seq=seq,
            occurred_at=now,
            actor_id=actor_id,
            actor_repr=actor_repr,
            action=entry.action,
            object_type=subject.object_type,
            object_id=subject.object_id,
            object_repr=subject.object_repr,
            supplier_code=subject.supplier_code,
            before=_json_value(entry.before),
            after=_json_value(entry.after),
            prev_hash=prev,
        )
        event.hash = row_hash(key, _payload(event))
        prev = event.hash
        events.append(event)
    copy_append(AuditEvent, events)
    _move_head(head, key, seq, prev)
    return len(events)


def _payload(event: AuditEvent) -> dict:
    return row_payload(
        seq=event.seq,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        actor_repr=event.actor_repr,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        supplier_code=event.supplier_code,
        before=event.before,
        after=event.after,
        prev_hash=event.prev_hash,
    )


@dataclass(frozen=True)
class ChainVerdict:
    ok: bool
    rows_checked: int
    head_hash: str
    first_broken_seq: int | None = None
    reason: str = ""
    # What the chain was compared with outside the database.
    checkpoints_compared: tuple[Checkpoint, ...] = ()

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "rows_checked": self.rows_checked,
            "head_hash": self.head_hash,
            "first_broken_seq": self.first_broken_seq,
            "reason": self.reason,
            "checkpoints": [
                {"name": c.name, "seq": c.seq, "hash": c.hash, "at": c.at}
                for c in self.checkpoints_compared
            ],
        }


def audit_chain_verify(*, all_checkpoints: bool = False) -> ChainVerdict:
    """Walk the chain in order and name the first row that does not hold.

    A changed row fails its HMAC; a deleted row leaves a gap in ``seq`` and a
    ``prev_hash`` that no longer matches; deleted newest rows leave the head
    pointing past the last row, and a head moved back to the last remaining row
    fails the head's signature. What the database alone cannot show (the head
    re-signed with a stolen key, or deleted with the rows) the latest signed
    checkpoint outside the database does: the row it names must still be there
    with its hash. ``all_checkpoints`` compares every stored checkpoint.
    """
    key = hmac_key()
    compared = tuple(checkpoints(latest_only=not all_checkpoints))
    wanted = {}
    for checkpoint in compared:
        if checkpoint.seq < 0 or not checkpoint.signed(key):
            return ChainVerdict(
                False,
                0,
                GENESIS_HASH,
                None,
                f"checkpoint {checkpoint.name} is unreadable or its signature does not hold",
                compared,
            )
        wanted[checkpoint.seq] = checkpoint

    def broken(checked, prev_hash, seq, reason):
        return ChainVerdict(False, checked, prev_hash, seq, reason, compared)

    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return broken(
                checked,
                prev_hash,
                expected_seq,
                f"row #{expected_seq} is missing (deleted); next row is #{event.seq}",
            )
        if event.prev_hash != prev_hash:
            return broken(
                checked,
                prev_hash,
                event.seq,
                f"row #{event.seq} does not link to row #{event.seq - 1}",
            )
        if row_hash(key, _payload(event)) != event.hash:
            return broken(
                checked,
                prev_hash,
                event.seq,
                f"row #{event.seq} was altered (its HMAC does not match)",
            )
        checkpoint = wanted.get(event.seq)
        if checkpoint is not None and checkpoint.hash != event.hash:
            return broken(
                checked,
                prev_hash,
                event.seq,
                f"row #{event.seq} is not the row the checkpoint of {checkpoint.at} signed",
            )
        checked += 1
        expected_seq, prev_hash = event.seq + 1, event.hash
    head = AuditHead.objects.filter(pk=1).first()
    if head is None and checked:
        return broken(checked, prev_hash, checked + 1, "the chain's head is missing (deleted)")
    if head is not None:
        if not hmac.compare_digest(head.mac, head_mac(key, head.seq, head.hash)):
            return broken(
                checked,
                prev_hash,
                checked + 1,
                f"the head's signature does not hold (the head says #{head.seq})",
            )
        if head.seq != checked or head.hash != prev_hash:
            return broken(
                checked,
                prev_hash,
                checked + 1,
                f"rows after #{checked} are missing (the head is at #{head.seq})",
            )
    newest = max(wanted.values(), key=lambda c: c.seq, default=None)
    if newest is not None and newest.seq > checked:
        return broken(
            checked,
            prev_hash,
            checked + 1,
            f"rows after #{checked} are missing: the checkpoint of {newest.at} "
            f"saw the chain at #{newest.seq}",
        )
    return ChainVerdict(True, checked, prev_hash, checkpoints_compared=compared)
