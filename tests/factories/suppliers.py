"""Rows of the suppliers domain: categories, suppliers, items, contracts, receipts."""

from datetime import date, timedelta
from decimal import Decimal

import factory

from suppliers.models import (
    Category,
    Certificate,
    Contract,
    ContractPrice,
    Item,
    Receipt,
    ServiceLevel,
    Supplier,
)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cat-{n}")
    name = factory.LazyAttribute(lambda c: f"Category {c.code}")


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"S{n:04d}")
    name = factory.Sequence(lambda n: f"Supplier {n}")
    country = "SE"
    region = "EMEA"
    tier = 2
    status = "approved"
    expected_annual_spend = Decimal("100000")

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create:
            self.categories.set(extracted if extracted is not None else [CategoryFactory()])


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ITEM-{n}")
    name = factory.LazyAttribute(lambda i: f"Item {i.code}")


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    number = factory.Sequence(lambda n: f"C-{n:05d}")
    supplier = factory.SubFactory(SupplierFactory)
    title = "Framework agreement"
    status = "active"
    start_date = date(2024, 1, 1)
    end_date = date(2027, 12, 31)


class ContractPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractPrice

    contract = factory.SubFactory(ContractFactory)
    item = factory.SubFactory(ItemFactory)
    unit_price = Decimal("10.00")
    effective_from = date(2024, 1, 1)


class ServiceLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceLevel

    contract = factory.SubFactory(ContractFactory)
    metric = "otif"
    target = Decimal("95")
    effective_from = date(2024, 1, 1)


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    supplier = factory.SubFactory(SupplierFactory)
    kind = "iso9001"
    reference = factory.Sequence(lambda n: f"ISO-{n}")
    expires_on = factory.LazyFunction(lambda: date.today() + timedelta(days=365))


class ReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Receipt

    supplier = factory.SubFactory(SupplierFactory)
    po_number = factory.Sequence(lambda n: f"PO-{n:06d}")
    po_line = 1
    item = factory.SubFactory(ItemFactory)
    order_date = date(2026, 1, 5)
    promised_date = date(2026, 2, 1)
    received_date = date(2026, 2, 1)
    ordered_qty = Decimal("100")
    received_qty = Decimal("100")
    rejected_qty = Decimal("0")
    defective_qty = Decimal("0")
    unit_price = Decimal("10.00")
    agreed_unit_price = Decimal("10.00")
