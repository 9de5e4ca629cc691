"""The supplier export of ``/api/suppliers/?format=csv|xlsx`` (the page exports its table)."""

from django.utils.translation import gettext_lazy as _

from srm.core.exports import Column, attribute


def _categories(supplier) -> str:
    return ", ".join(c.code for c in supplier.categories.all())


SUPPLIER_EXPORT_COLUMNS = [
    Column("code", _("Code"), attribute("code"), "code"),
    Column("name", _("Name"), attribute("name"), "name"),
    Column("country", _("Country"), lambda s: s.country.code, "country"),
    Column("region", _("Region"), attribute("region"), "region"),
    Column("categories", _("Categories"), _categories, "categories__code"),
    Column("tier", _("Tier"), attribute("tier"), "tier", "integer"),
    Column("status", _("Status"), attribute("status"), "status"),
    # Guarded (``Supplier.field_permissions``): the builder drops it for who may not read it.
    Column(
        "expected_annual_spend",
        _("Expected spend / yr"),
        attribute("expected_annual_spend"),
        "expected_annual_spend",
        "decimal",
    ),
    Column("currency", _("Currency"), attribute("currency"), "currency"),
    Column(
        "relationship_owner",
        _("Relationship owner"),
        attribute("relationship_owner__username"),
        "relationship_owner__username",
    ),
]
