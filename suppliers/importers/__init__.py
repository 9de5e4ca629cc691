from .base import IMPORTERS, ImportResult, RowError, import_records, import_run, register
from .receipts import ReceiptImporter
from .suppliers import SupplierImporter

register(SupplierImporter())
register(ReceiptImporter())

__all__ = ["IMPORTERS", "ImportResult", "RowError", "import_records", "import_run", "register"]
