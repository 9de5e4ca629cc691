"""A supplier's risk level, from whichever app provides it.

Governance's high-impact rule (SPEC §3) needs the level (high/critical), which the risk
app owns; governance and risk do not know each other. Risk registers the provider here in
its ``AppConfig.ready``; with none registered the level is unknown (``None``).
"""

from __future__ import annotations

from collections.abc import Callable

RiskLevelProvider = Callable[[object], "str | None"]

_provider: RiskLevelProvider | None = None


def register_risk_level_provider(provider: RiskLevelProvider) -> None:
    global _provider
    _provider = provider


def supplier_risk_level(supplier) -> str | None:
    """``"low" | "medium" | "high" | "critical"``, or ``None`` when unknown."""
    if supplier is None or _provider is None:
        return None
    return _provider(supplier)
