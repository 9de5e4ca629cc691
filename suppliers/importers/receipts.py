"""Receipts import (SPEC §9). A re-imported (supplier_code, po_number, po_line) replaces
the earlier row; importing the same file twice changes nothing."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from srm.audit.services import audit_record, snapshot
from srm.core import permissions

from ..freshness import scores_stale
from ..models import Contract, ImportBatch, Item, Receipt, Supplier
from ..services import receipts_reprice
from .base import (
    Applied,
    Column,
    Importer,
    Row,
    RowError,
    code,
    decimal,
    integer,
    iso_date,
    text,
    unknown_item_errors,
)

QTY_MAX = Decimal("99999999999")
PRICE_MAX = Decimal("9999999999")
# Fields compared to decide whether a re-imported line changed anything.
COMPARED = (
    "item_id",
    "contract_id",
    "order_date",
    "promised_date",
    "received_date",
    "ordered_qty",
    "received_qty",
    "rejected_qty",
    "defective_qty",
    "unit_price",
    "agreed_unit_price",
)


def _qty(**kw):
    return decimal(minimum=Decimal(0), maximum=QTY_MAX, places=3, **kw)


class ReceiptImporter(Importer):
    kind = "receipts"
    label = "Receipts (received purchase-order lines)"
    columns = (
        Column("supplier_code", code(32)),
        Column("po_number", text(40)),
        Column("po_line", integer(minimum=1, maximum=2_000_000_000)),
        Column("item_code", code(64)),
        Column("order_date", iso_date),
        Column("promised_date", iso_date),
        Column("received_date", iso_date),
        Column("ordered_qty", _qty(strictly_positive=True)),
        Column("received_qty", _qty()),
        Column("rejected_qty", _qty(), required=False, default=Decimal(0)),
        Column("defective_qty", _qty(), required=False, default=Decimal(0)),
        Column("unit_price", decimal(minimum=Decimal(0), maximum=PRICE_MAX, places=4)),
        Column(
            "agreed_unit_price",
            decimal(minimum=Decimal(0), maximum=PRICE_MAX, places=4),
            required=False,
        ),
    )
    required_permissions = ((Receipt, "add"), (Receipt, "change"))

    def parse_row(self, line, raw):
        values, errors = super().parse_row(line, raw)
        failed = {e.column for e in errors}

        def parsed(*columns):
            return all(values.get(c) is not None and c not in failed for c in columns)

        if parsed("received_date", "order_date") and values["received_date"] < values["order_date"]:
            errors.append(RowError(line, "received_date", "is before the order date"))
        if parsed("promised_date", "order_date") and values["promised_date"] < values["order_date"]:
            errors.append(RowError(line, "promised_date", "is before the order date"))
        for column in ("rejected_qty", "defective_qty"):
            if parsed(column, "received_qty") and values[column] > values["received_qty"]:
                errors.append(
                    RowError(
                        line,
                        column,
                        f"{values[column]} is more than the received quantity "
                        f"{values['received_qty']}",
                    )
                )
        return values, errors

    def check(self, rows: list[Row], user) -> list[RowError]:
        errors: list[RowError] = []
        seen: dict[tuple, int] = {}
        for row in rows:
            key = (row.values["supplier_code"], row.values["po_number"], row.values["po_line"])
            if key in seen:
                errors.append(
                    RowError(row.line, "po_line", f"same supplier, PO and line as line {seen[key]}")
                )
            else:
                seen[key] = row.line
        codes = {r.values["supplier_code"] for r in rows}
        known = dict(Supplier.objects.filter(code__in=codes).values_list("code", "pk"))
        reach = permissions.supplier_scope(user, Receipt, "add")
        allowed = (
            None
            if reach is None
            else set(
                Supplier.objects.filter(pk__in=reach, code__in=codes).values_list("code", flat=True)
            )
        )
        for row in rows:
            supplier_code = row.values["supplier_code"]
            if supplier_code not in known:
                errors.append(
                    RowError(row.line, "supplier_code", f"no supplier with code '{supplier_code}'")
                )
            elif allowed is not None and supplier_code not in allowed:
                errors.append(
                    RowError(
                        row.line,
                        "supplier_code",
                        f"supplier '{supplier_code}' is outside your categories",
                    )
                )
        errors.extend(unknown_item_errors(rows))
        return errors

    def apply(self, rows: list[Row], user, batch: ImportBatch) -> Applied:
        codes = {r.values["supplier_code"] for r in rows}
        supplier_ids = dict(Supplier.objects.filter(code__in=codes).values_list("code", "pk"))
        item_ids = dict(
            Item.objects.filter(code__in={r.values["item_code"] for r in rows}).values_list(
                "code", "pk"
            )
        )
        contracts = self._contracts(set(supplier_ids.values()))

        incoming: dict[tuple, Receipt] = {}
        for row in rows:
            v = row.values
            supplier_id = supplier_ids[v["supplier_code"]]
            receipt = Receipt(
                supplier_id=supplier_id,
                po_number=v["po_number"],
                po_line=v["po_line"],
                item_id=item_ids[v["item_code"]],
                contract_id=_contract_on(contracts[supplier_id], v["order_date"]),
                order_date=v["order_date"],
                promised_date=v["promised_date"],
                received_date=v["received_date"],
                ordered_qty=v["ordered_qty"],
                received_qty=v["received_qty"],
                rejected_qty=v["rejected_qty"],
                defective_qty=v["defective_qty"],
                unit_price=v["unit_price"],
                agreed_unit_price=v["agreed_unit_price"],
                import_batch=batch,
            )
            incoming[(supplier_id, receipt.po_number, receipt.po_line)] = receipt

        existing = self._existing(incoming.keys())
        to_create, to_update, unchanged = [], [], 0
        for key, receipt in incoming.items():
            current = existing.get(key)
            if current is None:
                to_create.append(receipt)
                continue
            if all(getattr(current, f) == getattr(receipt, f) for f in COMPARED):
                unchanged += 1
                continue
            before = snapshot(current)
            for f in COMPARED:
                setattr(current, f, getattr(receipt, f))
            current.import_batch = batch
            to_update.append((current, before))

        Receipt.objects.bulk_create(to_create, batch_size=2000)
        if to_update:
            Receipt.objects.bulk_update(
                [r for r, _ in to_update],
                [*COMPARED, "import_batch", "updated_at"],
                batch_size=2000,
            )
            for receipt, before in to_update:
                after = snapshot(receipt)
                changed = [k for k in after if after[k] != before.get(k) and k != "import_batch_id"]
                audit_record(
                    actor=user,
                    action="import:replace",
                    instance=receipt,
                    before={k: before[k] for k in changed},
                    after={k: after[k] for k in changed},
                )
        receipts_reprice(receipts=Receipt.objects.filter(import_batch=batch))
        # The months the receipts now sit in and, for a replaced line, the one it left.
        scores_stale(
            {(r.supplier_id, r.received_date) for r in to_create}
            | {(r.supplier_id, r.received_date) for r, _ in to_update}
            | {(r.supplier_id, before["received_date"]) for r, before in to_update}
        )
        return Applied(len(to_create), len(to_update), unchanged)

    @staticmethod
    def _contracts(supplier_ids: set[int]) -> dict[int, list[tuple]]:
        by_supplier: dict[int, list[tuple]] = defaultdict(list)
        for supplier_id, pk, start, end in (
            Contract.objects.filter(supplier_id__in=supplier_ids)
            .exclude(status="draft")
            .values_list("supplier_id", "pk", "start_date", "end_date")
        ):
            by_supplier[supplier_id].append((start, end, pk))
        for contracts in by_supplier.values():
            contracts.sort(reverse=True)
        return by_supplier

    @staticmethod
    def _existing(keys) -> dict[tuple, Receipt]:
        """The stored receipts with these keys, fetched in chunks of PO numbers."""
        keys = set(keys)
        supplier_ids = {k[0] for k in keys}
        po_numbers = sorted({k[1] for k in keys})
        found = {}
        for start in range(0, len(po_numbers), 500):
            for receipt in Receipt.objects.filter(
                supplier_id__in=supplier_ids, po_number__in=po_numbers[start : start + 500]
            ):
                key = (receipt.supplier_id, receipt.po_number, receipt.po_line)
                if key in keys:
                    found[key] = receipt
        return found


def _contract_on(contracts: list[tuple], order_date) -> int | None:
    """The contract in force on the order date: the latest-starting one that covers it."""
    for start, end, pk in contracts:
        if start <= order_date <= end:
            return pk
    return None
