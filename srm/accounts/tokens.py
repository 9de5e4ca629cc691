"""API keys: how a key is made and how it is kept (only its digest)."""

import hashlib
import secrets


def new_key() -> str:
    """40 hex characters, the shape DRF's tokens had, so clients need no change."""
    return secrets.token_hex(20)


def digest(key: str) -> str:
    # A key has 160 random bits: a plain SHA-256 is enough, no salt or slow hash needed.
    return hashlib.sha256(key.encode()).hexdigest()
