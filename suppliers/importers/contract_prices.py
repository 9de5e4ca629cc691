"""Contract prices import (SPEC §9): ``contract_number, item_code, unit_price, currency,
valid_from, valid_to?``. Price lines of draft contracts only (an active contract's prices
change by decision); a line with the same contract, item and start as a stored one
replaces it; lines of one item on one contract never overlap, in the file or with the
stored ones, and the error names the clashing line. An unknown item code is a row error."""

from __future__ import annotations

from decimal import Decimal

from srm.core import permissions

from ..contract_services import price_line_save
from ..contract_terms import overlaps
from ..models import Contract, ContractPrice, ImportBatch, Item
from .base import Applied, Column, Importer, Row, RowError, code, decimal, iso_date


def currency(raw) -> str:
    value = str(raw).strip().upper()
    if len(value) != 3 or not value.isalpha() or not value.isascii():
        raise ValueError(f"'{raw}' is not a three-letter currency code")
    return value


class ContractPriceImporter(Importer):
    kind = "contract_prices"
    label = "Contract prices"
    columns = (
        Column("contract_number", code(40)),
        Column("item_code", code(64)),
        Column("unit_price", decimal(minimum=Decimal(0), maximum=Decimal("9999999999"), places=4)),
        Column("currency", currency),
        Column("valid_from", iso_date),
        Column("valid_to", iso_date, required=False, default=None),
    )
    required_permissions = ((ContractPrice, "add"), (ContractPrice, "change"))

    def parse_row(self, line, raw):
        values, errors = super().parse_row(line, raw)
        start, end = values.get("valid_from"), values.get("valid_to")
        if start and end and end < start:
            errors.append(RowError(line, "valid_to", "is before valid_from"))
        return values, errors

    def check(self, rows: list[Row], user) -> list[RowError]:
        errors: list[RowError] = []
        numbers = {r.values["contract_number"] for r in rows}
        contracts = {
            c.number: c
            for c in permissions.restrict(Contract.objects.filter(number__in=numbers), user)
        }
        items = set(
            Item.objects.filter(code__in={r.values["item_code"] for r in rows}).values_list(
                "code", flat=True
            )
        )
        stored: dict[tuple, list[ContractPrice]] = {}
        for line in ContractPrice.objects.filter(contract__number__in=numbers).select_related(
            "item", "contract"
        ):
            stored.setdefault((line.contract.number, line.item.code), []).append(line)
        in_file: dict[tuple, list[Row]] = {}
        for row in rows:
            v = row.values
            contract = contracts.get(v["contract_number"])
            if contract is None:
                errors.append(
                    RowError(row.line, "contract_number", f"no contract '{v['contract_number']}'")
                )
                continue
            if not permissions.can_supplier(user, ContractPrice, "add", contract.supplier_id):
                errors.append(
                    RowError(
                        row.line,
                        "contract_number",
                        f"contract '{contract.number}' is outside your categories",
                    )
                )
                continue
            if not contract.is_draft:
                errors.append(
                    RowError(
                        row.line,
                        "contract_number",
                        f"contract '{contract.number}' is {contract.status}: its prices change "
                        "only by a decision request",
                    )
                )
                continue
            if v["item_code"] not in items:
                errors.append(RowError(row.line, "item_code", f"no item '{v['item_code']}'"))
                continue
            if not contract.start_date <= v["valid_from"] <= contract.end_date or (
                v["valid_to"] and v["valid_to"] > contract.end_date
            ):
                errors.append(
                    RowError(
                        row.line,
                        "valid_from",
                        f"outside the contract's term {contract.start_date}–{contract.end_date}",
                    )
                )
                continue
            key = (contract.number, v["item_code"])
            for line in stored.get(key, []):
                if line.effective_from != v["valid_from"] and overlaps(
                    v["valid_from"], v["valid_to"], line.effective_from, line.valid_to
                ):
                    errors.append(
                        RowError(row.line, "valid_from", f"overlaps stored line {line.label()}")
                    )
            for other in in_file.get(key, []):
                o = other.values
                if overlaps(v["valid_from"], v["valid_to"], o["valid_from"], o["valid_to"]):
                    errors.append(
                        RowError(row.line, "valid_from", f"overlaps line {other.line} of the file")
                    )
            in_file.setdefault(key, []).append(row)
        return errors

    def apply(self, rows: list[Row], user, batch: ImportBatch) -> Applied:
        numbers = {r.values["contract_number"] for r in rows}
        contracts = {c.number: c for c in Contract.objects.filter(number__in=numbers)}
        items = {
            i.code: i for i in Item.objects.filter(code__in={r.values["item_code"] for r in rows})
        }
        stored = {
            (p.contract_id, p.item_id, p.effective_from): p
            for p in ContractPrice.objects.filter(contract__in=contracts.values())
        }
        created = updated = unchanged = 0
        # Replaced lines first, so a moved end never clashes with a line saved before it.
        for row in sorted(rows, key=lambda r: r.values["valid_from"]):
            v = row.values
            contract, item = contracts[v["contract_number"]], items[v["item_code"]]
            existing = stored.get((contract.pk, item.pk, v["valid_from"]))
            if existing is not None and (
                existing.unit_price == v["unit_price"]
                and existing.currency == v["currency"]
                and existing.valid_to == v["valid_to"]
            ):
                unchanged += 1
                continue
            price_line_save(
                actor=user,
                contract=contract,
                item=item,
                unit_price=v["unit_price"],
                currency=v["currency"],
                valid_from=v["valid_from"],
                valid_to=v["valid_to"],
                line=existing,
            )
            if existing is None:
                created += 1
            else:
                updated += 1
        return Applied(created, updated, unchanged)
