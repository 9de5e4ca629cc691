"""seed_demo: deterministic, realistic spread, one user per role."""

import hashlib
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q

from srm.accounts.models import User
from srm.accounts.roles import RoleCode
from srm.audit.services import audit_chain_verify
from suppliers.models import Category, Certificate, Contract, ContractPrice, Receipt, Supplier

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 21)


def fingerprint() -> str:
    rows = [
        *Supplier.objects.order_by("code").values_list(
            "code", "name", "country", "region", "tier", "status", "expected_annual_spend"
        ),
        *Receipt.objects.order_by("supplier__code", "po_number", "po_line").values_list(
            "supplier__code",
            "po_number",
            "po_line",
            "item__code",
            "order_date",
            "promised_date",
            "received_date",
            "ordered_qty",
            "received_qty",
            "defective_qty",
            "unit_price",
            "agreed_unit_price",
        ),
        *ContractPrice.objects.order_by(
            "contract__number", "item__code", "effective_from"
        ).values_list("contract__number", "item__code", "unit_price", "effective_from"),
        *Certificate.objects.order_by("reference").values_list("reference", "expires_on"),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def seed_and_fingerprint(**options) -> str:
    with transaction.atomic():
        call_command("seed_demo", today=TODAY, **options, stdout=io.StringIO())
        digest = fingerprint()
        transaction.set_rollback(True)
    return digest


def test_same_arguments_give_the_same_data():
    first = seed_and_fingerprint(suppliers=15, months=4, seed=7)
    assert first == seed_and_fingerprint(suppliers=15, months=4, seed=7)
    assert first != seed_and_fingerprint(suppliers=15, months=4, seed=8)


def test_default_shape_is_realistic():
    call_command("seed_demo", today=TODAY, stdout=io.StringIO())
    assert Supplier.objects.count() == 150
    assert set(Supplier.objects.values_list("region", flat=True)) == {"Americas", "EMEA", "APAC"}
    assert Category.objects.count() == 8
    assert {"approved", "onboarding", "prospect", "suspended"} <= set(
        Supplier.objects.values_list("status", flat=True)
    )
    receipts = Receipt.objects.all()
    months = {(d.year, d.month) for d in receipts.values_list("received_date", flat=True)}
    assert len(months) == 24
    late = receipts.filter(received_date__gt=F("promised_date")).count()
    short = receipts.filter(received_qty__lt=F("ordered_qty")).count()
    assert 0.03 < late / receipts.count() < 0.3
    assert 0.01 < short / receipts.count() < 0.2
    assert receipts.filter(defective_qty__gt=0).exists()
    assert receipts.filter(agreed_unit_price__isnull=True).exists()
    # Per-supplier spread: excellent and failing suppliers both exist.
    per_supplier = Supplier.objects.annotate(
        total=Count("receipts"),
        late=Count("receipts", filter=Q(receipts__received_date__gt=F("receipts__promised_date"))),
    ).filter(total__gt=0)
    late_share = {s.code: s.late / s.total for s in per_supplier}
    assert min(late_share.values()) < 0.05 and max(late_share.values()) > 0.25
    assert Contract.objects.filter(status="active").count() > 100
    # Category names keep their capitals in contract titles ("MRO", not "mro").
    assert Contract.objects.filter(title__startswith="MRO and facilities framework").exists()
    assert not Contract.objects.filter(title__contains=" mro ").exists()
    # The shared description said "Failing performer in the demo data." to the supplier.
    assert not Supplier.objects.filter(description__icontains="perform").exists()
    assert (
        ContractPrice.objects.values("contract", "item").distinct().count()
        < ContractPrice.objects.count()
    )
    expiring = Certificate.objects.filter(expires_on__lte=date(2027, 1, 20)).count()
    assert 0 < expiring < Certificate.objects.count() / 4
    usernames = set(User.objects.values_list("username", flat=True))
    assert len(usernames) >= len(RoleCode) + 1
    for role in RoleCode:
        assert User.objects.filter(groups__name=role.value).exists(), role
    assert User.objects.get(username="supplier").supplier is not None
    assert audit_chain_verify().ok
