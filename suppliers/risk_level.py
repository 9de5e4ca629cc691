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


# The supplier's risk summary for the signers of a new-supplier approval (SPEC §3, "What
# the signers see"): composite, level and Kraljic segment, which the risk app owns.
RiskSummaryProvider = Callable[[object], "dict | None"]

_summary_provider: RiskSummaryProvider | None = None


def register_risk_summary_provider(provider: RiskSummaryProvider) -> None:
    global _summary_provider
    _summary_provider = provider


def supplier_risk_summary(supplier) -> dict | None:
    """``{"composite", "level", "segment"}``, or ``None`` when unknown."""
    if supplier is None or _summary_provider is None:
        return None
    return _summary_provider(supplier)
