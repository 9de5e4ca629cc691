"""Explainable scores (SPEC §7): the records behind every stored KPI value.

For a scorecard, list the month's receipt lines with what each did to each KPI
(late, short, defective, rejected, priced), recompute the receipt KPIs from exactly
those lines with the engine, and say whether they still match the stored numbers
(they do unless receipts changed after the last run).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from srm.core.permissions import can, restrict
from suppliers.models import Receipt

from . import scoring
from .models import KpiDefinition, Scorecard
from .selectors import add_months
from .sources import EXPLAINERS

RECEIPT_KPIS = ("otif", "defect_rate", "rejection_rate", "lead_time_var", "cost_variance")


def _line(receipt: Receipt) -> dict:
    agreed = (
        receipt.agreed_unit_price
        if receipt.agreed_unit_price is not None
        else (receipt.contract_unit_price)
    )
    price_source = (
        "receipt"
        if receipt.agreed_unit_price is not None
        else ("contract" if receipt.contract_unit_price is not None else None)
    )
    variance = None
    if agreed:
        variance = float((receipt.unit_price - agreed) * 100 / agreed)
    return {
        "id": receipt.pk,
        "po_number": receipt.po_number,
        "po_line": receipt.po_line,
        "item": receipt.item.code,
        "promised_date": receipt.promised_date.isoformat(),
        "received_date": receipt.received_date.isoformat(),
        "days_late": receipt.days_late,
        "late": receipt.received_date > receipt.promised_date,
        "short": receipt.received_qty < receipt.ordered_qty,
        "ordered_qty": float(receipt.ordered_qty),
        "received_qty": float(receipt.received_qty),
        "defective_qty": float(receipt.defective_qty),
        "rejected_qty": float(receipt.rejected_qty),
        "unit_price": float(receipt.unit_price),
        "agreed_unit_price": float(agreed) if agreed is not None else None,
        "price_source": price_source,
        "price_variance_pct": round(variance, 4) if variance is not None else None,
    }


def _sums(receipts: list[Receipt]) -> scoring.ReceiptSums:
    delays = [r.days_late for r in receipts]
    priced = [
        (
            r.received_qty,
            r.unit_price,
            r.agreed_unit_price if r.agreed_unit_price is not None else r.contract_unit_price,
        )
        for r in receipts
    ]
    priced = [(q, p, a) for q, p, a in priced if a is not None]
    zero = Decimal(0)
    return scoring.ReceiptSums(
        lines=len(receipts),
        on_time_in_full=sum(1 for r in receipts if r.is_on_time and r.is_in_full),
        received_qty=sum((r.received_qty for r in receipts), zero),
        defective_qty=sum((r.defective_qty for r in receipts), zero),
        rejected_qty=sum((r.rejected_qty for r in receipts), zero),
        delay_sum=Decimal(sum(delays)),
        delay_sq_sum=Decimal(sum(d * d for d in delays)),
        priced_lines=len(priced),
        paid_value=sum((q * p for q, p, _ in priced), zero),
        agreed_value=sum((q * a for q, _, a in priced), zero),
    )


def scorecard_explain(*, user, scorecard: Scorecard) -> dict:
    """What is behind each KPI value of ``scorecard``, as plain data (page and API)."""
    stored = scorecard.kpis
    result = {
        "scorecard": scorecard.pk,
        "supplier": scorecard.supplier.code,
        "period": scorecard.period_label,
        "score": float(scorecard.score) if scorecard.score is not None else None,
        "standing": scorecard.standing,
        "kpis": {},
        "receipts": None,
        "matches_stored": None,
    }
    lines: list[Receipt] = []
    if can(user, "view", Receipt):
        lines = list(
            restrict(
                Receipt.objects.filter(
                    supplier_id=scorecard.supplier_id,
                    received_date__gte=scorecard.period,
                    received_date__lt=add_months(scorecard.period, 1),
                ),
                user,
            )
            .select_related("item")
            .order_by("received_date", "po_number", "po_line")
        )
        result["receipts"] = [_line(r) for r in lines]
    recomputed = {}
    if lines:
        sums = _sums(lines)
        recomputed = {
            code: scoring.kpi_value(code, scoring.MonthInputs(receipts=sums))
            for code in RECEIPT_KPIS
        }
    definitions = {
        k.code: {
            "name": k.name,
            "unit": k.unit,
            "floor": float(k.floor),
            "weight": float(k.weight),
            "direction": k.direction,
        }
        for k in KpiDefinition.objects.all()
    }
    for code, kpi in stored.items():
        entry = {**definitions.get(code, {"name": code}), **kpi, "behind": {}}
        if code in RECEIPT_KPIS and result["receipts"] is not None:
            entry["behind"] = _behind(code, result["receipts"])
            again = recomputed.get(code)
            entry["recomputed"] = (
                float(again.value.quantize(scoring.VALUE_PLACES)) if again else None
            )
        elif code in EXPLAINERS:
            entry["behind"] = {"records": EXPLAINERS[code](scorecard.supplier_id, scorecard.period)}
        result["kpis"][code] = entry
    receipt_entries = [
        e for c, e in result["kpis"].items() if c in RECEIPT_KPIS and "recomputed" in e
    ]
    if receipt_entries:
        result["matches_stored"] = all(e["recomputed"] == e["value"] for e in receipt_entries)
    return result


def _behind(code: str, lines: list[dict]) -> dict:
    """For one receipt KPI: the counts and the lines that pulled it away from perfect."""
    if code == "otif":
        failed = [line["id"] for line in lines if line["late"] or line["short"]]
        return {
            "lines": len(lines),
            "on_time_in_full": len(lines) - len(failed),
            "late": sum(line["late"] for line in lines),
            "short": sum(line["short"] for line in lines),
            "failed_lines": failed,
        }
    if code == "defect_rate":
        return {
            "received_qty": sum(line["received_qty"] for line in lines),
            "defective_qty": sum(line["defective_qty"] for line in lines),
            "defective_lines": [line["id"] for line in lines if line["defective_qty"] > 0],
        }
    if code == "rejection_rate":
        return {
            "received_qty": sum(line["received_qty"] for line in lines),
            "rejected_qty": sum(line["rejected_qty"] for line in lines),
            "rejected_lines": [line["id"] for line in lines if line["rejected_qty"] > 0],
        }
    if code == "lead_time_var":
        spread = Counter(line["days_late"] for line in lines)
        return {
            "delay_days": {str(k): v for k, v in sorted(spread.items())},
            "late_lines": [line["id"] for line in lines if line["late"]],
        }
    priced = [line for line in lines if line["agreed_unit_price"] is not None]
    return {
        "priced_lines": len(priced),
        "unpriced_lines": len(lines) - len(priced),
        "off_price_lines": [line["id"] for line in priced if line["price_variance_pct"]],
    }
