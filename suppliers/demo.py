"""Demo data for the suppliers domain: categories, items, suppliers with quality
profiles, contracts with effective-dated prices and service levels, certificates
(some expiring), receipts with seasonality, late and partial deliveries, and one
user per role.

Bulk inserts keep a 150-supplier, 24-month seed to a few seconds; each bulk step
writes one audit row with its counts.
"""

from __future__ import annotations

import calendar
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import Group

from srm.accounts.models import User
from srm.accounts.roles import RoleCode
from srm.audit.services import AuditSubject, audit_record
from srm.core.actors import SYSTEM
from srm.core.demo import DemoContext
from srm.core.permissions import category_grants_change

from .models import (
    Category,
    Certificate,
    CertificateKind,
    Contract,
    ContractPrice,
    ContractStatus,
    Item,
    Receipt,
    RelationshipOwner,
    ServiceLevel,
    ServiceLevelMetric,
    Supplier,
    SupplierContact,
    SupplierEvent,
    SupplierStatus,
)

DEMO_PASSWORD = "demo-2026"  # noqa: S105 (printed for the demo; never used in production)

CATEGORIES = [
    (
        "electronics",
        "Electronic components",
        ["MCU", "Sensor", "Connector", "PCB", "Capacitor", "Relay"],
    ),
    (
        "machined-parts",
        "Machined metal parts",
        ["Shaft", "Bracket", "Housing", "Flange", "Bushing"],
    ),
    ("plastics", "Plastics and moulding", ["Cover", "Clip", "Gasket", "Knob", "Enclosure"]),
    ("packaging", "Packaging", ["Carton", "Pallet", "Foam insert", "Label roll", "Stretch film"]),
    ("chemicals", "Chemicals and coatings", ["Adhesive", "Primer", "Solvent", "Powder coat"]),
    ("logistics", "Logistics services", ["Pallet shipment", "Express parcel", "Container lane"]),
    ("it-services", "IT services", ["Support hours", "Licence seat", "Cloud capacity"]),
    (
        "mro",
        "MRO and facilities",
        ["Filter", "Bearing", "Safety gloves", "Lubricant", "Cutting tool"],
    ),
]

COUNTRIES = {
    "Americas": ["US", "US", "US", "CA", "MX", "BR"],
    "EMEA": ["DE", "DE", "SE", "NL", "FR", "PL", "GB", "IT", "ES", "CZ", "TR", "FI"],
    "APAC": ["CN", "CN", "JP", "KR", "TW", "VN", "IN", "TH", "MY"],
}
NAME_HEADS = [
    "Nord",
    "Astra",
    "Vega",
    "Kestrel",
    "Polaris",
    "Lumen",
    "Orion",
    "Baltic",
    "Summit",
    "Pioneer",
    "Atlas",
    "Helix",
    "Cobalt",
    "Granite",
    "Meridian",
    "Harbor",
    "Zenith",
    "Falcon",
    "Sakura",
    "Jade",
    "Andes",
    "Sierra",
    "Delta",
    "Aurora",
    "Fjord",
    "Tundra",
]
NAME_TAILS = [
    "Components",
    "Industries",
    "Precision",
    "Manufacturing",
    "Technik",
    "Works",
    "Solutions",
    "Supply",
    "Systems",
    "Fabrication",
    "Group",
    "Partners",
]
SUFFIX = {
    "Americas": ["Inc.", "LLC", "Corp."],
    "EMEA": ["GmbH", "AB", "B.V.", "S.A.", "Ltd", "Oy"],
    "APAC": ["Co., Ltd.", "Pte. Ltd.", "K.K.", "Ltd."],
}


@dataclass(frozen=True)
class Profile:
    """How a supplier delivers: the spread between excellent, average and failing."""

    name: str
    p_late: float
    max_late_days: int
    p_short: float
    defect_rate: float  # mean share of received quantity
    reject_share: float  # share of defective quantity that is rejected
    overcharge: float  # mean relative price above the agreed price
    p_agreed_column: float  # how often the receipt carries the agreed price itself


PROFILES = {
    "excellent": Profile("excellent", 0.02, 2, 0.005, 0.001, 0.5, 0.0, 0.8),
    "good": Profile("good", 0.05, 4, 0.02, 0.003, 0.5, 0.005, 0.7),
    "average": Profile("average", 0.10, 6, 0.04, 0.006, 0.6, 0.01, 0.6),
    "failing": Profile("failing", 0.28, 15, 0.14, 0.025, 0.7, 0.04, 0.5),
}

