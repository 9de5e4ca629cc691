from .base import IMPORTERS, ImportResult, RowError, import_records, import_run, register
from .contract_prices import ContractPriceImporter
from .receipts import ReceiptImporter
from .suppliers import SupplierImporter

register(SupplierImporter())
register(ReceiptImporter())
register(ContractPriceImporter())

__all__ = ["IMPORTERS", "ImportResult", "RowError", "import_records", "import_run", "register"]
