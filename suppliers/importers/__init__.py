from .base import IMPORTERS, ImportResult, RowError, import_records, import_run, register
from .contacts import ContactImporter
from .contract_prices import ContractPriceImporter
from .items import ItemImporter
from .receipts import ReceiptImporter
from .suppliers import SupplierImporter

register(SupplierImporter())
register(ReceiptImporter())
register(ContractPriceImporter())
register(ItemImporter())
register(ContactImporter())

__all__ = ["IMPORTERS", "ImportResult", "RowError", "import_records", "import_run", "register"]