ROLE_USERS = [
    (RoleCode.EXECUTIVE_SPONSOR, "sponsor", "Eva", "Lind"),
    (RoleCode.STEERING_COMMITTEE, "steering", "Jonas", "Berg"),
    (RoleCode.CATEGORY_MANAGER, "catman", "Carla", "Mendes"),
    (RoleCode.CONTRACT_OWNER, "contracts", "Omar", "Haddad"),
    (RoleCode.OPERATIONS_LEAD, "ops", "Priya", "Nair"),
    (RoleCode.PROCUREMENT_ANALYST, "analyst", "Lukas", "Novak"),
    (RoleCode.FINANCE_APPROVER, "finance", "Fatima", "Zahir"),
    (RoleCode.LEGAL_REVIEWER, "legal", "Henrik", "Dahl"),
    (RoleCode.COLLABORATION_MEMBER, "engineer", "Mei", "Tanaka"),
    (RoleCode.SUPPLIER_COLLABORATOR, "supplier", "Sam", "Okafor"),
    (RoleCode.AUDITOR, "auditor", "Ruth", "Keller"),
]
ROLE_SEES = {
    RoleCode.EXECUTIVE_SPONSOR: "everything; signs off high-impact decisions",
    RoleCode.STEERING_COMMITTEE: "everything; monthly review",
    RoleCode.CATEGORY_MANAGER: "only suppliers of Electronic components and Plastics",
    RoleCode.CONTRACT_OWNER: "management track: contracts, prices, service levels",
    RoleCode.OPERATIONS_LEAD: "receipts, incidents, escalations",
    RoleCode.PROCUREMENT_ANALYST: "all supplier data; imports",
    RoleCode.FINANCE_APPROVER: "management track; signs off price changes",
    RoleCode.LEGAL_REVIEWER: "contracts and certificates",
    RoleCode.COLLABORATION_MEMBER: "collaboration track only, no contract terms",
    RoleCode.SUPPLIER_COLLABORATOR: "its own supplier's collaboration space only",
    RoleCode.AUDITOR: "read-only everything, including the audit trail",
}


