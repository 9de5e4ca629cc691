"""What a decision changes, as figures the signers see (SPEC §3, "What the signers see").

Pure functions over plain values: no ORM. ``selectors.decision_request_impact`` gathers
the inputs in SQL and hands them over; the page, the review and the API show the result.
Every result is JSON-serialisable (decimals as strings) so the API returns it as is.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def price_change_impact(
    *,
    current_price: Decimal | None,
    new_price: Decimal,
    trailing_12m_qty: Decimal,
    currency: str,
) -> dict:
    """A price change: p0 = the price in force on the effective date, p1 = the new price,

    change % = (p1 − p0) / p0 × 100 (none without p0, or when p0 is zero),
    annual cost impact = (p1 − p0) × q, q = the quantity of the item received under the
    contract in the 12 months before the request (none without p0).
    """
    # Quantised so both databases give the same text (SQLite's SUM drops the scale).
    q = Decimal(trailing_12m_qty or 0).quantize(Decimal("0.001"))
    change_pct = annual = None
    if current_price is not None:
        if current_price:
            change_pct = ((new_price - current_price) / current_price * 100).quantize(
                CENT, rounding=ROUND_HALF_UP
            )
        annual = (new_price - current_price) * q
    return {
        "kind": "price_change",
        "current_price": None if current_price is None else str(current_price),
        "new_price": str(new_price),
        "change_pct": None if change_pct is None else str(change_pct),
        "trailing_12m_qty": str(q),
        "annual_cost_impact": _money(annual),
        "currency": currency,
    }


def certificate_state(expires_on: date, *, today: date, soon_days: int = 60) -> str:
    """``expired`` before today, ``expiring`` within ``soon_days``, else ``valid``."""
    if expires_on < today:
        return "expired"
    if (expires_on - today).days <= soon_days:
        return "expiring"
    return "valid"


def supplier_approval_impact(
    *,
    risk: dict | None,
    certificates: list[tuple[str, date]],
    contracts: list[dict],
    expected_spend: Decimal | None,
    currency: str,
    latest_standing: dict | None,
    open_disputes: int,
    today: date,
) -> dict:
    """A new supplier: its risk (composite, level, Kraljic segment), certificates by state,
    contracts, expected spend, latest standing and open disputes."""
    certs = [
        {
            "kind": kind,
            "expires_on": expires.isoformat(),
            "state": certificate_state(expires, today=today),
        }
        for kind, expires in certificates
    ]
    counts = dict.fromkeys(("valid", "expiring", "expired"), 0)
    for cert in certs:
        counts[cert["state"]] += 1
    risk = risk or {}
    return {
        "kind": "supplier_approval",
        "risk_composite": None if risk.get("composite") is None else str(risk["composite"]),
        "risk_level": risk.get("level"),
        "kraljic_segment": risk.get("segment"),
        "certificates": certs,
        "certificate_counts": counts,
        "contracts": contracts,
        "expected_spend": _money(expected_spend),
        "currency": currency,
        "latest_standing": latest_standing,
        "open_disputes": open_disputes,
    }


def service_level_impact(
    *,
    metric: str,
    current_target: Decimal | None,
    new_target: Decimal,
    history: list[tuple[str, Decimal | None]],
) -> dict:
    """A service level: the current and the new target, and the last 12 months of the KPI
    (``history`` as ``(period, value)``, oldest first)."""
    change = None if current_target is None else new_target - current_target
    return {
        "kind": "service_level",
        "metric": metric,
        "current_target": None if current_target is None else str(current_target),
        "new_target": str(new_target),
        "change": None if change is None else str(change),
        "history": [
            {"period": period, "value": None if value is None else str(value)}
            for period, value in history
        ],
    }


STANDING_RANK = {"A": 0, "B": 1, "C": 2, "D": 3}


def policy_change_impact(preview: dict | None) -> dict | None:
    """A scoring policy: the what-if summary from the preview stored with the request
    (``scorecards.whatif.whatif_preview``): how many suppliers move up, down and into D
    in its latest month, and the list; ``None`` without a preview."""
    if not preview:
        return None
    rows = preview.get("changes") or []
    up = down = into_d = 0
    for row in rows:
        old = STANDING_RANK.get(row.get("standing") or "")
        new = STANDING_RANK.get(row.get("new_standing") or "")
        if old is not None and new is not None:
            up += new < old
            down += new > old
        into_d += row.get("new_standing") == "D" and row.get("standing") != "D"
    return {
        "kind": "scoring_policy_change",
        "period": preview.get("period"),
        "suppliers": preview.get("suppliers"),
        "changed": len(rows),
        "up": up,
        "down": down,
        "into_d": into_d,
        "changes": rows,
    }
