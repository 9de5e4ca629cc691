"""Signed checkpoints of the audit chain, kept outside the audit tables.

A checkpoint is (seq, hash, time, HMAC) of the head at one moment. It is written
as a new file through the ``audit_checkpoints`` storage (a private local folder
by default, a write-once bucket in production; never overwritten: every
checkpoint gets a new name) and to the application log. Someone who can rewrite
the database but not that storage cannot cut the chain's tail without
``verify_audit`` noticing: the latest checkpoint names a row that must still be
there, with the same hash.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction

from .chain import checkpoint_mac, head_mac

logger = logging.getLogger("srm.audit.checkpoints")

STORAGE_ALIAS = "audit_checkpoints"
FOLDER = "checkpoints"


class AuditChainError(RuntimeError):
    """The chain cannot be appended to because its head does not hold."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    mac: str
    name: str = ""

    def signed(self, key: bytes) -> bool:
        import hmac

        return hmac.compare_digest(self.mac, checkpoint_mac(key, self.seq, self.hash, self.at))

    def as_dict(self) -> dict:
        return {"seq": self.seq, "hash": self.hash, "at": self.at, "mac": self.mac}


def _storage():
    return storages[STORAGE_ALIAS]


def checkpoint_write(*, reason: str) -> Checkpoint:
    """Sign the current head and keep it outside the audit tables.

    Refuses (``AuditChainError``) when the head's own signature does not hold:
    a checkpoint must never bless a tampered head."""
    from .models import AuditHead
    from .services import hmac_key

    key = hmac_key()
    head = AuditHead.objects.filter(pk=1).first()
    seq, hash_ = (head.seq, head.hash) if head else (0, "0" * 64)
    if head is not None and head.mac != head_mac(key, head.seq, head.hash):
        raise AuditChainError("the audit head's signature does not hold; run verify_audit")
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    checkpoint = Checkpoint(seq, hash_, at, checkpoint_mac(key, seq, hash_, at))
    stamp = at.replace("-", "").replace(":", "").replace(".", "").replace("+0000", "Z")
    name = _storage().save(
        f"{FOLDER}/{stamp}-{seq:012d}.json",
        ContentFile(json.dumps({**checkpoint.as_dict(), "reason": reason}).encode()),
    )
    logger.info("audit checkpoint %s", json.dumps({**checkpoint.as_dict(), "reason": reason}))
    return Checkpoint(seq, hash_, at, checkpoint.mac, name)


def checkpoint_write_on_commit(*, reason: str) -> None:
    """Write a checkpoint once the current transaction has committed (a rolled-back
    run must not leave a checkpoint naming rows that never were). A storage failure
    is logged, not raised: the run it follows has committed."""
    transaction.on_commit(lambda: checkpoint_write(reason=reason), robust=True)


def recompute_step(run, period_from, period_to) -> dict:
    """The recompute's last step (``scorecards.steps``): checkpoint after the run commits."""
    checkpoint_write_on_commit(reason="recompute")
    return {"checkpoint": 1}


def checkpoint_names() -> list[str]:
    try:
        _folders, files = _storage().listdir(FOLDER)
    except FileNotFoundError:
        return []
    return sorted(f"{FOLDER}/{f}" for f in files if f.endswith(".json"))


def checkpoint_read(name: str) -> Checkpoint:
    with _storage().open(name) as stored:
        data = json.loads(stored.read())
    return Checkpoint(int(data["seq"]), str(data["hash"]), str(data["at"]), str(data["mac"]), name)


def checkpoints(*, latest_only: bool = True) -> list[Checkpoint]:
    """The stored checkpoints, oldest first (only the newest with ``latest_only``).

    An unreadable file is returned with seq -1 so that verification names it."""
    names = checkpoint_names()
    if latest_only:
        names = names[-1:]
    found = []
    for name in names:
        try:
            found.append(checkpoint_read(name))
        except (ValueError, KeyError, TypeError, OSError):
            found.append(Checkpoint(-1, "", "", "", name))
    return found