def month_start(day: date, back: int) -> date:
    """The first day of the month ``back`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _money(value: float, places: str = "0.0001") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def seed(ctx: DemoContext) -> None:
    users = _seed_users(ctx)
    categories, items_by_category = _seed_categories_and_items(ctx)
    suppliers = _seed_suppliers(ctx, categories, users)
    contracts, supplier_items, price_lists = _seed_contracts(
        ctx, suppliers, items_by_category, users
    )
    _seed_certificates(ctx, suppliers)
    receipt_count = _seed_receipts(ctx, suppliers, contracts, supplier_items, price_lists)
    _seed_contacts(suppliers, users)
    # The demo's category manager manages two categories; the supplier collaborator
    # works for one approved supplier of the first.
    category_grants_change(
        users[RoleCode.CATEGORY_MANAGER],
        grant=[categories[code].pk for code in ("electronics", "plastics")],
    )
    bound = next(
        s
        for s in suppliers
        if s.status == SupplierStatus.APPROVED and categories["electronics"] in s.demo_categories
    )
    collaborator = users[RoleCode.SUPPLIER_COLLABORATOR]
    collaborator.supplier = bound
    collaborator.save(update_fields=["supplier"])
    ctx.shared.update(
        users=users,
        categories=categories,
        suppliers=suppliers,
        contracts=contracts,
        supplier_items=supplier_items,
    )
    ctx.stdout(
        f"  suppliers: {len(suppliers)} suppliers, {len(contracts)} contracts, "
        f"{receipt_count} receipt lines over {ctx.months} months (to {ctx.today})"
    )


def _seed_users(ctx: DemoContext) -> dict:
    users = {}
    admin = User.objects.create_superuser(
        "admin", "admin@example.com", DEMO_PASSWORD, first_name="Ada", last_name="Admin"
    )
    ctx.accounts.append(("admin", DEMO_PASSWORD, "superuser: everything, plus the admin site"))
    for role, username, first, last in ROLE_USERS:
        user = User.objects.create_user(
            username, f"{username}@example.com", DEMO_PASSWORD, first_name=first, last_name=last
        )
        user.groups.add(Group.objects.get(name=role.value))
        users[role] = user
        ctx.accounts.append((username, DEMO_PASSWORD, f"{role.value}: {ROLE_SEES[role]}"))
    users["admin"] = admin
    audit_record(
        actor=SYSTEM,
        action="seed_demo",
        subject=AuditSubject("accounts.user", "*", "demo users"),
        after={"users": sorted(u.username for u in users.values())},
    )
    return users


def _seed_categories_and_items(ctx: DemoContext):
    rng = ctx.rng
    categories, items_by_category = {}, {}
    items = []
    for code, name, item_words in CATEGORIES:
        categories[code] = Category.objects.create(code=code, name=name)
        for index, word in enumerate(item_words):
            for variant in range(2):
                items.append(
                    Item(
                        code=f"{code[:4].upper()}-{index + 1:02d}{variant + 1}",
                        name=f"{word} {'ABCDEFGH'[rng.randrange(8)]}{rng.randrange(10, 99)}",
                        category=categories[code],
                        unit="h" if code == "it-services" else "pcs",
                        is_critical=rng.random() < 0.15,
                    )
                )
    Item.objects.bulk_create(items)
    for item in Item.objects.select_related("category"):
        items_by_category.setdefault(item.category.code, []).append(item)
    audit_record(
        actor=SYSTEM,
        action="seed_demo",
        subject=AuditSubject("suppliers.item", "*", "demo categories and items"),
        after={"categories": len(categories), "items": len(items)},
    )
    return categories, items_by_category


def _seed_suppliers(ctx: DemoContext, categories: dict, users: dict) -> list[Supplier]:
    rng = ctx.rng
    owners = [
        users[RoleCode.CATEGORY_MANAGER],
        users[RoleCode.PROCUREMENT_ANALYST],
        users[RoleCode.CONTRACT_OWNER],
    ]
    suppliers, used_names = [], set()
    category_list = list(categories.values())
    for number in range(1, ctx.supplier_count + 1):
        region = rng.choices(["Americas", "EMEA", "APAC"], weights=[30, 45, 25])[0]
        while True:
            name = f"{rng.choice(NAME_HEADS)} {rng.choice(NAME_TAILS)} {rng.choice(SUFFIX[region])}"
            if name not in used_names:
                used_names.add(name)
                break
        tier = rng.choices([1, 2, 3], weights=[15, 35, 50])[0]
        status = rng.choices(
            [
                SupplierStatus.APPROVED,
                SupplierStatus.ONBOARDING,
                SupplierStatus.PROSPECT,
                SupplierStatus.SUSPENDED,
                SupplierStatus.EXITED,
            ],
            weights=[80, 7, 6, 4, 3],
        )[0]
        profile = rng.choices(
            ["excellent", "good", "average", "failing"], weights=[25, 35, 25, 15]
        )[0]
        spend_base = {1: 2_500_000, 2: 600_000, 3: 120_000}[tier]
        supplier = Supplier(
            code=f"SUP-{number:04d}",
            name=name,
            country=rng.choice(COUNTRIES[region]),
            region=region,
            tier=tier,
            status=status,
            expected_annual_spend=_money(spend_base * rng.uniform(0.3, 1.8), "1"),
            relationship_owner=rng.choice(owners),
            # The description is shown to the supplier's own people and to collaboration
            # members: no word on how it performs (that is the management track's).
            description="Demo supplier.",
        )
        supplier.demo_profile = PROFILES[profile]
        # Drift: some improve over the two years, some slide.
        supplier.demo_drift = rng.choice([-1, 0, 0, 0, 1])
        primary = rng.choice(category_list)
        second = rng.choice(category_list) if rng.random() < 0.25 else primary
        supplier.demo_categories = list(dict.fromkeys([primary, second]))
        suppliers.append(supplier)
    Supplier.objects.bulk_create(suppliers)
    through = Supplier.categories.through
    through.objects.bulk_create(
        [
            through(supplier_id=s.pk, category_id=c.pk)
            for s in suppliers
            for c in {c.pk: c for c in s.demo_categories}.values()
        ]
    )
    SupplierEvent.objects.bulk_create(
        [
            SupplierEvent(
                supplier=s,
                kind=SupplierEvent.Kind.STATUS,
                title=f"Registered as {s.status}",
                occurred_at=_aware(month_start(ctx.today, ctx.months)),
            )
            for s in suppliers
        ]
    )
    audit_record(
        actor=SYSTEM,
        action="seed_demo",
        subject=AuditSubject("suppliers.supplier", "*", "demo suppliers"),
        after={"suppliers": len(suppliers)},
    )
    return suppliers


def _aware(day: date):
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _seed_contracts(ctx, suppliers, items_by_category, users):
    rng, today = ctx.rng, ctx.today
    contracts, prices, levels = [], [], []
    supplier_items: dict[int, list[tuple[Item, float]]] = {}
    owners = [users[RoleCode.CONTRACT_OWNER], users[RoleCode.CATEGORY_MANAGER]]
    history_start = month_start(today, ctx.months)
    for supplier in suppliers:
        if supplier.status in (SupplierStatus.PROSPECT, SupplierStatus.ONBOARDING):
            continue
        codes = dict.fromkeys(c.code for c in supplier.demo_categories)
        pool = [i for code in codes for i in items_by_category[code]]
        chosen = rng.sample(pool, k=min(len(pool), rng.randint(3, 7)))
        base_prices = [(item, round(rng.uniform(0.8, 400.0), 2)) for item in chosen]
        supplier_items[supplier.pk] = base_prices
        start = history_start - timedelta(days=rng.randint(30, 400))
        # Term ends somewhere from 2 months ago to 2 years ahead; a few renew within 90 days.
        end = today + timedelta(days=rng.randint(-60, 730))
        # A lapsed contract is followed by a renewal (below).
        status = ContractStatus.EXPIRED if end < today else ContractStatus.ACTIVE
        if supplier.status == SupplierStatus.EXITED:
            end, status = min(end, today - timedelta(days=30)), ContractStatus.TERMINATED
        contract = Contract(
            number=f"C-{supplier.code[4:]}-{start.year}",
            supplier=supplier,
            title=f"{supplier.demo_categories[0].name} framework agreement",
            status=status,
            start_date=start,
            end_date=max(end, start + timedelta(days=30)),
            notice_period_days=rng.choice([30, 60, 90, 90, 180]),
            renewal_date=end - timedelta(days=rng.choice([0, 0, 30]))
            if status == "active"
            else None,
            auto_renew=rng.random() < 0.4,
            currency="USD" if supplier.region == "Americas" else "EUR",
            owner=rng.choice(owners),
            negotiation_notes=(
                f"Walk-away price {rng.randint(3, 9)}% below list; volume rebate above "
                f"{rng.randint(2, 9) * 100}k."
                if rng.random() < 0.6
                else ""
            ),
        )
        contracts.append(contract)
        if status == ContractStatus.EXPIRED:
            # A renewal contract continues from the lapsed one's end.
            renewal = Contract(
                number=f"C-{supplier.code[4:]}-{end.year}R",
                supplier=supplier,
                title=contract.title + " (renewal)",
                status=ContractStatus.ACTIVE,
                start_date=end + timedelta(days=1),
                end_date=end + timedelta(days=rng.randint(365, 1095)),
                notice_period_days=90,
                renewal_date=None,
                currency=contract.currency,
                owner=contract.owner,
            )
            contracts.append(renewal)
    Contract.objects.bulk_create(contracts)
    by_supplier: dict[int, list[Contract]] = {}
    for contract in contracts:
        by_supplier.setdefault(contract.supplier_id, []).append(contract)
    price_change_day = month_start(today, 11)
    # (contract pk, item pk) -> [(effective_from, price)], oldest first
    price_lists: dict[tuple[int, int], list[tuple[date, float]]] = {}
    for supplier_id, supplier_contracts in by_supplier.items():
        for contract in supplier_contracts:
            for item, base in supplier_items[supplier_id]:
                history = [(contract.start_date, base)]
                if contract.start_date < price_change_day <= contract.end_date:
                    # The yearly price review: most prices move a few percent.
                    history.append((price_change_day, base * (1 + rng.uniform(-0.04, 0.06))))
                price_lists[(contract.pk, item.pk)] = history
                prices.extend(
                    ContractPrice(
                        contract=contract,
                        item=item,
                        unit_price=_money(price),
                        currency=contract.currency,
                        effective_from=day,
                        # A line runs until the next one of the item starts.
                        valid_to=history[n + 1][0] - timedelta(days=1)
                        if n + 1 < len(history)
                        else None,
                    )
                    for n, (day, price) in enumerate(history)
                )
            levels.extend(
                [
                    ServiceLevel(
                        contract=contract,
                        metric=ServiceLevelMetric.OTIF,
                        target=Decimal("95"),
                        effective_from=contract.start_date,
                    ),
                    ServiceLevel(
                        contract=contract,
                        metric=ServiceLevelMetric.RESPONSE_HOURS,
                        target=Decimal("48"),
                        effective_from=contract.start_date,
                    ),
                    ServiceLevel(
                        contract=contract,
                        metric=ServiceLevelMetric.RECOVERY_HOURS,
                        target=Decimal(rng.choice([24, 48, 72, 120])),
                        effective_from=contract.start_date,
                    ),
                ]
            )
    ContractPrice.objects.bulk_create(prices, batch_size=2000)
    ServiceLevel.objects.bulk_create(levels, batch_size=2000)
    audit_record(
        actor=SYSTEM,
        action="seed_demo",
        subject=AuditSubject("suppliers.contract", "*", "demo contracts"),
        after={"contracts": len(contracts), "prices": len(prices), "service_levels": len(levels)},
    )
    return by_supplier, supplier_items, price_lists


def _seed_certificates(ctx, suppliers):
    rng, today = ctx.rng, ctx.today
    certificates = []
    for supplier in suppliers:
        if supplier.status == SupplierStatus.PROSPECT:
            continue
        kinds = [CertificateKind.ISO_9001]
        if rng.random() < 0.4:
            kinds.append(CertificateKind.ISO_14001)
        if rng.random() < 0.6:
            kinds.append(CertificateKind.INSURANCE)
        if supplier.tier == 1:
            kinds.append(CertificateKind.AUDIT)
        for kind in kinds:
            # About one in eight is expired or expires within 60 days.
            roll = rng.random()
            if roll < 0.04:
                expires = today - timedelta(days=rng.randint(1, 90))
            elif roll < 0.13:
                expires = today + timedelta(days=rng.randint(0, 60))
            else:
                expires = today + timedelta(days=rng.randint(61, 1000))
            certificates.append(
                Certificate(
                    supplier=supplier,
                    kind=kind,
                    reference=f"{kind.upper()}-{rng.randint(10000, 99999)}",
                    issuer=rng.choice(
                        ["DNV", "TÜV SÜD", "Bureau Veritas", "SGS", "Lloyd's Register"]
                    )
                    if kind != CertificateKind.INSURANCE
                    else rng.choice(["Allianz", "Zurich", "AIG"]),
                    issued_on=expires - timedelta(days=365 * 3),
                    expires_on=expires,
                )
            )
    Certificate.objects.bulk_create(certificates)
    audit_record(
        actor=SYSTEM,
        action="seed_demo",
        subject=AuditSubject("suppliers.certificate", "*", "demo certificates"),
        after={"certificates": len(certificates)},
    )


def _seasonality(month: int) -> float:
    """Volume by calendar month: a spring peak, a summer dip and a December lull."""
    base = 1 + 0.2 * math.sin(2 * math.pi * (month - 2) / 12)
    if month in (7, 8):
        base *= 0.8
    if month == 12:
        base *= 0.75
    return base


def _seed_receipts(ctx, suppliers, contracts_by_supplier, supplier_items, price_lists) -> int:
    rng, today = ctx.rng, ctx.today
    receipts = []
    for supplier in suppliers:
        if supplier.pk not in supplier_items or supplier.status == SupplierStatus.EXITED:
            continue
        contracts = sorted(contracts_by_supplier[supplier.pk], key=lambda c: c.start_date)
        profile = supplier.demo_profile
        lines_per_month = {1: 30, 2: 14, 3: 6}[supplier.tier]
        po_counter = 0
        for back in range(ctx.months - 1, -1, -1):
            first = month_start(today, back)
            last_day = calendar.monthrange(first.year, first.month)[1]
            last = min(date(first.year, first.month, last_day), today)
            if last < first:
                continue
            # Progress through the history, 0 → 1, for suppliers that drift.
            progress = 1 - back / max(ctx.months - 1, 1)
            drift = 1 + supplier.demo_drift * (progress - 0.5) * -1.2
            quality = max(0.2, drift)
            span = (last - first).days + 1
            expected = lines_per_month * _seasonality(first.month) * span / last_day
            count = max(0, int(rng.gauss(expected, math.sqrt(expected)) + 0.5))
            if supplier.status == SupplierStatus.SUSPENDED and back < 3:
                count = 0
            for _ in range(count):
                item, base_price = rng.choice(supplier_items[supplier.pk])
                received = first + timedelta(days=rng.randrange(span))
                late = rng.random() < min(0.9, profile.p_late * quality)
                delay = rng.randint(1, profile.max_late_days) if late else -rng.randint(0, 3)
                promised = received - timedelta(days=delay)
                order = promised - timedelta(days=rng.randint(10, 45))
                ordered = Decimal(rng.choice([50, 100, 200, 250, 500, 1000, 2000]))
                if rng.random() < min(0.9, profile.p_short * quality):
                    received_qty = (ordered * Decimal(str(rng.uniform(0.6, 0.97)))).quantize(
                        Decimal(1)
                    )
                else:
                    received_qty = ordered
                defect_share = max(
                    0.0, rng.gauss(profile.defect_rate * quality, profile.defect_rate * quality / 2)
                )
                defective = min(received_qty, Decimal(int(float(received_qty) * defect_share)))
                rejected = (defective * Decimal(str(profile.reject_share))).quantize(Decimal(1))
                contract = next(
                    (c for c in reversed(contracts) if c.start_date <= order <= c.end_date), None
                )
                agreed = _price_on(price_lists, contract, item, order, base_price)
                paid = agreed * (1 + max(0.0, rng.gauss(profile.overcharge * quality, 0.01)))
                po_counter += 1
                receipts.append(
                    Receipt(
                        supplier=supplier,
                        po_number=f"PO-{supplier.code[4:]}-{po_counter:05d}",
                        po_line=rng.randint(1, 4),
                        item=item,
                        contract=contract,
                        order_date=order,
                        promised_date=promised,
                        received_date=received,
                        ordered_qty=ordered,
                        received_qty=received_qty,
                        rejected_qty=rejected,
                        defective_qty=defective,
                        unit_price=_money(paid),
                        contract_unit_price=_money(agreed) if contract else None,
                        agreed_unit_price=_money(agreed)
                        if contract and rng.random() < profile.p_agreed_column
                        else None,
                    )
                )
    Receipt.objects.bulk_create(receipts, batch_size=5000)
    audit_record(
        actor=SYSTEM,
        action="seed_demo",
        subject=AuditSubject("suppliers.receipt", "*", "demo receipts"),
        after={"receipts": len(receipts)},
    )
    return len(receipts)


def _price_on(price_lists, contract, item, order: date, fallback: float) -> float:
    """The contract price in force on the order date (the latest effective on or before it)."""
    if contract is None:
        return fallback
    in_force = fallback
    for effective_from, price in price_lists.get((contract.pk, item.pk), []):
        if effective_from <= order:
            in_force = price
    return in_force


CONTACT_FIRST = ["Anna", "Ben", "Chen", "Dara", "Emil", "Fatima", "Goran", "Hana", "Ivo", "Jun"]
CONTACT_LAST = ["Berg", "Costa", "Dahl", "Ek", "Fujita", "Garcia", "Holm", "Ito", "Jensen", "Kim"]


def _seed_contacts(suppliers, users) -> None:
    """Two people per supplier (a key account manager on the management track, an
    engineer on the collaboration track, both primary) and our owners of each track. A
    random generator of its own, so the receipts and scores of the demo stay as they were."""
    rng = random.Random(len(suppliers))
    contacts, owners = [], []
    member = users[RoleCode.COLLABORATION_MEMBER]
    for supplier in suppliers:
        domain = f"{supplier.code.lower()}.example.com"
        for works_on, function in (
            ("management", "Key account manager"),
            ("collaboration", "Engineering lead"),
        ):
            first, last = rng.choice(CONTACT_FIRST), rng.choice(CONTACT_LAST)
            contacts.append(
                SupplierContact(
                    supplier=supplier,
                    name=f"{first} {last}",
                    function=function,
                    email=f"{first}.{last}.{works_on[:4]}@{domain}".lower(),
                    phone=f"+46 8 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                    works_on=works_on,
                    is_primary=True,
                )
            )
        if supplier.relationship_owner_id:
            owners.append(
                RelationshipOwner(
                    supplier=supplier, user_id=supplier.relationship_owner_id, works_on="management"
                )
            )
        owners.append(RelationshipOwner(supplier=supplier, user=member, works_on="collaboration"))
    SupplierContact.objects.bulk_create(contacts)
    RelationshipOwner.objects.bulk_create(owners)
    audit_record(
        actor=SYSTEM,
        action="seed_demo",
        subject=AuditSubject("suppliers.suppliercontact", "*", "demo contacts"),
        after={"contacts": len(contacts), "relationship_owners": len(owners)},
    )
