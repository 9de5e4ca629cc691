from srm.core.navigation import MenuItem, SupplierTab, register_menu, register_supplier_tabs

register_menu(
    MenuItem("Suppliers", "Suppliers", "suppliers:supplier_list", "suppliers.Supplier", order=10),
    MenuItem("Suppliers", "Contracts", "suppliers:contract_list", "suppliers.Contract", order=20),
    MenuItem("Suppliers", "Receipts", "suppliers:receipt_list", "suppliers.Receipt", order=30),
    MenuItem("Suppliers", "Items", "suppliers:item_list", "suppliers.Item", order=40),
    MenuItem(
        "Suppliers", "Contacts", "suppliers:contact_list", "suppliers.SupplierContact", order=50
    ),
    MenuItem(
        "Data", "Imports", "suppliers:import", "suppliers.ImportBatch", action="add", order=10
    ),
)
register_supplier_tabs(
    SupplierTab("overview", "Overview", "suppliers:supplier_detail", "suppliers.Supplier", order=0),
    SupplierTab(
        "receipts", "Receipts", "suppliers:supplier_receipts", "suppliers.Receipt", order=20
    ),
    SupplierTab(
        "contacts",
        "Relationship map",
        "suppliers:supplier_contacts",
        "suppliers.SupplierContact",
        order=15,
    ),
)
