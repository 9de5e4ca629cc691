from .base import IMPORTERS, ImportResult, RowError, import_records, import_run, register
from .contacts import ContactImporter
from .items import ItemImporter
from .receipts import ReceiptImporter
from .suppliers import SupplierImporter

register(SupplierImporter())
register(ReceiptImporter())
register(ItemImporter())
register(ContactImporter())

__all__ = ["IMPORTERS", "ImportResult", "RowError", "import_records", "import_run", "register"]
