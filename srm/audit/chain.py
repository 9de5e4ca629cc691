"""The hash chain itself: how one row's HMAC is computed. Pure, no database."""

import hashlib
import hmac
import json
from datetime import datetime

GENESIS_HASH = "0" * 64


def canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def row_payload(
    *,
    seq: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_repr: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    supplier_code: str,
    before,
    after,
    prev_hash: str,
) -> dict:
    return {
        "seq": seq,
        "occurred_at": occurred_at.isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_repr": actor_repr,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "supplier_code": supplier_code,
        "before": before,
        "after": after,
        "prev_hash": prev_hash,
    }


def row_hash(key: bytes, payload: dict) -> str:
    """HMAC-SHA256 over the row's canonical JSON, which includes the previous row's hash."""
    return hmac.new(key, canonical(payload), hashlib.sha256).hexdigest()


def head_mac(key: bytes, seq: int, hash_: str) -> str:
    """The head's signature: without the key nobody can point the head at another row."""
    return hmac.new(key, f"head:{seq}:{hash_}".encode(), hashlib.sha256).hexdigest()


def checkpoint_mac(key: bytes, seq: int, hash_: str, at: str) -> str:
    """A checkpoint's signature over sequence number, hash and time."""
    return hmac.new(key, f"checkpoint:{seq}:{hash_}:{at}".encode(), hashlib.sha256).hexdigest()
